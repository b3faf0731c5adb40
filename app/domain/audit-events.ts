// The catalogue of audit event names. Every recordAudit call names one of these, so the trail,
// its readers and (later) webhooks share one vocabulary that the compiler checks.
const INVENTORY_ENTITIES = ["supplier", "supplier_contact", "ai_component", "ai_system", "ai_system_dependency"] as const;
const INVENTORY_VERBS = ["create", "update", "delete", "archive", "restore", "import_create", "import_update"] as const;

export type InventoryEntity = (typeof INVENTORY_ENTITIES)[number];

export const AUDIT_EVENTS = [
  ...INVENTORY_ENTITIES.flatMap((e) => INVENTORY_VERBS.map((v) => `${e}.${v}` as const)),
  "auth.sign_in",
  "auth.sign_out",
  "auth.sign_out_everywhere",
  "user.invite",
  "user.role_change",
  "user.create",
  "user.update_from_cli",
  "user.disable",
  "user.enable",
  "user.digest_opt_out",
  "calendar_feed.create",
  "calendar_feed.revoke",
  "template.create",
  "template.import",
  "template.draft_save",
  "template.publish",
  "template.retire",
  "template.new_version",
  "inventory.csv_import",
  "inventory.csv_import_rolled_back",
  "inventory.seed_big",
  "demo.seed",
  "campaign.create",
  "campaign.finish",
  "assessment.issue",
  "assessment.grant",
  "assessment.grant_resend",
  "assessment.grant_revoke",
  "assessment.link_request",
  "assessment.link_exchange",
  "assessment.vendor_sign_out",
  "assessment.submit",
  "assessment.reopen",
  "assessment.close",
  "grant.delegate",
  "evidence.upload",
  "evidence.remove",
  "evidence.download",
  "email.retry",
  "methodology.create",
  "score.compute",
  "score.rescore_all",
  "scorecard.pdf_export",
  "review.assign",
  "review.unassign",
  "review.due_date",
  "review.start",
  "review.comment",
  "review.request_changes",
  "review.decide",
  "assessment.resubmit",
  "assessment.expire",
  "assessment.reassess",
  "finding.create",
  "finding.update",
  "finding.status",
  "finding.vendor_response",
  "finding.evidence_upload",
  "finding.evidence_download",
  "finding.vendor_notify",
  "risk.accept",
  "risk.acceptance_revoke",
  "risk.acceptance_expire",
  "change_notice.create",
  "change_notice.review",
  "organisation.update",
  "api_token.create",
  "api_token.revoke",
] as const;

export type AuditEventName = (typeof AUDIT_EVENTS)[number];

export function isAuditEventName(value: unknown): value is AuditEventName {
  return typeof value === "string" && (AUDIT_EVENTS as readonly string[]).includes(value);
}

/** `supplier` + `archive` → `supplier.archive`, typed. */
export function inventoryEvent<E extends InventoryEntity, V extends (typeof INVENTORY_VERBS)[number]>(entity: E, verb: V): `${E}.${V}` {
  return `${entity}.${verb}`;
}
