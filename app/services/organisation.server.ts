// The buying organisation's profile: read once per page or email render (one small row, without the
// logo's bytes), the logo read on its own for the logo route, and saved by admins with an audit
// event naming each field that changed.
import { createHash } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { changedFields } from "../domain/changes";
import { NO_ORGANISATION, type OrganisationBrand, type OrganisationProfileInput } from "../domain/organisation";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";

type Reader = Kysely<Database> | Transaction<Database>;

/** The profile as pages and emails show it; all null until an admin sets it. */
export async function loadOrganisation(db: Reader): Promise<OrganisationBrand> {
  const row = await db
    .selectFrom("organisation_profile")
    .select(["name", "support_name", "support_email", "privacy_url", "logo_hash"])
    .where("id", "=", 1)
    .executeTakeFirst();
  if (!row) return NO_ORGANISATION;
  return { name: row.name, supportName: row.support_name, supportEmail: row.support_email, privacyUrl: row.privacy_url, logoHash: row.logo_hash };
}

export interface OrganisationLogo {
  bytes: Uint8Array<ArrayBuffer>;
  contentType: "image/png" | "image/jpeg";
  hash: string;
}

export async function loadOrganisationLogo(db: Reader): Promise<OrganisationLogo | null> {
  const row = await db.selectFrom("organisation_profile").select(["logo", "logo_type", "logo_hash"]).where("id", "=", 1).executeTakeFirst();
  if (!row?.logo || !row.logo_type || !row.logo_hash) return null;
  return { bytes: new Uint8Array(row.logo), contentType: row.logo_type, hash: row.logo_hash };
}

/** A new logo (already checked: PNG or JPEG by content, within the size limit), or none sent. */
export type LogoChange = { bytes: Uint8Array; contentType: "image/png" | "image/jpeg" } | null;

/** Saves the profile; true when something changed (an unchanged save writes nothing and is not audited). */
export async function saveOrganisationProfile(ctx: AppContext, actor: Actor, input: OrganisationProfileInput, logo: LogoChange): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("organisation_profile")
      .select(["name", "support_name", "support_email", "privacy_url", "logo_hash"])
      .where("id", "=", 1)
      .forUpdate()
      .executeTakeFirst();
    const text = { name: input.name, support_name: input.supportName, support_email: input.supportEmail, privacy_url: input.privacyUrl };
    const logoRow = logo
      ? { logo: Buffer.from(logo.bytes), logo_type: logo.contentType, logo_hash: createHash("sha256").update(logo.bytes).digest("hex") }
      : input.removeLogo
        ? { logo: null, logo_type: null, logo_hash: null }
        : null;
    const changes = changedFields<Record<string, unknown>>(
      { ...(before ?? {}), logo_hash: before?.logo_hash ?? null },
      { ...text, ...(logoRow ? { logo_hash: logoRow.logo_hash } : {}) },
    );
    if (Object.keys(changes).length === 0) return false;
    const row = { ...text, ...(logoRow ?? {}), updated_at: new Date(), updated_by: actor.type === "user" ? actor.id : null };
    await trx
      .insertInto("organisation_profile")
      .values({ id: 1, ...row })
      .onConflict((oc) => oc.column("id").doUpdateSet(row))
      .execute();
    // The logo's change is named by its hash (the bytes stay out of the trail).
    await recordAudit(trx, actor, { action: "organisation.update", entityType: "organisation_profile", entityId: null, details: { changes } });
    return true;
  });
}
