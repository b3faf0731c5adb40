// Demo data: users, suppliers with contacts and AI components, internal AI systems and their
// dependencies, and assessments of the built-in template in every state, three of them submitted and
// scored (demo-assessments.server.ts). Idempotent: rows are matched by email or external id (an
// assessment by its supplier and the built-in template), so running it twice adds nothing.
// A service, not part of db/: it writes the audit trail and the built-in template through their services.
import type { Kysely } from "kysely";
import { recordAudit, SYSTEM_ACTOR } from "./audit.server";
import { ensureBuiltinTemplate } from "./builtin-template.server";
import { seedDemoAssessments } from "./demo-assessments.server";
import { seedDemoChangeNotice } from "./demo-reviews.server";
import type { Database } from "../../db/schema";
import { SEED_SUPPLIERS, SEED_SYSTEMS, SEED_USERS } from "../../db/seed-data";
import { refreshAllDeadlines } from "./deadlines.server";

export interface SeedSummary {
  users: number;
  suppliers: number;
  components: number;
  systems: number;
  dependencies: number;
  assessments: number;
}

export interface SeedOptions {
  /** Seed the assessments too (default true); tests that sweep reminders far in the future leave them out. */
  assessments?: boolean;
  /** The moment the seed counts back from (issue, answer and submit days). */
  now?: Date;
}

const DEMO_ORGANISATION = {
  name: "Northwind Health",
  support_name: "Dana Ortiz, Vendor Risk",
  support_email: "vendor-risk@northwind-health.example",
  privacy_url: "https://northwind-health.example/privacy/suppliers",
};

/** One transaction: a failure leaves nothing behind, and the next run starts again. */
export async function seedDemoData(db: Kysely<Database>, options: SeedOptions = {}): Promise<SeedSummary> {
  return db.transaction().execute(async (trx) => {
    const summary: SeedSummary = { users: 0, suppliers: 0, components: 0, systems: 0, dependencies: 0, assessments: 0 };
    const userIds = new Map<string, string>();
    for (const u of SEED_USERS) {
      const inserted = await trx
        .insertInto("users")
        .values({ email: u.email, name: u.name, role: u.role })
        .onConflict((oc) => oc.column("email").doNothing())
        .returning("id")
        .executeTakeFirst();
      if (inserted) summary.users += 1;
      const row = await trx.selectFrom("users").select("id").where("email", "=", u.email).executeTakeFirstOrThrow();
      userIds.set(u.key, row.id);
    }

    const componentIds = new Map<string, string>();
    for (const s of SEED_SUPPLIERS) {
      let supplier = await trx.selectFrom("suppliers").select("id").where("external_id", "=", s.externalId).executeTakeFirst();
      if (!supplier) {
        supplier = await trx
          .insertInto("suppliers")
          .values({
            external_id: s.externalId,
            name: s.name,
            legal_name: s.legalName,
            website: s.website,
            country: s.country,
            status: s.status,
            procurement_owner_id: userIds.get(s.procurementOwnerKey) ?? null,
            notes: s.notes,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        summary.suppliers += 1;
        for (const c of s.contacts) {
          await trx
            .insertInto("supplier_contacts")
            .values({ supplier_id: supplier.id, external_id: c.externalId, name: c.name, email: c.email, title: c.title, is_primary: c.isPrimary })
            .execute();
        }
      }
      for (const c of s.components) {
        let component = await trx.selectFrom("ai_components").select("id").where("external_id", "=", c.externalId).executeTakeFirst();
        if (!component) {
          component = await trx
            .insertInto("ai_components")
            .values({
              supplier_id: supplier.id,
              external_id: c.externalId,
              kind: c.kind,
              name: c.name,
              version: c.version,
              model_family: c.modelFamily,
              update_cadence: c.updateCadence,
              update_interval_days: c.updateIntervalDays,
              is_gpai: c.isGpai,
              data_residency: c.dataResidency,
              description: c.description,
            })
            .returning("id")
            .executeTakeFirstOrThrow();
          summary.components += 1;
        }
        componentIds.set(c.externalId, component.id);
      }
    }

    for (const sys of SEED_SYSTEMS) {
      let system = await trx.selectFrom("ai_systems").select("id").where("external_id", "=", sys.externalId).executeTakeFirst();
      if (system) continue;
      system = await trx
        .insertInto("ai_systems")
        .values({
          external_id: sys.externalId,
          name: sys.name,
          purpose: sys.purpose,
          owner_id: userIds.get(sys.ownerKey) ?? null,
          business_unit: sys.businessUnit,
          criticality: sys.criticality,
          eu_ai_act_class: sys.euAiActClass,
          lifecycle: sys.lifecycle,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      summary.systems += 1;
      for (const d of sys.dependencies) {
        const componentId = componentIds.get(d.componentExternalId);
        if (!componentId) throw new Error(`Seed data: ${sys.externalId} depends on unknown ${d.componentExternalId}`);
        await trx
          .insertInto("ai_system_dependencies")
          .values({ ai_system_id: system.id, ai_component_id: componentId, purpose: d.purpose, data_categories: d.dataCategories, since: d.since })
          .execute();
        summary.dependencies += 1;
      }
    }

    // The buying organisation vendors see on the portal and in every email (kept if an admin already set one).
    await trx
      .insertInto("organisation_profile")
      .values({ id: 1, ...DEMO_ORGANISATION })
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();

    const builtin = await ensureBuiltinTemplate(trx);
    if (options.assessments ?? true) {
      summary.assessments = await seedDemoAssessments(trx, builtin.templateId, userIds, options.now ?? new Date());
      if (summary.assessments > 0) await seedDemoChangeNotice(trx, options.now ?? new Date());
    }
    await refreshAllDeadlines(trx, options.now ?? new Date());
    await recordAudit(trx, SYSTEM_ACTOR, { action: "demo.seed", entityType: "database", details: { ...summary } });
    return summary;
  });
}

/** The first start of an empty embedded database gets demo data; anything already there is left alone. */
export async function shouldAutoSeed(db: Kysely<Database>): Promise<boolean> {
  const seeded = await db.selectFrom("audit_events").select("seq").where("action", "=", "demo.seed").limit(1).executeTakeFirst();
  if (seeded) return false;
  const supplier = await db.selectFrom("suppliers").select("id").limit(1).executeTakeFirst();
  return !supplier;
}
