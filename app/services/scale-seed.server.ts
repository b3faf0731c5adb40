// A portfolio at scale for benchmarks (npm run seed:scale, npm run bench): the big inventory
// (big-seed.server.ts) plus five assessments per supplier of the built-in template in every status,
// each with one to four components in scope, their answers (about 100 per assessment: 5 million for
// 10,000 suppliers), evidence metadata with expiry dates, reviewers, decisions, findings, change
// notices, scores stored as the app stores them, and the component deadlines.
//
// How (decision 0029): the answers are not invented in SQL. A few dozen answer *profiles* are built
// here with the domain's own visibility walk (question-visibility.ts), so every stored answer is for
// a question that shows given the others; a profile is a full answer set for the supplier sections
// plus four variants for the component sections. Each assessment picks a profile (md5 of its number)
// and each component in scope a variant; an assessment still being answered keeps a prefix of the
// template order (conditions only look back, so a prefix is consistent). SQL then joins assessments
// to profiles (INSERT … SELECT over jsonb_to_recordset), in batches of assessments, each batch its
// own transaction. Scores are computed by the real engine and hashed exactly as `storeScore` does,
// in batches with multi-row inserts.
//
// Idempotent: assessments, grants, evidence, findings and change notices have ids derived from md5
// of their number (BIG-ASM-000001…), so a second run inserts nothing; answers are only written for
// assessments that have none, scores only for assessments without one.
import { sql, type Insertable, type Kysely, type RawBuilder, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { today, type CalendarDate } from "../domain/calendar";
import { groupBy } from "../domain/group-by";
import { scopeNodes, visibleKeys, type ScopeAnswer } from "../domain/question-visibility";
import { scoreAssessment } from "../domain/scoring/engine";
import { createHash } from "node:crypto";
import { canonicalJson } from "../domain/audit";
import { SCORING_ENGINE_VERSION } from "../domain/scoring/canonical";
import { optionsOf, type Question, type TemplateDefinition } from "../domain/templates/definition";
import type { AssessmentStatus } from "../domain/assessment-lifecycle";
import { recordAudit, SYSTEM_ACTOR } from "./audit.server";
import { bigSeedSize, seedBigInventory, COMPONENTS_PER_SUPPLIER } from "./big-seed.server";
import { ensureBuiltinTemplate } from "./builtin-template.server";
import { refreshAllDeadlines } from "./deadlines.server";
import { currentMethodology } from "./scores-methodology.server";
import { scoringInput, type StoredScoringInputs } from "./scores.server";

export const ASSESSMENTS_PER_SUPPLIER = 5;
/** Answer profiles (full answer sets) and component variants per profile. */
export const ANSWER_PROFILES = 48;
export const COMPONENT_VARIANTS = 4;
/** Assessments per answers batch (each its own transaction, about 100,000 answer rows). */
const ANSWER_BATCH = 1000;
const SCORE_BATCH = 200;

/** Share of each status (every status present at any size of 20 suppliers or more). */
export const STATUS_WEIGHTS: Record<AssessmentStatus, number> = {
  sent: 8,
  in_progress: 14,
  submitted: 6,
  in_review: 6,
  changes_requested: 3,
  resubmitted: 3,
  decided: 45,
  expired: 8,
  closed: 7,
};
/** Statuses with a complete questionnaire and a stored score. */
const ANSWERED: AssessmentStatus[] = ["submitted", "in_review", "changes_requested", "resubmitted", "decided", "expired", "closed"];
const REVIEWED: AssessmentStatus[] = ["in_review", "changes_requested", "resubmitted", "decided", "expired"];

export function scaleSeedSize(suppliers: number) {
  return { ...bigSeedSize(suppliers), assessments: suppliers * ASSESSMENTS_PER_SUPPLIER };
}

export interface ScaleSeedProgress {
  step: string;
  done: number;
  total: number;
}

export interface ScaleSeedOptions {
  suppliers: number;
  /** Called as each step advances (for a progress bar). */
  onProgress?: (progress: ScaleSeedProgress) => void;
  /** A line per finished step with its timing. */
  log?: (line: string) => void;
  /** Skip the deadline sweep at the end (tests that do not need it). */
  skipDeadlines?: boolean;
  now?: Date;
}

export interface ScaleSeedSummary {
  inserted: Record<string, number>;
  timings: Record<string, number>;
}

// ---- answer profiles ---------------------------------------------------------------------------

/** A deterministic pseudo-random number in [0, 1) from a string (FNV-1a, then a round of mixing). */
function rand(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i += 1) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 4294967296;
}

interface ProfileRow {
  /** Profile number. */
  p: number;
  /** -1: a supplier answer; otherwise the component variant. */
  v: number;
  /** Position in the template order (supplier questions first): assessments being answered keep a prefix. */
  o: number;
  k: string;
  /** The question is a file question: the value is made in SQL from the evidence ids. */
  f: boolean;
  val: unknown;
  na: boolean;
}

const TEXTS = [
  "Documented in our AI governance handbook, reviewed every year by the risk committee.",
  "Handled by the platform team with a written procedure and a named owner.",
  "Covered by contract clauses with our upstream model provider; summary available on request.",
  "In place for production models; being extended to experimental ones this year.",
];

/** A value for one question, shaped like the vendor form saves it; `r` picks deterministically. */
function valueFor(question: Question, r: number, seed: string, now: Date): { value: unknown; isNa: boolean } {
  if (question.allowNa && r < 0.04) return { value: null, isNa: true };
  const options = optionsOf(question).map((o) => o.value);
  switch (question.type) {
    case "yes_no":
    case "yes_partial_no":
    case "single_choice": {
      // Skewed to the first (usually best) option, so grades spread from A to E across profiles.
      const i = Math.min(options.length - 1, Math.floor(Math.pow(rand(`${seed}:c`), 1.8) * options.length));
      return { value: options[i], isNa: false };
    }
    case "multi_choice": {
      const chosen = options.filter((_, i) => rand(`${seed}:m${i}`) < 0.45);
      return { value: chosen.length ? chosen : [options[0]], isNa: false };
    }
    case "short_text":
      return { value: `${TEXTS[Math.floor(r * TEXTS.length)]!.split(",")[0]}.`, isNa: false };
    case "long_text":
      return { value: `${TEXTS[Math.floor(r * TEXTS.length)]} ${TEXTS[Math.floor(rand(`${seed}:t`) * TEXTS.length)]}`, isNa: false };
    case "number": {
      const min = question.min ?? 0;
      const max = question.max ?? Math.max(min + 100, 100);
      return { value: Math.round(min + rand(`${seed}:n`) * (max - min)), isNa: false };
    }
    case "date": {
      const day = new Date(now.getTime() - Math.floor(rand(`${seed}:d`) * 1100) * 86_400_000);
      return { value: day.toISOString().slice(0, 10), isNa: false };
    }
    case "file":
      return { value: null, isNa: false };
  }
}

/**
 * The answer profiles: for each, the supplier answers and COMPONENT_VARIANTS sets of component
 * answers, only for questions that show given the answers before them (the domain's walk).
 */
export function buildAnswerProfiles(definition: TemplateDefinition, now: Date, profiles = ANSWER_PROFILES): ProfileRow[] {
  const questions = new Map<string, { question: Question; order: number; scope: "supplier" | "component" }>();
  let order = 0;
  for (const scope of ["supplier", "component"] as const) {
    for (const section of definition.sections) {
      if (section.scope !== scope) continue;
      for (const question of section.questions) questions.set(question.key, { question, order: order++, scope });
    }
  }
  const supplierNodes = scopeNodes(definition, "supplier");
  const componentNodes = scopeNodes(definition, "component");
  const rows: ProfileRow[] = [];
  const answersFor = (keys: string[], seed: string) => {
    const answers: Record<string, ScopeAnswer> = {};
    for (const key of keys) {
      const { question } = questions.get(key)!;
      answers[key] = valueFor(question, rand(`${seed}:${key}`), `${seed}:${key}`, now);
    }
    return answers;
  };
  const push = (p: number, v: number, key: string, answer: ScopeAnswer) => {
    const { question, order: o } = questions.get(key)!;
    rows.push({ p, v, o, k: key, f: question.type === "file", val: answer.value, na: answer.isNa });
  };
  for (let p = 0; p < profiles; p += 1) {
    // A profile's quality: some answer everything well, some poorly (the skew above does the rest).
    const supplierAll = answersFor(
      supplierNodes.map((n) => n.key),
      `p${p}`,
    );
    const supplierShown = visibleKeys(supplierNodes, supplierAll);
    const supplier: Record<string, ScopeAnswer> = {};
    for (const key of supplierShown) supplier[key] = supplierAll[key]!;
    for (const [key, answer] of Object.entries(supplier)) push(p, -1, key, answer);
    for (let v = 0; v < COMPONENT_VARIANTS; v += 1) {
      const componentKeys = componentNodes.map((n) => n.key).filter((k) => questions.get(k)!.scope === "component");
      const all = { ...supplier, ...answersFor(componentKeys, `p${p}v${v}`) };
      const shown = visibleKeys(componentNodes, all);
      for (const key of componentKeys) if (shown.has(key)) push(p, v, key, all[key]!);
    }
  }
  return rows;
}

/** The number of template positions (for the prefix kept by assessments still being answered). */
function questionCount(definition: TemplateDefinition): number {
  return definition.sections.reduce((n, s) => n + s.questions.length, 0);
}

// ---- SQL helpers (as in big-seed.server.ts) --------------------------------------------------------

const lit = (value: string | number) => sql.lit(value);
function unit(key: RawBuilder<unknown>, salt: string): RawBuilder<number> {
  return sql<number>`(('x' || substr(md5((${key})::text || ${lit(`:${salt}`)}), 1, 8))::bit(32)::bigint::float8 / 4294967296)`;
}
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
const pad = (n: RawBuilder<unknown>, width: number) => sql<string>`lpad((${n})::text, ${lit(width)}, '0')`;
/** A deterministic uuid from text: md5's bits with the version (4) and variant (8) nibbles set, so it passes uuid checks. */
const uuidFrom = (text: RawBuilder<unknown>) => sql<string>`overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`;
const idOf = (label: string, n: RawBuilder<unknown>) => uuidFrom(sql`${lit(label)} || ${pad(n, 7)}`);
const statusList = (statuses: readonly string[]) => sql.join(statuses.map((s) => lit(s)));
function affected(result: { numAffectedRows?: bigint }): number {
  return Number(result.numAffectedRows ?? 0n);
}

async function isSuperuser(db: Kysely<Database>): Promise<boolean> {
  const row = await sql<{ s: boolean }>`SELECT rolsuper AS s FROM pg_roles WHERE rolname = current_user`.execute(db);
  return row.rows[0]?.s === true;
}

// ---- the seed ----------------------------------------------------------------------------------------

export async function seedScale(db: Kysely<Database>, options: ScaleSeedOptions): Promise<ScaleSeedSummary> {
  const { suppliers } = options;
  const size = scaleSeedSize(suppliers);
  const now = options.now ?? new Date();
  const log = options.log ?? (() => {});
  const progress = options.onProgress ?? (() => {});
  const timings: Record<string, number> = {};
  const inserted: Record<string, number> = {};
  const started = performance.now();
  const step = async (name: string, run: () => Promise<number | null>) => {
    const t0 = performance.now();
    const rows = await run();
    timings[name] = Math.round(performance.now() - t0);
    if (rows !== null) inserted[name] = (inserted[name] ?? 0) + rows;
    log(
      `  ${name.padEnd(18)} ${rows === null ? "".padEnd(21) : `${String(rows).padStart(9)} rows inserted`.padEnd(21)} ${String(timings[name]).padStart(7)} ms`,
    );
  };

  // 1. The inventory (suppliers, contacts, components, systems, dependencies).
  progress({ step: "inventory", done: 0, total: 1 });
  const inventory = await seedBigInventory(db, { suppliers });
  Object.assign(inserted, inventory.inserted);
  timings.inventory = inventory.timings.total!;
  log(
    `  ${"inventory".padEnd(18)} ${String(Object.values(inventory.inserted).reduce((a, b) => a + b, 0)).padStart(9)} rows inserted ${String(timings.inventory).padStart(7)} ms`,
  );
  progress({ step: "inventory", done: 1, total: 1 });

  await ensureBuiltinTemplate(db);
  const version = await db
    .selectFrom("template_versions as v")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .select(["v.id", "v.definition"])
    .where("t.is_builtin", "=", true)
    .where("v.status", "=", "published")
    .orderBy("v.version", "asc")
    .executeTakeFirstOrThrow();
  const definition = version.definition as TemplateDefinition;
  const methodology = await currentMethodology(db);
  const reviewer = await db
    .selectFrom("users")
    .select("id")
    .where("role", "in", ["admin", "risk_owner"])
    .where("disabled_at", "is", null)
    .orderBy("email")
    .executeTakeFirst();
  const reviewerId = reviewer ? lit(reviewer.id) : sql`NULL`;
  const n = sql.ref("n");

  // 2. Assessments, their components, grants and reviewers.
  await step("assessments", async () => {
    const status = weighted(STATUS_WEIGHTS, sql.ref("r_status"));
    const result = await db.transaction().execute(async (trx) => {
      const r = await sql`
        WITH h AS (
          SELECT n, ((n - 1) % ${lit(suppliers)}) + 1 AS g, (n - 1) / ${lit(suppliers)} AS cycle,
                 ${unit(n, "a-status")} AS r_status, ${unit(n, "a-age")} AS r_age, ${unit(n, "a-decision")} AS r_decision
          FROM generate_series(1, ${lit(size.assessments)}) AS n
        ), x AS (
          SELECT h.*, ${status} AS status,
                 -- Still open ones were sent in the last 75 days; the rest in the last three years.
                 now() - interval '1 day' * (CASE WHEN ${status} IN ('sent','in_progress','changes_requested','submitted','in_review','resubmitted')
                                                  THEN 5 + r_age * 70 ELSE 120 + r_age * 1000 END) AS created
          FROM h
        )
        INSERT INTO assessments (id, supplier_id, template_version_id, status, due_date, message, issued_by, created_at, updated_at,
                                 submitted_at, review_due_date, review_started_at, changes_requested_at, decision, decision_rationale,
                                 decided_by, decided_at, valid_until, expired_at, closed_at)
        SELECT ${idOf("BIG-ASM-", n)}, s.id, ${lit(version.id)}, x.status, (x.created + interval '30 days')::date,
               'Synthetic assessment ' || ${pad(n, 7)} || ' for load tests.', ${reviewerId}, x.created, x.created + interval '25 days',
               CASE WHEN x.status NOT IN ('sent','in_progress') THEN x.created + interval '20 days' END,
               CASE WHEN x.status IN ('submitted','in_review','resubmitted') THEN (x.created + interval '34 days')::date END,
               CASE WHEN x.status IN ('in_review','changes_requested','resubmitted','decided','expired') THEN x.created + interval '22 days' END,
               CASE WHEN x.status IN ('changes_requested','resubmitted') THEN x.created + interval '23 days' END,
               CASE WHEN x.status IN ('decided','expired') THEN (CASE WHEN r_decision < 0.6 THEN 'approved' WHEN r_decision < 0.9 THEN 'approved_with_conditions' ELSE 'rejected' END) END,
               CASE WHEN x.status IN ('decided','expired') THEN 'Synthetic decision for load tests.' END,
               CASE WHEN x.status IN ('decided','expired') THEN ${reviewerId}::uuid END,
               CASE WHEN x.status IN ('decided','expired') THEN x.created + interval '25 days' END,
               CASE WHEN x.status = 'decided' THEN (now() + interval '1 day' * (10 + r_age * 700))::date
                    WHEN x.status = 'expired' THEN (now() - interval '1 day' * (1 + r_age * 60))::date END,
               CASE WHEN x.status = 'expired' THEN now() - interval '1 day' * (r_age * 60) END,
               CASE WHEN x.status = 'closed' THEN x.created + interval '40 days' END
        FROM x JOIN suppliers s ON s.external_id = 'BIG-SUP-' || ${pad(sql.ref("g"), 6)}
        ON CONFLICT (id) DO NOTHING`.execute(trx);
      const count = affected(r);
      // One to four of the supplier's components in scope, rotating which: most reviews cover one
      // component (70 %), some two (22 %), few three or four, so ~100 answers per assessment.
      const inScope = sql`(CASE WHEN ${unit(n, "a-ncomp")} < 0.7 THEN 1 WHEN ${unit(n, "a-ncomp")} < 0.92 THEN 2 WHEN ${unit(n, "a-ncomp")} < 0.98 THEN 3 ELSE 4 END)`;
      await sql`
        INSERT INTO assessment_components (assessment_id, ai_component_id)
        SELECT ${idOf("BIG-ASM-", n)}, c.id
        FROM generate_series(1, ${lit(size.assessments)}) AS n
        CROSS JOIN generate_series(1, ${lit(COMPONENTS_PER_SUPPLIER)}) AS k
        JOIN ai_components c ON c.external_id = 'BIG-CMP-' || ${pad(sql`((n - 1) % ${lit(suppliers)}) * ${lit(COMPONENTS_PER_SUPPLIER)} + k`, 7)}
        WHERE (k - 1 + n) % ${lit(COMPONENTS_PER_SUPPLIER)} < ${inScope}
        ON CONFLICT DO NOTHING`.execute(trx);
      // One grant per assessment, to the supplier's primary contact (a token hash nobody holds).
      await sql`
        INSERT INTO access_grants (id, assessment_id, contact_id, email, name, token_hash, expires_at, created_at, last_used_at)
        SELECT ${idOf("BIG-GRT-", n)}, a.id, c.id, c.email, c.name, md5('BIG-TOK-a' || n) || md5('BIG-TOK-b' || n),
               a.due_date + interval '30 days', a.created_at, CASE WHEN a.status <> 'sent' THEN a.created_at + interval '2 days' END
        FROM generate_series(1, ${lit(size.assessments)}) AS n
        JOIN assessments a ON a.id = ${idOf("BIG-ASM-", n)}
        JOIN suppliers s ON s.id = a.supplier_id
        JOIN supplier_contacts c ON c.supplier_id = s.id AND c.is_primary
        ON CONFLICT DO NOTHING`.execute(trx);
      if (reviewer) {
        await sql`
          INSERT INTO assessment_reviewers (assessment_id, user_id, assigned_by, assigned_at)
          SELECT a.id, ${lit(reviewer.id)}::uuid, ${lit(reviewer.id)}::uuid, a.review_started_at
          FROM generate_series(1, ${lit(size.assessments)}) AS n
          JOIN assessments a ON a.id = ${idOf("BIG-ASM-", n)}
          WHERE a.status IN (${statusList(REVIEWED)})
          ON CONFLICT DO NOTHING`.execute(trx);
      }
      return count;
    });
    return result;
  });

  // 3. Answers (with evidence for file questions and one history row each), in batches.
  const profileRows = buildAnswerProfiles(definition, now);
  const profileJson = JSON.stringify(profileRows.map((r) => ({ ...r, val: r.val === null || r.val === undefined ? null : r.val })));
  const positions = questionCount(definition);
  const superuser = await isSuperuser(db);
  let answerRows = 0;
  let evidenceRows = 0;
  const batches = Math.ceil(size.assessments / ANSWER_BATCH);
  const evidenceId = uuidFrom(sql`'BIG-EVD-' || r.assessment_id || r.question_key || coalesce(r.component_id::text, '-')`);
  const tAnswers = performance.now();
  progress({ step: "answers", done: 0, total: size.assessments });
  for (let b = 0; b < batches; b += 1) {
    const from = b * ANSWER_BATCH + 1;
    const to = Math.min(size.assessments, from + ANSWER_BATCH - 1);
    const [answersAdded, evidenceAdded] = await db.transaction().execute(async (trx) => {
      // The rows are consistent by construction: skip the per-row FK checks and the history trigger
      // (the history is written below, set-based). Only a superuser may; otherwise the triggers run.
      if (superuser) await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      await sql`SET LOCAL synchronous_commit = off`.execute(trx);
      await sql`
        CREATE TEMP TABLE IF NOT EXISTS scale_seed_rows (
          assessment_id uuid, n integer, component_id uuid, question_key text, is_file boolean, value jsonb, is_na boolean,
          grant_id uuid, updated_at timestamptz
        ) ON COMMIT DELETE ROWS`.execute(trx);
      await sql`
        WITH prof AS (
          SELECT * FROM jsonb_to_recordset(${profileJson}::jsonb) AS t(p integer, v integer, o integer, k text, f boolean, val jsonb, na boolean)
        ), a AS (
          SELECT n, a.id, a.status, a.created_at,
                 floor(${unit(n, "a-profile")} * ${lit(ANSWER_PROFILES)})::int AS profile,
                 CASE WHEN a.status = 'sent' THEN 0
                      WHEN a.status = 'in_progress' THEN floor((0.15 + 0.8 * ${unit(n, "a-progress")}) * ${lit(positions)})::int
                      ELSE ${lit(positions)} END AS upto
          FROM generate_series(${lit(from)}, ${lit(to)}) AS n
          JOIN assessments a ON a.id = ${idOf("BIG-ASM-", n)}
          WHERE NOT EXISTS (SELECT 1 FROM answers x WHERE x.assessment_id = a.id)
        ), scopes AS (
          SELECT a.*, NULL::uuid AS component_id, -1 AS variant FROM a
          UNION ALL
          SELECT a.*, ac.ai_component_id, (a.profile + (row_number() OVER (PARTITION BY a.id ORDER BY ac.ai_component_id))::int) % ${lit(COMPONENT_VARIANTS)}
          FROM a JOIN assessment_components ac ON ac.assessment_id = a.id
        )
        INSERT INTO scale_seed_rows
        SELECT s.id, s.n, s.component_id, prof.k, prof.f, prof.val, prof.na, ${idOf("BIG-GRT-", sql.ref("s.n"))},
               s.created_at + interval '1 day' + interval '1 minute' * prof.o
        FROM scopes s JOIN prof ON prof.p = s.profile AND prof.v = s.variant AND prof.o < s.upto`.execute(trx);
      const evidence = await sql`
        INSERT INTO evidence (id, assessment_id, question_key, ai_component_id, file_name, content_type, size_bytes, sha256, bytes,
                              valid_until, uploaded_by_grant_id, created_at)
        SELECT ${evidenceId},
               r.assessment_id, r.question_key, r.component_id, r.question_key || '.pdf', 'application/pdf', 27,
               encode(sha256(convert_to('Synthetic evidence for load', 'UTF8')), 'hex'), convert_to('Synthetic evidence for load', 'UTF8'),
               (current_date + (${unit(sql`r.assessment_id::text || r.question_key || coalesce(r.component_id::text, '-')`, "ev-valid")} * 900)::int - 180),
               r.grant_id, r.updated_at
        FROM scale_seed_rows r WHERE r.is_file AND NOT r.is_na
        ON CONFLICT DO NOTHING`.execute(trx);
      // Only assessments without answers are in scale_seed_rows, so no ON CONFLICT (its speculative
      // insertion costs a third of the time); the history rows come from RETURNING.
      const history = superuser
        ? sql`INSERT INTO answer_history (answer_id, assessment_id, question_key, ai_component_id, value, is_na, comment, revision, updated_by_grant_id, saved_at)
              SELECT id, assessment_id, question_key, ai_component_id, value, is_na, comment, revision, updated_by_grant_id, updated_at FROM ins`
        : sql`SELECT count(*)::int AS c FROM ins`;
      const answers = await sql<{ c: number }>`
        WITH ins AS (
          INSERT INTO answers (assessment_id, question_key, ai_component_id, value, is_na, revision, updated_by_grant_id, updated_at)
          SELECT r.assessment_id, r.question_key, r.component_id,
                 CASE WHEN r.is_na THEN NULL
                      WHEN r.is_file THEN jsonb_build_array(${evidenceId})
                      ELSE r.value END,
                 r.is_na, 1, r.grant_id, r.updated_at
          FROM scale_seed_rows r
          RETURNING *
        )
        ${history}`.execute(trx);
      return [affected(answers) || Number(answers.rows[0]?.c ?? 0), affected(evidence)];
    });
    answerRows += answersAdded;
    evidenceRows += evidenceAdded;
    progress({ step: "answers", done: to, total: size.assessments });
  }
  inserted.answers = answerRows;
  inserted.evidence = evidenceRows;
  timings.answers = Math.round(performance.now() - tAnswers);
  log(`  ${"answers+evidence".padEnd(18)} ${String(answerRows + evidenceRows).padStart(9)} rows inserted ${String(timings.answers).padStart(7)} ms`);

  // 4. Findings (about one per two reviewed assessments) with their "created" event; change notices.
  await step("findings", async () => {
    const r = await sql`
      WITH x AS (
        SELECT n, a.id, a.supplier_id, a.created_at, ${unit(n, "f-sev")} AS r_sev, ${unit(n, "f-status")} AS r_status
        FROM generate_series(1, ${lit(size.assessments)}) AS n
        JOIN assessments a ON a.id = ${idOf("BIG-ASM-", n)}
        WHERE a.status IN (${statusList(REVIEWED)}) AND ${unit(n, "f-has")} < 0.5
      ), ins AS (
        INSERT INTO findings (id, assessment_id, supplier_id, ai_component_id, source, title, description, severity, status, owner_id,
                              due_date, created_by, created_at, updated_at, closed_at)
        SELECT ${idOf("BIG-FND-", n)}, x.id, x.supplier_id,
               (SELECT ac.ai_component_id FROM assessment_components ac WHERE ac.assessment_id = x.id ORDER BY ac.ai_component_id LIMIT 1),
               'scorecard', 'Synthetic finding ' || ${pad(n, 7)}, 'Raised for load tests.',
               CASE WHEN r_sev < 0.3 THEN 'low' WHEN r_sev < 0.7 THEN 'medium' WHEN r_sev < 0.93 THEN 'high' ELSE 'critical' END,
               CASE WHEN r_status < 0.45 THEN 'open' WHEN r_status < 0.7 THEN 'remediating' ELSE 'closed' END,
               ${reviewerId}::uuid, (x.created_at + interval '1 day' * (40 + r_sev * 200))::date, ${reviewerId}::uuid,
               x.created_at + interval '23 days', x.created_at + interval '30 days',
               CASE WHEN r_status >= 0.7 THEN x.created_at + interval '60 days' END
        FROM x
        ON CONFLICT (id) DO NOTHING
        RETURNING id, created_at
      )
      INSERT INTO finding_events (finding_id, kind, actor_type, actor_label, at)
      SELECT id, 'created', 'system', 'Scale seed', created_at FROM ins`.execute(db);
    return affected(r);
  });
  await step("change notices", async () => {
    const r = await sql`
      INSERT INTO change_notices (id, ai_component_id, supplier_id, kind, occurred_on, description, reported_label, created_at, reviewed_at)
      SELECT ${idOf("BIG-CHN-", n)}, c.id, c.supplier_id,
             (ARRAY['model_version','retrain','training_data','subprocessor','incident'])[1 + floor(${unit(n, "cn-kind")} * 5)::int],
             current_date - (${unit(n, "cn-day")} * 400)::int, 'Synthetic change notice for load tests.', 'Scale seed',
             now() - interval '1 day' * (${unit(n, "cn-day")} * 400),
             CASE WHEN ${unit(n, "cn-rev")} < 0.6 THEN now() - interval '1 day' * (${unit(n, "cn-day")} * 300) END
      FROM generate_series(1, ${lit(size.components)}) AS n
      JOIN ai_components c ON c.external_id = 'BIG-CMP-' || ${pad(n, 7)}
      WHERE ${unit(n, "cn-has")} < 0.25
      ON CONFLICT (id) DO NOTHING`.execute(db);
    return affected(r);
  });

  // 5. Scores, by the engine, for every answered assessment without one.
  {
    const t0 = performance.now();
    const pending = await sql<{ id: string }>`
      SELECT a.id FROM generate_series(1, ${lit(size.assessments)}) AS n
      JOIN assessments a ON a.id = ${idOf("BIG-ASM-", n)}
      WHERE a.status IN (${statusList(ANSWERED)}) AND NOT EXISTS (SELECT 1 FROM scores s WHERE s.assessment_id = a.id)
      ORDER BY n`.execute(db);
    const ids = pending.rows.map((r) => r.id);
    let scored = 0;
    progress({ step: "scores", done: 0, total: ids.length });
    for (let i = 0; i < ids.length; i += SCORE_BATCH) {
      scored += await db.transaction().execute((trx) => insertScores(trx, ids.slice(i, i + SCORE_BATCH), definition, methodology));
      progress({ step: "scores", done: Math.min(ids.length, i + SCORE_BATCH), total: ids.length });
    }
    inserted.scores = scored;
    timings.scores = Math.round(performance.now() - t0);
    log(`  ${"scores".padEnd(18)} ${String(scored).padStart(9)} rows inserted ${String(timings.scores).padStart(7)} ms`);
  }

  if (Object.entries(inserted).some(([, v]) => v > 0)) {
    await db
      .transaction()
      .execute((trx) => recordAudit(trx, SYSTEM_ACTOR, { action: "inventory.seed_big", entityType: "database", details: { scale: true, ...inserted, size } }));
  }

  // 6. Statistics, then the deadline sweep (the stored per-component deadlines the pages read).
  await step("analyze", async () => {
    await sql`ANALYZE assessments, assessment_components, access_grants, assessment_reviewers, answers, answer_history, evidence, findings,
                      finding_events, change_notices, scores, score_components`.execute(db);
    return null;
  });
  if (!options.skipDeadlines) {
    progress({ step: "deadlines", done: 0, total: 1 });
    await step("deadlines", async () => {
      await refreshAllDeadlines(db, now);
      return null;
    });
    progress({ step: "deadlines", done: 1, total: 1 });
  }
  timings.total = Math.round(performance.now() - started);
  return { inserted, timings };
}

/**
 * `scoringInputHash` with the template's and methodology's canonical JSON computed once: the same
 * string (canonicalJson sorts keys: answers, componentIds, definition, engine, evidence,
 * methodology, scoringDate), hashed synchronously. The test proves it with `recomputeScore`.
 */
function fastInputHash(fixed: { definition: string; methodology: string }, inputs: StoredScoringInputs): string {
  const answers = inputs.answers.map((x) => ({ questionKey: x.questionKey, componentId: x.componentId, value: x.value ?? null, isNa: x.isNa }));
  const evidence = inputs.evidence.map((e) => ({ id: e.id, validUntil: e.validUntil, questionKey: e.questionKey ?? null, componentId: e.componentId ?? null }));
  const text =
    `{"answers":${canonicalJson(answers)},"componentIds":${canonicalJson(inputs.componentIds)},"definition":${fixed.definition},` +
    `"engine":${canonicalJson(SCORING_ENGINE_VERSION)},"evidence":${canonicalJson(evidence)},"methodology":${fixed.methodology},` +
    `"scoringDate":${canonicalJson(inputs.scoringDate)}}`;
  return createHash("sha256").update(text).digest("hex");
}

/** Scores a batch of assessments as `storeScore` would (same inputs, engine, hash and rows), in multi-row inserts. */
async function insertScores(
  trx: Transaction<Database>,
  ids: string[],
  definition: TemplateDefinition,
  methodology: Awaited<ReturnType<typeof currentMethodology>>,
): Promise<number> {
  if (ids.length === 0) return 0;
  const [assessments, components, answers, evidence] = await Promise.all([
    trx.selectFrom("assessments").select(["id", "supplier_id", "template_version_id", "submitted_at"]).where("id", "in", ids).execute(),
    trx.selectFrom("assessment_components").select(["assessment_id", "ai_component_id"]).where("assessment_id", "in", ids).execute(),
    trx.selectFrom("answers").select(["assessment_id", "question_key", "ai_component_id", "value", "is_na"]).where("assessment_id", "in", ids).execute(),
    trx.selectFrom("evidence").select(["id", "assessment_id", "valid_until", "question_key", "ai_component_id"]).where("assessment_id", "in", ids).execute(),
  ]);
  const group = <T extends { assessment_id: string }>(rows: T[]) => groupBy(rows, (row) => row.assessment_id);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const componentsBy = group(components);
  const answersBy = group(answers);
  const evidenceBy = group(evidence);
  const fixed = { definition: canonicalJson(definition), methodology: canonicalJson(methodology) };
  const scoreRows: Insertable<Database["scores"]>[] = [];
  const componentRows: Insertable<Database["score_components"]>[] = [];
  for (const a of assessments) {
    const computedAt = a.submitted_at ?? new Date();
    const inputs: StoredScoringInputs = {
      componentIds: (componentsBy.get(a.id) ?? []).map((c) => c.ai_component_id).sort(cmp),
      answers: (answersBy.get(a.id) ?? [])
        .map((r) => ({ questionKey: r.question_key, componentId: r.ai_component_id, value: r.value ?? null, isNa: r.is_na }))
        .sort((x, y) => cmp(x.componentId ?? "", y.componentId ?? "") || cmp(x.questionKey, y.questionKey)),
      evidence: (evidenceBy.get(a.id) ?? [])
        .sort((x, y) => cmp(x.id, y.id))
        .map((e) => ({ id: e.id, validUntil: e.valid_until as CalendarDate | null, questionKey: e.question_key, componentId: e.ai_component_id })),
      scoringDate: today(computedAt),
    };
    // Stored as JSON text, which drops undefined exactly as `plain` (JSON round trip) does.
    const result = scoreAssessment(scoringInput(definition, inputs, methodology));
    const id = crypto.randomUUID();
    scoreRows.push({
      id,
      assessment_id: a.id,
      supplier_id: a.supplier_id,
      methodology_version: methodology.version,
      template_version_id: a.template_version_id,
      reason: "submit",
      scoring_date: inputs.scoringDate,
      input_hash: fastInputHash(fixed, inputs),
      overall: result.vendor.overall,
      grade: result.vendor.grade,
      confidence: result.confidence,
      flag_count: result.vendor.flags.length,
      inputs: JSON.stringify(inputs),
      result: JSON.stringify(result),
      computed_at: computedAt,
    });
    for (const [componentId, rating] of Object.entries(result.components)) {
      componentRows.push({
        score_id: id,
        assessment_id: a.id,
        ai_component_id: componentId,
        overall: rating.overall,
        grade: rating.grade,
        flag_count: rating.flags.length,
        computed_at: computedAt,
      });
    }
  }
  await trx.insertInto("scores").values(scoreRows).execute();
  for (let i = 0; i < componentRows.length; i += 1000) {
    await trx
      .insertInto("score_components")
      .values(componentRows.slice(i, i + 1000))
      .execute();
  }
  return scoreRows.length;
}
