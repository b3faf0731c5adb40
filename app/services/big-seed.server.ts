// A large synthetic inventory for benchmarks (npm run db:seed-big, npm run bench). Set-based SQL
// (INSERT … SELECT … FROM generate_series) in one transaction, so tens of thousands of rows take
// seconds on PGlite as on PostgreSQL 15+. Idempotent: suppliers, contacts, components and systems
// carry external ids (BIG-SUP-000001, BIG-CON-000001-1, BIG-CMP-0000001, BIG-SYS-000001) and rows
// already present are skipped; dependencies are only added to big-seed systems that have none yet.
//
// Attributes come from md5 of the row number, not random(): the same row always gets the same
// status, kind, criticality…, whatever the plan or the size asked for, so benchmark runs compare.
import { sql, type Kysely, type RawBuilder, type Transaction } from "kysely";
import {
  COMPONENT_KINDS,
  type ComponentKind,
  type Criticality,
  type EuAiActClass,
  type Lifecycle,
  type SupplierStatus,
  type UpdateCadence,
} from "../domain/inventory";
import type { Role } from "../domain/permissions";
import { recordAudit, SYSTEM_ACTOR } from "./audit.server";
import type { Database } from "../../db/schema";

export const BIG_SEED_DEFAULT_SUPPLIERS = 10_000;
/** External ids have six digits. */
export const BIG_SEED_MAX_SUPPLIERS = 999_999;
export const COMPONENTS_PER_SUPPLIER = 4;
/** One internal AI system per five suppliers: 2,000 for the default 10,000. */
export const SUPPLIERS_PER_SYSTEM = 5;

export interface BigSeedOptions {
  suppliers?: number;
  /** Progress lines (one per step, with its timing). */
  log?: (line: string) => void;
}

export interface BigSeedSummary {
  /** Rows inserted by this run (zero everywhere when everything was already there). */
  inserted: { users: number; suppliers: number; contacts: number; components: number; systems: number; dependencies: number };
  /** Milliseconds per step, and in total. */
  timings: Record<string, number>;
}

export function bigSeedSize(suppliers: number) {
  return {
    suppliers,
    components: suppliers * COMPONENTS_PER_SUPPLIER,
    systems: Math.max(1, Math.round(suppliers / SUPPLIERS_PER_SYSTEM)),
  };
}

// Weights per enum value; `Record<…>` makes the compiler insist every value is present.
const SUPPLIER_STATUS_WEIGHTS: Record<SupplierStatus, number> = { prospective: 20, active: 55, offboarding: 10, offboarded: 15 };
const COMPONENT_KIND_WEIGHTS: Record<ComponentKind, number> = {
  hosted_api: 30,
  saas_feature: 25,
  model_weights: 15,
  dataset: 15,
  agent_tooling: 15,
};
const CADENCE_WEIGHTS: Record<UpdateCadence, number> = { interval: 40, on_release: 35, unknown: 25 };
const CRITICALITY_WEIGHTS: Record<Criticality, number> = { low: 30, medium: 35, high: 25, critical: 10 };
const EU_CLASS_WEIGHTS: Record<EuAiActClass, number> = {
  prohibited: 1,
  high_risk: 15,
  limited_risk: 30,
  minimal_risk: 40,
  gpai_based: 14,
};
const LIFECYCLE_WEIGHTS: Record<Lifecycle, number> = { planned: 20, in_production: 70, retired: 10 };
const KIND_LABELS: Record<ComponentKind, string> = {
  hosted_api: "Inference API",
  model_weights: "Open weights",
  saas_feature: "Assistant feature",
  dataset: "Training corpus",
  agent_tooling: "Agent toolkit",
};

// A quarter of supplier names start with "Acme" (so a search for it has deep pages); no other word contains it.
const NAME_PREFIXES = [
  "Nimbus",
  "Vector",
  "Helix",
  "Quanta",
  "Lumen",
  "Arbor",
  "Cobalt",
  "Sable",
  "Orion",
  "Tessel",
  "Kestrel",
  "Polar",
  "Meridian",
  "Basalt",
  "Cirrus",
];
const NAME_NOUNS = ["Labs", "Analytics", "Intelligence", "Systems", "Vision", "Language", "Robotics", "Data", "Cognition", "Signals"];
const LEGAL_FORMS = ["Inc.", "Ltd", "GmbH", "SAS", "B.V.", "AB", "LLC"];
const COUNTRIES = ["US", "GB", "DE", "FR", "NL", "IE", "SE", "CH", "CA", "JP", "SG", "IN", "IL", "ES", "PL"];
const FIRST_NAMES = [
  "Ana",
  "Ben",
  "Chloe",
  "Dmitri",
  "Elif",
  "Farah",
  "Goran",
  "Hana",
  "Ivan",
  "Jonas",
  "Kemi",
  "Luca",
  "Maya",
  "Nils",
  "Omar",
  "Paula",
  "Quinn",
  "Rosa",
  "Sami",
  "Tara",
];
const LAST_NAMES = [
  "Berg",
  "Costa",
  "Dubois",
  "Eriksen",
  "Fischer",
  "Garcia",
  "Haddad",
  "Ito",
  "Jensen",
  "Kowalski",
  "Lopez",
  "Moreau",
  "Nakamura",
  "Okafor",
  "Petrov",
  "Rossi",
  "Schmidt",
  "Tanaka",
  "Varga",
  "Weber",
];
const CONTACT_TITLES = ["Account executive", "Security and compliance lead", "Data protection officer"];
const MODEL_FAMILIES = ["Atlas", "Sparrow", "Granite", "Beacon", "Delta", "Mosaic", "Pioneer", "Quartz", "Tundra", "Zephyr"];
const RESIDENCIES = ["EU", "US", "UK", "Global"];
const INTERVAL_DAYS = [7, 14, 30, 90, 180, 365];
const BUSINESS_UNITS = ["Retail Banking", "Claims", "People", "Marketing", "Customer Service", "Fraud", "Legal", "Supply Chain", "Finance", "IT"];
const SYSTEM_NOUNS = [
  "Chat assistant",
  "Document triage",
  "Churn model",
  "Fraud scoring",
  "CV screening",
  "Demand forecast",
  "Contract review",
  "Translation",
  "Code assistant",
  "Search ranking",
];
const DATA_CATEGORY_SETS = ["{none}", "{internal}", "{internal,confidential}", "{personal}", "{personal,confidential}", "{personal,special_category}"];
/** Each system's first dependency is on one of the first few components: a few vendor APIs everyone uses. */
const HUB_COMPONENTS = 200;

const lit = (value: string | number) => sql.lit(value);

/** A deterministic number in [0, 1) from a row key and a salt (md5, so PGlite and PostgreSQL agree). */
function unit(key: RawBuilder<unknown>, salt: string): RawBuilder<number> {
  return sql<number>`(('x' || substr(md5((${key})::text || ${lit(`:${salt}`)}), 1, 8))::bit(32)::bigint::float8 / 4294967296)`;
}

/** `ARRAY[…][1 + floor(r * n)]`: one of `values`, uniformly, for r in [0, 1). */
function pick(values: readonly (string | number)[], r: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`(ARRAY[${sql.join(values.map(lit))}])[1 + floor((${r}) * ${lit(values.length)})::int]`;
}

/** A CASE choosing each key with its weight, for r in [0, 1). */
function weighted<T extends string>(weights: Record<T, number>, r: RawBuilder<unknown>): RawBuilder<T> {
  const entries = Object.entries(weights) as [T, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let upTo = 0;
  const whens = entries.slice(0, -1).map(([value, w]) => {
    upTo += w;
    return sql`WHEN ${r} < ${lit(upTo / total)} THEN ${lit(value)}`;
  });
  return sql<T>`(CASE ${sql.join(whens, sql` `)} ELSE ${lit(entries[entries.length - 1]![0])} END)`;
}

const pad = (n: RawBuilder<unknown>, width: number) => sql<string>`lpad(${n}::text, ${lit(width)}, '0')`;
const supplierExternalId = (g: RawBuilder<unknown>) => sql<string>`('BIG-SUP-' || ${pad(g, 6)})`;
const componentExternalId = (n: RawBuilder<unknown>) => sql<string>`('BIG-CMP-' || ${pad(n, 7)})`;
const systemExternalId = (g: RawBuilder<unknown>) => sql<string>`('BIG-SYS-' || ${pad(g, 6)})`;

function affected(result: { numAffectedRows?: bigint }): number {
  return Number(result.numAffectedRows ?? 0n);
}

/** Users to own the synthetic rows: existing ones of the role, or a few created for it. */
async function ensureOwners(trx: Transaction<Database>, role: Role, label: string): Promise<number> {
  const existing = await trx.selectFrom("users").select("id").where("role", "=", role).where("disabled_at", "is", null).limit(1).executeTakeFirst();
  if (existing) return 0;
  const slug = role.replace("_", "-");
  const result = await trx
    .insertInto("users")
    .values([1, 2, 3].map((i) => ({ email: `bench.${slug}${i}@example.com`, name: `Bench ${label} ${i}`, role })))
    .onConflict((oc) => oc.column("email").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

export async function seedBigInventory(db: Kysely<Database>, options: BigSeedOptions = {}): Promise<BigSeedSummary> {
  const suppliers = options.suppliers ?? BIG_SEED_DEFAULT_SUPPLIERS;
  if (!Number.isInteger(suppliers) || suppliers < 1 || suppliers > BIG_SEED_MAX_SUPPLIERS) {
    throw new RangeError(`suppliers must be a whole number from 1 to ${BIG_SEED_MAX_SUPPLIERS}, not ${suppliers}`);
  }
  const size = bigSeedSize(suppliers);
  const log = options.log ?? (() => {});
  const timings: Record<string, number> = {};
  const started = performance.now();
  const step = async <T extends number | null>(name: string, run: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const rows = await run();
    const ms = (timings[name] = Math.round(performance.now() - t0));
    const what = rows === null ? "" : `${String(rows).padStart(7)} rows inserted`;
    log(`  ${name.padEnd(13)} ${what.padEnd(21)} ${String(ms).padStart(6)} ms`);
    return rows;
  };
  const g = sql.ref("g");

  const inserted = await db.transaction().execute(async (trx) => {
    const users = await step(
      "users",
      async () => (await ensureOwners(trx, "procurement", "Procurement")) + (await ensureOwners(trx, "risk_owner", "Risk Owner")),
    );

    const supplierRows = await step("suppliers", async () => {
      const name = sql<string>`(CASE WHEN g % 4 = 0 THEN 'Acme' ELSE ${pick(NAME_PREFIXES, sql.ref("r_prefix"))} END
        || ' ' || ${pick(NAME_NOUNS, sql.ref("r_noun"))} || ' ' || ${pad(g, 6)})`;
      const result = await sql`
        WITH h AS (
          SELECT g, ${unit(g, "prefix")} AS r_prefix, ${unit(g, "noun")} AS r_noun, ${unit(g, "legal")} AS r_legal,
                 ${unit(g, "country")} AS r_country, ${unit(g, "status")} AS r_status, ${unit(g, "created")} AS r_created,
                 ${unit(g, "updated")} AS r_updated, ${unit(g, "archived")} AS r_archived
          FROM generate_series(1, ${lit(size.suppliers)}) AS g
        ), x AS (
          SELECT h.*, ${name} AS name, ${weighted(SUPPLIER_STATUS_WEIGHTS, sql.ref("r_status"))} AS status,
                 now() - interval '1 day' * (30 + r_created * 1000) AS created
          FROM h
        ), owners AS (
          SELECT array_agg(id ORDER BY email) AS ids FROM users WHERE role = 'procurement' AND disabled_at IS NULL
        )
        INSERT INTO suppliers (external_id, name, legal_name, website, country, status, procurement_owner_id, notes, created_at, updated_at, archived_at)
        SELECT ${supplierExternalId(g)}, x.name, x.name || ' ' || ${pick(LEGAL_FORMS, sql.ref("r_legal"))},
               'https://' || lower(replace(x.name, ' ', '-')) || '.example.com',
               ${pick(COUNTRIES, sql.ref("r_country"))}, x.status,
               owners.ids[1 + g % cardinality(owners.ids)],
               CASE WHEN r_updated < 0.2 THEN 'Synthetic supplier for load tests.' END,
               x.created, x.created + (now() - x.created) * r_updated,
               CASE WHEN x.status = 'offboarded' AND r_archived < 0.5 THEN x.created + (now() - x.created) * r_updated END
        FROM x CROSS JOIN owners
        ON CONFLICT DO NOTHING`.execute(trx);
      return affected(result);
    });

    const contactRows = await step("contacts", async () => {
      // 1 to 3 contacts per supplier (2 on average), the first one primary; first names differ per k.
      const firstName = sql<string>`(ARRAY[${sql.join(FIRST_NAMES.map(lit))}])[1 + (floor(r_first * ${lit(FIRST_NAMES.length)})::int + k * 7) % ${lit(FIRST_NAMES.length)}]`;
      const result = await sql`
        WITH x AS (
          SELECT g, k, s.id AS supplier_id, s.created_at AS supplier_created, substr(s.website, 9) AS domain,
                 ${unit(g, "first")} AS r_first, ${unit(sql`g * 10 + k`, "last")} AS r_last
          FROM generate_series(1, ${lit(size.suppliers)}) AS g
          CROSS JOIN generate_series(1, 3) AS k
          JOIN suppliers s ON s.external_id = ${supplierExternalId(g)}
          WHERE k <= 1 + g % 3
        ), y AS (
          SELECT x.*, ${firstName} AS first_name, ${pick(LAST_NAMES, sql.ref("r_last"))} AS last_name FROM x
        )
        INSERT INTO supplier_contacts (supplier_id, external_id, name, email, title, is_primary, created_at, updated_at)
        SELECT supplier_id, 'BIG-CON-' || ${pad(g, 6)} || '-' || k, first_name || ' ' || last_name,
               lower(first_name || '.' || last_name || '@' || domain),
               (ARRAY[${sql.join(CONTACT_TITLES.map(lit))}])[k], k = 1, supplier_created, supplier_created
        FROM y
        ON CONFLICT DO NOTHING`.execute(trx);
      return affected(result);
    });

    const componentRows = await step("components", async () => {
      const kindLabel = sql<string>`(CASE kind ${sql.join(
        COMPONENT_KINDS.map((kind) => sql`WHEN ${lit(kind)} THEN ${lit(KIND_LABELS[kind])}`),
        sql` `,
      )} END)`;
      const result = await sql`
        WITH h AS (
          SELECT g, k, (g - 1) * ${lit(COMPONENTS_PER_SUPPLIER)} + k AS n, s.id AS supplier_id, s.created_at AS supplier_created
          FROM generate_series(1, ${lit(size.suppliers)}) AS g
          CROSS JOIN generate_series(1, ${lit(COMPONENTS_PER_SUPPLIER)}) AS k
          JOIN suppliers s ON s.external_id = ${supplierExternalId(g)}
        ), r AS (
          SELECT h.*, ${unit(sql.ref("n"), "kind")} AS r_kind, ${unit(sql.ref("n"), "family")} AS r_family,
                 ${unit(sql.ref("n"), "cadence")} AS r_cadence, ${unit(sql.ref("n"), "interval")} AS r_interval,
                 ${unit(sql.ref("n"), "gpai")} AS r_gpai, ${unit(sql.ref("n"), "residency")} AS r_residency,
                 ${unit(sql.ref("n"), "version")} AS r_version, ${unit(sql.ref("n"), "dates")} AS r_dates,
                 ${unit(sql.ref("n"), "archived")} AS r_archived
          FROM h
        ), x AS (
          SELECT r.*, ${weighted(COMPONENT_KIND_WEIGHTS, sql.ref("r_kind"))} AS kind,
                 ${weighted(CADENCE_WEIGHTS, sql.ref("r_cadence"))} AS cadence,
                 ${pick(MODEL_FAMILIES, sql.ref("r_family"))} AS family,
                 supplier_created + (now() - supplier_created) * r_dates * 0.5 AS created
          FROM r
        )
        INSERT INTO ai_components (supplier_id, external_id, kind, name, version, model_family, update_cadence,
                                   update_interval_days, is_gpai, data_residency, description, created_at, updated_at, archived_at)
        SELECT supplier_id, ${componentExternalId(sql.ref("n"))}, kind, family || ' ' || ${kindLabel} || ' ' || k,
               'v' || (1 + floor(r_version * 5)::int) || '.' || (floor(r_version * 50)::int % 10),
               family, cadence,
               CASE WHEN cadence = 'interval' THEN ${pick(INTERVAL_DAYS, sql.ref("r_interval"))}::int END,
               kind IN ('hosted_api', 'model_weights') AND r_gpai < 0.6,
               CASE WHEN r_residency < 0.8 THEN ${pick(RESIDENCIES, sql`r_residency / 0.8`)} END,
               'Synthetic ' || lower(${kindLabel}) || ' for load tests.',
               created, created + (now() - created) * r_dates,
               CASE WHEN r_archived < 0.02 THEN created + (now() - created) * r_dates END
        FROM x
        ON CONFLICT DO NOTHING`.execute(trx);
      return affected(result);
    });

    const systemRows = await step("systems", async () => {
      const result = await sql`
        WITH h AS (
          SELECT g, ${unit(g, "sys-bu")} AS r_bu, ${unit(g, "sys-noun")} AS r_noun, ${unit(g, "sys-crit")} AS r_crit,
                 ${unit(g, "sys-class")} AS r_class, ${unit(g, "sys-life")} AS r_life, ${unit(g, "sys-created")} AS r_created,
                 ${unit(g, "sys-archived")} AS r_archived
          FROM generate_series(1, ${lit(size.systems)}) AS g
        ), x AS (
          SELECT h.*, ${pick(BUSINESS_UNITS, sql.ref("r_bu"))} AS bu, ${pick(SYSTEM_NOUNS, sql.ref("r_noun"))} AS noun,
                 ${weighted(LIFECYCLE_WEIGHTS, sql.ref("r_life"))} AS lifecycle,
                 now() - interval '1 day' * (10 + r_created * 900) AS created
          FROM h
        ), owners AS (
          SELECT array_agg(id ORDER BY email) AS ids FROM users WHERE role = 'risk_owner' AND disabled_at IS NULL
        )
        INSERT INTO ai_systems (external_id, name, purpose, owner_id, business_unit, criticality, eu_ai_act_class, lifecycle,
                                created_at, updated_at, archived_at)
        SELECT ${systemExternalId(g)}, bu || ' ' || noun || ' ' || ${pad(g, 6)}, noun || ' for ' || bu || '.',
               owners.ids[1 + g % cardinality(owners.ids)], bu,
               ${weighted(CRITICALITY_WEIGHTS, sql.ref("r_crit"))}, ${weighted(EU_CLASS_WEIGHTS, sql.ref("r_class"))}, lifecycle,
               created, created + (now() - created) * r_archived,
               CASE WHEN lifecycle = 'retired' AND r_archived < 0.5 THEN created + (now() - created) * r_archived END
        FROM x CROSS JOIN owners
        ON CONFLICT DO NOTHING`.execute(trx);
      return affected(result);
    });

    const dependencyRows = await step("dependencies", async () => {
      // 1 to 7 per system (4 on average); the first on a widely used component, the rest anywhere.
      const edge = sql`g * 8 + j`;
      const componentNumber = sql`(CASE WHEN j = 1 THEN 1 + floor(r_component * ${lit(Math.min(HUB_COMPONENTS, size.components))})
                                       ELSE 1 + floor(r_component * ${lit(size.components)}) END)::int`;
      const result = await sql`
        WITH x AS (
          SELECT g, j, ${unit(edge, "dep-component")} AS r_component, ${unit(edge, "dep-cats")} AS r_cats,
                 ${unit(edge, "dep-since")} AS r_since
          FROM generate_series(1, ${lit(size.systems)}) AS g
          CROSS JOIN generate_series(1, 7) AS j
          WHERE j <= 1 + floor(${unit(g, "dep-count")} * 7)::int
        )
        INSERT INTO ai_system_dependencies (ai_system_id, ai_component_id, purpose, data_categories, since, created_at, updated_at)
        SELECT s.id, c.id, s.purpose, ${pick(DATA_CATEGORY_SETS, sql.ref("r_cats"))}::text[],
               current_date - (r_since * 1000)::int, s.created_at, s.created_at
        FROM x
        JOIN ai_systems s ON s.external_id = ${systemExternalId(g)}
        JOIN ai_components c ON c.external_id = ${componentExternalId(componentNumber)}
        WHERE NOT EXISTS (SELECT 1 FROM ai_system_dependencies d WHERE d.ai_system_id = s.id)
        ON CONFLICT DO NOTHING`.execute(trx);
      return affected(result);
    });

    const counts = { users, suppliers: supplierRows, contacts: contactRows, components: componentRows, systems: systemRows, dependencies: dependencyRows };
    if (Object.values(counts).some((n) => n > 0)) {
      await recordAudit(trx, SYSTEM_ACTOR, { action: "inventory.seed_big", entityType: "database", details: { ...counts, size } });
    }
    return counts;
  });

  // Fresh statistics, so the planner sees the new sizes at once (PGlite has no autovacuum).
  await step("analyze", async () => {
    await sql`ANALYZE users, suppliers, supplier_contacts, ai_components, ai_systems, ai_system_dependencies`.execute(db);
    return null;
  });
  timings.total = Math.round(performance.now() - started);
  return { inserted, timings };
}
