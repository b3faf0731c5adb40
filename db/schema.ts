// The one `Database` type: every table Kysely may touch, typed end to end.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";
import type { ComponentKind, Criticality, DataCategory, EuAiActClass, Lifecycle, SupplierStatus, UpdateCadence } from "../app/domain/inventory";
import type { Role } from "../app/domain/permissions";
import type { Grade, TemplateDefinition } from "../app/domain/templates/definition";
import type { Methodology } from "../app/domain/scoring/methodology";
import type { ChangeKind, DeadlineKind, DeadlineReason } from "../app/domain/deadlines/next-reassessment";
import type { ScoringResult } from "../app/domain/scoring/types";
import type { PrefillSource } from "../app/domain/inventory-prefill";

/** A timestamp column the database fills in (default now()) but code may also set. */
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: Role;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  disabled_at: NullableTimestamp;
  last_sign_in_at: NullableTimestamp;
  /** The weekly deadline digest is not wanted. */
  digest_opt_out: Generated<boolean>;
}

export interface SessionsTable {
  id: Generated<string>;
  token_hash: string;
  kind: "staff" | "vendor";
  user_id: string | null;
  created_at: CreatedAt;
  last_seen_at: CreatedAt;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  ip: string | null;
  user_agent: string | null;
  /** Vendor sessions only: the access grant (and so the one assessment) the session is limited to. */
  grant_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface LoginTokensTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  purpose: "sign_in" | "invite";
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface RateLimitsTable {
  bucket: string;
  window_start: Timestamp;
  hits: number;
}

export interface EmailsTable {
  id: Generated<string>;
  to_address: string;
  subject: string;
  template: string;
  html: string | null;
  text_body: string | null;
  status: EmailStatus;
  attempts: Generated<number>;
  error: string | null;
  created_at: CreatedAt;
  sent_at: NullableTimestamp;
  /** When the last attempt started (a `sending` row: when it was claimed). */
  last_attempt_at: NullableTimestamp;
  /** A `retrying` row: when the next attempt is due. */
  next_attempt_at: NullableTimestamp;
}

export type EmailStatus = "queued" | "retrying" | "sending" | "sent" | "stored" | "failed";

export type ActorType = "user" | "vendor" | "system" | "cli";

export interface AuditEventsTable {
  seq: Generated<string>; // bigint comes back from pg as a string
  at: Timestamp;
  actor_type: ActorType;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  details: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface SuppliersTable {
  id: Generated<string>;
  external_id: string | null;
  name: string;
  legal_name: string | null;
  website: string | null;
  country: string | null;
  status: SupplierStatus;
  procurement_owner_id: string | null;
  notes: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  archived_at: NullableTimestamp;
}

export interface SupplierContactsTable {
  id: Generated<string>;
  supplier_id: string;
  external_id: string | null;
  name: string;
  email: string;
  title: string | null;
  is_primary: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface AiComponentsTable {
  id: Generated<string>;
  supplier_id: string;
  external_id: string | null;
  kind: ComponentKind;
  name: string;
  version: string | null;
  model_family: string | null;
  update_cadence: UpdateCadence;
  update_interval_days: number | null;
  is_gpai: Generated<boolean>;
  data_residency: string | null;
  description: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  archived_at: NullableTimestamp;
}

export interface AiSystemsTable {
  id: Generated<string>;
  external_id: string | null;
  name: string;
  purpose: string | null;
  owner_id: string | null;
  business_unit: string | null;
  criticality: Criticality;
  eu_ai_act_class: EuAiActClass;
  lifecycle: Lifecycle;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  archived_at: NullableTimestamp;
}

export interface AiSystemDependenciesTable {
  id: Generated<string>;
  ai_system_id: string;
  ai_component_id: string;
  purpose: string | null;
  data_categories: ColumnType<DataCategory[], DataCategory[] | undefined, DataCategory[]>;
  since: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface CsvImportsTable {
  id: Generated<string>;
  user_id: string;
  kind: "suppliers" | "contacts" | "components" | "systems" | "dependencies";
  file_name: string;
  content: string;
  row_count: number;
  created_at: CreatedAt;
  applied_at: NullableTimestamp;
  /** pending → applying (batches running) → applied, or failed (undone). See migration 0007. */
  state: Generated<"pending" | "applying" | "applied" | "failed">;
  rows_total: Generated<number>;
  rows_done: Generated<number>;
  heartbeat_at: NullableTimestamp;
  failure: string | null;
}

/** What one batch of an import did, so it can be undone: a created row (before null) or the values it overwrote. */
export interface CsvImportUndoTable {
  import_id: string;
  seq: number;
  table_name: "suppliers" | "supplier_contacts" | "ai_components" | "ai_systems" | "ai_system_dependencies";
  row_id: string;
  before: ColumnType<Record<string, string | null> | null, string | null, string | null>;
}

export interface QuestionnaireTemplatesTable {
  id: Generated<string>;
  name: string;
  description: string | null;
  is_builtin: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  archived_at: NullableTimestamp;
}

export type TemplateVersionStatus = "draft" | "published" | "retired";

export interface TemplateVersionsTable {
  id: Generated<string>;
  template_id: string;
  version: number;
  status: TemplateVersionStatus;
  definition: Json<TemplateDefinition>;
  checksum: string | null;
  based_on_version_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  published_at: NullableTimestamp;
  published_by: string | null;
  retired_at: NullableTimestamp;
}

/** A calendar date (YYYY-MM-DD): the pg driver is set to hand dates back as strings. */
type DateString = ColumnType<string, string, string>;
type NullableDateString = ColumnType<string | null, string | null | undefined, string | null>;
/** Filled in by the database from other columns; never written. */
type GeneratedAlways<T> = ColumnType<T, never, never>;

export type { AssessmentStatus } from "../app/domain/assessment-lifecycle";
import type { AssessmentStatus } from "../app/domain/assessment-lifecycle";
import type { Decision } from "../app/domain/review/decision";
import type { FindingSource, FindingStatus, Severity } from "../app/domain/review/findings";

export interface AssessmentsTable {
  id: Generated<string>;
  supplier_id: string;
  /** The pinned, published template version this assessment was sent with. */
  template_version_id: string;
  status: ColumnType<AssessmentStatus, AssessmentStatus | undefined, AssessmentStatus>;
  due_date: DateString;
  message: string | null;
  issued_by: string | null;
  campaign_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  submitted_at: NullableTimestamp;
  reopened_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  /** When the review itself is due (set when reviewers are assigned). */
  review_due_date: NullableDateString;
  review_started_at: NullableTimestamp;
  changes_requested_at: NullableTimestamp;
  decision: ColumnType<Decision | null, Decision | null | undefined, Decision | null>;
  decision_rationale: ColumnType<string | null, string | null | undefined, string | null>;
  decided_by: ColumnType<string | null, string | null | undefined, string | null>;
  decided_at: NullableTimestamp;
  /** The decision holds until this date; then the assessment expires. */
  valid_until: NullableDateString;
  expired_at: NullableTimestamp;
  /** A reassessment: the cycle it follows (its answers were carried over). */
  previous_assessment_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AssessmentReviewersTable {
  assessment_id: string;
  user_id: string;
  assigned_by: string | null;
  assigned_at: CreatedAt;
}

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

/** A comment on one answer. Vendor contacts write only vendor-visible ones (a CHECK holds it). */
export interface AnswerCommentsTable {
  id: Generated<string>;
  assessment_id: string;
  question_key: string;
  ai_component_id: string | null;
  scope_id: GeneratedAlways<string>;
  visibility: "vendor" | "internal";
  body: string;
  author_user_id: Nullable<string>;
  author_grant_id: Nullable<string>;
  author_label: string;
  created_at: CreatedAt;
}

/** One question reopened for the vendor in one "request changes" round. */
export interface ClarificationRequestsTable {
  id: Generated<string>;
  assessment_id: string;
  round: number;
  question_key: string;
  ai_component_id: string | null;
  scope_id: GeneratedAlways<string>;
  message: string;
  requested_by: string | null;
  requested_at: CreatedAt;
  /** The answer's revision when asked (0: unanswered); its history row is the "before". */
  before_revision: Generated<number>;
  /** The answer's revision at resubmit (the "after"); set with resolved_at. */
  after_revision: Nullable<number>;
  resolved_at: NullableTimestamp;
}

export interface FindingsTable {
  id: Generated<string>;
  assessment_id: string | null;
  supplier_id: string;
  ai_component_id: Nullable<string>;
  question_key: Nullable<string>;
  source: FindingSource;
  title: string;
  description: Nullable<string>;
  severity: Severity;
  status: ColumnType<FindingStatus, FindingStatus | undefined, FindingStatus>;
  owner_id: Nullable<string>;
  due_date: NullableDateString;
  vendor_response: Nullable<string>;
  vendor_responded_at: NullableTimestamp;
  created_by: Nullable<string>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  closed_at: NullableTimestamp;
}

export type FindingEventKind = "created" | "edited" | "status" | "vendor_response" | "evidence" | "risk_accepted" | "acceptance_expired" | "comment";

export interface FindingEventsTable {
  id: GeneratedAlways<string>;
  finding_id: string;
  kind: FindingEventKind;
  from_status: Nullable<FindingStatus>;
  to_status: Nullable<FindingStatus>;
  note: Nullable<string>;
  actor_type: ActorType;
  actor_id: Nullable<string>;
  actor_label: string;
  at: CreatedAt;
}

export interface FindingEvidenceTable {
  id: Generated<string>;
  finding_id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  bytes: Buffer;
  uploaded_by_grant_id: Nullable<string>;
  uploaded_by_user_id: Nullable<string>;
  created_at: CreatedAt;
}

export interface RiskAcceptancesTable {
  id: Generated<string>;
  /** Accepting one finding … */
  finding_id: Nullable<string>;
  /** … or a component's whole residual risk (optionally as it bears on one internal system). */
  ai_component_id: Nullable<string>;
  ai_system_id: Nullable<string>;
  residual_risk: Nullable<"low" | "medium" | "high" | "critical">;
  rationale: string;
  approver_id: string;
  expires_on: DateString;
  created_by: Nullable<string>;
  created_at: CreatedAt;
  revoked_at: NullableTimestamp;
  expired_at: NullableTimestamp;
}

export interface AssessmentComponentsTable {
  assessment_id: string;
  ai_component_id: string;
}

export interface CampaignsTable {
  id: Generated<string>;
  template_version_id: string;
  due_date: DateString;
  message: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  total: number;
  issued: Generated<number>;
  skipped: Generated<number>;
  failed: Generated<number>;
  finished_at: NullableTimestamp;
}

export type CampaignResultStatus = "pending" | "issued" | "skipped" | "failed";

export interface CampaignResultsTable {
  campaign_id: string;
  supplier_id: string;
  /** The order suppliers are processed and listed in. */
  position: number;
  status: ColumnType<CampaignResultStatus, CampaignResultStatus | undefined, CampaignResultStatus>;
  reason: string | null;
  assessment_id: string | null;
  processed_at: NullableTimestamp;
}

export interface AccessGrantsTable {
  id: Generated<string>;
  assessment_id: string;
  contact_id: string | null;
  email: string;
  name: string;
  token_hash: string;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  /** Delegation: the grant whose holder invited this one (null when procurement granted it). */
  invited_by_grant_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Assigned section keys; null means every section. */
  sections: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  created_at: CreatedAt;
  last_used_at: NullableTimestamp;
  last_sent_at: NullableTimestamp;
}

export interface AnswersTable {
  id: Generated<string>;
  assessment_id: string;
  question_key: string;
  /** Null for supplier-scope questions; a component in scope for component-scope ones. */
  ai_component_id: string | null;
  /** coalesce(ai_component_id, the nil uuid): the unique key (assessment_id, question_key, scope_id) uses it. */
  scope_id: GeneratedAlways<string>;
  /** jsonb: written as JSON text (JSON.stringify), read back parsed. */
  value: ColumnType<unknown, string | null, string | null>;
  is_na: Generated<boolean>;
  comment: string | null;
  revision: Generated<number>;
  updated_by_grant_id: string | null;
  updated_at: CreatedAt;
  /** Carried over from the previous cycle; the vendor has not yet confirmed or changed it. */
  prefilled: Generated<boolean>;
  /** Where a pre-filled answer came from (kept after the vendor confirms or changes it); null when the vendor wrote it. */
  prefill_source: ColumnType<PrefillSource | null, PrefillSource | null | undefined, PrefillSource | null>;
}

export interface AnswerHistoryTable {
  id: GeneratedAlways<string>;
  answer_id: string;
  assessment_id: string;
  question_key: string;
  ai_component_id: string | null;
  value: unknown;
  is_na: boolean;
  comment: string | null;
  revision: number;
  updated_by_grant_id: string | null;
  saved_at: Timestamp;
}

export interface EvidenceTable {
  id: Generated<string>;
  assessment_id: string;
  question_key: string;
  ai_component_id: string | null;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  bytes: Buffer;
  valid_until: NullableDateString;
  uploaded_by_grant_id: string | null;
  created_at: CreatedAt;
  /** Carried over from the previous cycle's evidence row. */
  carried_from_id: Nullable<string>;
}

export interface RemindersSentTable {
  assessment_id: string;
  /** Null for an escalation (it goes to the procurement owner, not to a vendor contact). */
  grant_id: string | null;
  scope_id: GeneratedAlways<string>;
  /** due_<days>, overdue or escalation. */
  kind: string;
  recipient: string | null;
  email_id: string | null;
  sent_at: CreatedAt;
}

/** A methodology version (app/domain/scoring/methodology.ts); the newest is current. Never changed once written. */
export interface MethodologiesTable {
  version: number;
  definition: Json<Methodology>;
  created_by: string | null;
  created_at: CreatedAt;
}

export type ScoreReason = "submit" | "on_demand" | "rescore";

/** One computation of an assessment's score: the result with its explanation, and what it was computed from. */
export interface ScoresTable {
  id: Generated<string>;
  assessment_id: string;
  supplier_id: string;
  methodology_version: number;
  template_version_id: string;
  reason: ScoreReason;
  scoring_date: DateString;
  input_hash: string;
  overall: number | null;
  grade: Grade | null;
  confidence: number | null;
  flag_count: number;
  /** { componentIds, answers, evidence, scoringDate }: with the template version and methodology, everything scoreAssessment read. */
  inputs: Json<unknown>;
  result: Json<ScoringResult>;
  computed_at: CreatedAt;
}

export interface ScoreComponentsTable {
  score_id: string;
  assessment_id: string;
  ai_component_id: string;
  overall: number | null;
  grade: Grade | null;
  flag_count: number;
  computed_at: Timestamp;
}

export interface RescoreRunsTable {
  id: Generated<string>;
  methodology_version: number;
  started_by: string | null;
  created_at: CreatedAt;
  total: number;
  done: Generated<number>;
  failed: Generated<number>;
  last_assessment_id: string | null;
  finished_at: NullableTimestamp;
  stopped_reason: string | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  login_tokens: LoginTokensTable;
  rate_limits: RateLimitsTable;
  emails: EmailsTable;
  audit_events: AuditEventsTable;
  suppliers: SuppliersTable;
  supplier_contacts: SupplierContactsTable;
  ai_components: AiComponentsTable;
  ai_systems: AiSystemsTable;
  ai_system_dependencies: AiSystemDependenciesTable;
  csv_imports: CsvImportsTable;
  csv_import_undo: CsvImportUndoTable;
  questionnaire_templates: QuestionnaireTemplatesTable;
  template_versions: TemplateVersionsTable;
  assessments: AssessmentsTable;
  assessment_components: AssessmentComponentsTable;
  campaigns: CampaignsTable;
  campaign_results: CampaignResultsTable;
  access_grants: AccessGrantsTable;
  answers: AnswersTable;
  answer_history: AnswerHistoryTable;
  evidence: EvidenceTable;
  reminders_sent: RemindersSentTable;
  methodologies: MethodologiesTable;
  scores: ScoresTable;
  score_components: ScoreComponentsTable;
  rescore_runs: RescoreRunsTable;
  assessment_reviewers: AssessmentReviewersTable;
  answer_comments: AnswerCommentsTable;
  clarification_requests: ClarificationRequestsTable;
  findings: FindingsTable;
  finding_events: FindingEventsTable;
  finding_evidence: FindingEvidenceTable;
  risk_acceptances: RiskAcceptancesTable;
  change_notices: ChangeNoticesTable;
  component_deadlines: ComponentDeadlinesTable;
  calendar_feeds: CalendarFeedsTable;
  deadline_reminders_sent: DeadlineRemindersSentTable;
  digests_sent: DigestsSentTable;
  organisation_profile: OrganisationProfileTable;
  model_document_imports: ModelDocumentImportsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_settings: WebhookSettingsTable;
  api_tokens: ApiTokensTable;
  api_idempotency_keys: ApiIdempotencyKeysTable;
  graph_inventory_version: GraphInventoryVersionTable;
  portfolio_version: PortfolioVersionTable;
}

/** A vendor's (or staff's) report of a change to a component: a new model version, a retrain, … */
export interface ChangeNoticesTable {
  id: Generated<string>;
  ai_component_id: string;
  supplier_id: string;
  kind: ChangeKind;
  occurred_on: DateString;
  description: string;
  reported_by_grant_id: Nullable<string>;
  reported_by_user_id: Nullable<string>;
  reported_label: string;
  created_at: CreatedAt;
  /** Set when a later decided review covers it. */
  reviewed_at: NullableTimestamp;
  reviewed_by_assessment_id: Nullable<string>;
}

/** A component's current next reassessment (app/domain/deadlines), kept current by every change and a nightly sweep. */
export interface ComponentDeadlinesTable {
  ai_component_id: string;
  due_on: DateString;
  reason_kind: DeadlineKind;
  reason: string;
  reasons: Json<DeadlineReason[]>;
  computed_at: CreatedAt;
}

export interface CalendarFeedsTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  created_at: CreatedAt;
  revoked_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
}

export interface DeadlineRemindersSentTable {
  ai_component_id: string;
  recipient: string;
  /** due_<days>, overdue or evidence_request. */
  kind: string;
  due_on: DateString;
  email_id: Nullable<string>;
  sent_at: CreatedAt;
}

export interface DigestsSentTable {
  user_id: string;
  week_of: DateString;
  email_id: Nullable<string>;
  sent_at: CreatedAt;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type Supplier = Selectable<SuppliersTable>;
export type AiComponent = Selectable<AiComponentsTable>;
export type AiSystem = Selectable<AiSystemsTable>;

/** The buying organisation's profile: at most one row (id 1); no row means nothing is set yet. */
export interface OrganisationProfileTable {
  id: Generated<number>;
  name: Nullable<string>;
  support_name: Nullable<string>;
  support_email: Nullable<string>;
  privacy_url: Nullable<string>;
  logo: Nullable<Buffer>;
  logo_type: Nullable<"image/png" | "image/jpeg">;
  logo_hash: Nullable<string>;
  updated_at: CreatedAt;
  updated_by: Nullable<string>;
}

/** A vendor's uploaded model document waiting on its preview (migration 0015). */
export interface ModelDocumentImportsTable {
  id: Generated<string>;
  assessment_id: string;
  /** The vendor grant that uploaded it, or null when a staff user did (user_id; exactly one is set, 0018). */
  grant_id: string | null;
  user_id: string | null;
  file_name: string;
  format: "cyclonedx-1.6" | "spdx-3.0.1";
  content: string;
  sha256: string;
  size_bytes: number;
  created_at: CreatedAt;
  applied_at: NullableTimestamp;
}

/** A receiver an admin registered (docs/decisions/0022). `secret` (whsec_…) signs every delivery. */
export interface WebhookEndpointsTable {
  id: Generated<string>;
  url: string;
  description: Generated<string>;
  event_types: ColumnType<string[], string[], string[]>;
  secret: string;
  enabled: Generated<boolean>;
  disabled_reason: Nullable<string>;
  disabled_at: NullableTimestamp;
  consecutive_failures: Generated<number>;
  created_by: Nullable<string>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  secret_rotated_at: NullableTimestamp;
}

/** The outbox: one row per event, written in the transaction of the change it reports. */
export interface WebhookEventsTable {
  id: Generated<string>;
  type: string;
  payload: Json;
  occurred_at: CreatedAt;
  /** Set for events that must be emitted once however often their sweep runs (deadline reminders). */
  dedupe_key: Nullable<string>;
}

export type WebhookDeliveryStatus = "pending" | "sending" | "delivered" | "failed";

/** One event to one endpoint: its attempts and the last response. */
export interface WebhookDeliveriesTable {
  id: Generated<string>;
  endpoint_id: string;
  event_id: string;
  status: ColumnType<WebhookDeliveryStatus, WebhookDeliveryStatus | undefined, WebhookDeliveryStatus>;
  attempts: Generated<number>;
  last_status_code: Nullable<number>;
  last_error: Nullable<string>;
  last_attempt_at: NullableTimestamp;
  next_attempt_at: NullableTimestamp;
  delivered_at: NullableTimestamp;
  created_at: CreatedAt;
}

/** At most one row (id 1); no row means the defaults (private targets refused). */
export interface WebhookSettingsTable {
  id: Generated<number>;
  allow_private_targets: boolean;
  updated_at: CreatedAt;
  updated_by: Nullable<string>;
}

/** REST API tokens: only the SHA-256 of the secret is kept (migration 0013). */
export interface ApiTokensTable {
  id: Generated<string>;
  kind: "personal" | "service";
  user_id: string;
  name: string;
  prefix: string;
  token_hash: string;
  scopes: "read" | "read write";
  expires_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  created_by: Nullable<string>;
  created_at: CreatedAt;
}

/** The first reply to a create sent with an Idempotency-Key, per token, kept 24 hours. */
export interface ApiIdempotencyKeysTable {
  token_id: string;
  key: string;
  request_hash: string;
  status: Nullable<number>;
  response_body: Nullable<string>;
  location: Nullable<string>;
  etag: Nullable<string>;
  created_at: CreatedAt;
  completed_at: NullableTimestamp;
}

/** One row (id 1): adds one whenever the dependency graph may have changed (migration 0017, triggers). */
export interface GraphInventoryVersionTable {
  id: number;
  version: ColumnType<string, string | number, string | number>;
}

/** One row: a number every change to the portfolio figures adds one to (migration 0019). */
export interface PortfolioVersionTable {
  id: number;
  version: ColumnType<string, string | number, string | number>;
}
