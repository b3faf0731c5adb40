// The next cycle: reassess a decided assessment with the last cycle's answers and still-valid
// evidence carried over (answers marked prefilled until the vendor confirms or changes them),
// and compare a reassessment's answers with the cycle before it.
//
// Reassessing is one transaction: the new assessment is issued through the issue service (its
// grants, invitation emails and audit events as for any questionnaire), linked to the previous
// one, the evidence copied (bytes and all, in SQL) and the answers inserted; the answer_history
// trigger records each carried answer with no grant as its author.
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { describeValue, findQuestion } from "../domain/answers";
import type { AssessmentStatus } from "../domain/assessment-lifecycle";
import { addDays, formatDate, today as todayOf } from "../domain/calendar";
import { conflictError, invalidError, notFoundError, stateError } from "../domain/errors";
import { isUuid } from "../domain/ids";
import { can, type Principal } from "../domain/permissions";
import type { Decision } from "../domain/review/decision";
import {
  compareCycles,
  CYCLE_CHANGES,
  questionKeyChanges,
  summariseCycle,
  type CurrentCycleAnswer,
  type CycleAnswer,
  type CycleChange,
  type CycleEntry,
  type CycleSummary,
  type ScopedAnswer,
} from "../domain/review/cycle-diff";
import { planCarryOver, reassessRefusal } from "../domain/review/reassess";
import type { Question, TemplateDefinition } from "../domain/templates/definition";
import { threadKey } from "./answer-comments.server";
import { ISSUABLE_SUPPLIER_STATUSES, issueInTransaction, prefillFromBuyerRecords } from "./assessment-issue.server";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";

export type { CycleChange, CycleSummary };

type Db = Kysely<Database> | Transaction<Database>;

// ---------------------------------------------------------------------------------------------
// Reading an assessment's place in its cycles

async function loadCycleFacts(db: Db, assessmentId: string) {
  return db
    .selectFrom("assessments as a")
    .innerJoin("template_versions as v", "v.id", "a.template_version_id")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .innerJoin("suppliers as s", "s.id", "a.supplier_id")
    .select([
      "a.id",
      "a.status",
      "a.decision",
      "a.decided_at",
      "a.created_at",
      "a.message",
      "a.supplier_id",
      "a.template_version_id",
      "a.previous_assessment_id",
      "v.version",
      "v.template_id",
      "v.definition",
      "t.name as template_name",
      "s.name as supplier_name",
      "s.status as supplier_status",
      "s.archived_at as supplier_archived_at",
    ])
    .where("a.id", "=", assessmentId)
    .executeTakeFirst();
}

/** The newest cycle that follows this one (a reassessment of it), if any. */
async function nextCycle(db: Db, assessmentId: string) {
  return db
    .selectFrom("assessments")
    .select(["id", "status", "created_at"])
    .where("previous_assessment_id", "=", assessmentId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
}

const NEXT_CYCLE_UNDER_WAY = "This questionnaire has already been reassessed and the next cycle is under way: open it from this page.";

/** Why this assessment cannot be reassessed (its state, or a next cycle already under way), or null. */
function refusalOf(facts: { status: AssessmentStatus; decision: Decision | null }, next: { status: AssessmentStatus } | undefined): string | null {
  return reassessRefusal(facts.status, facts.decision !== null) ?? (next && next.status !== "closed" ? NEXT_CYCLE_UNDER_WAY : null);
}

/** The versions a reassessment may use: the pinned one (while still published) and the template's newest published one. */
async function versionChoices(db: Db, facts: { template_id: string; template_version_id: string }) {
  const rows = await db
    .selectFrom("template_versions as v")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .select(["v.id", "v.version", "v.published_at", "t.name"])
    .where("v.template_id", "=", facts.template_id)
    .where("v.status", "=", "published")
    .where("t.archived_at", "is", null)
    .orderBy("v.version", "desc")
    .execute();
  const newest = rows[0];
  const pinned = rows.find((r) => r.id === facts.template_version_id);
  const choices: Array<{ id: string; version: number; name: string; pinned: boolean; newest: boolean }> = [];
  if (newest) choices.push({ id: newest.id, version: newest.version, name: newest.name, pinned: newest.id === facts.template_version_id, newest: true });
  if (pinned && pinned.id !== newest?.id) choices.push({ id: pinned.id, version: pinned.version, name: pinned.name, pinned: true, newest: false });
  return choices;
}

const hasComponentSections = (definition: TemplateDefinition) => definition.sections.some((s) => s.scope === "component");

// ---------------------------------------------------------------------------------------------
// The reassess page

/** What the reassess page offers, with its defaults. Null when the assessment does not exist. */
export async function reassessChoices(db: Kysely<Database>, assessmentId: string | undefined, now = new Date()) {
  if (!isUuid(assessmentId)) return null;
  const facts = await loadCycleFacts(db, assessmentId);
  if (!facts) return null;
  const [next, versions, inScope, components, contacts, grants] = await Promise.all([
    nextCycle(db, facts.id),
    versionChoices(db, facts),
    db.selectFrom("assessment_components").select("ai_component_id").where("assessment_id", "=", facts.id).execute(),
    db
      .selectFrom("ai_components")
      .select(["id", "name", "kind", "version"])
      .where("supplier_id", "=", facts.supplier_id)
      .where("archived_at", "is", null)
      .orderBy(sql`lower(name)`)
      .orderBy("id")
      .execute(),
    db
      .selectFrom("supplier_contacts")
      .select(["id", "name", "email", "title", "is_primary"])
      .where("supplier_id", "=", facts.supplier_id)
      .orderBy("is_primary", "desc")
      .orderBy("name")
      .execute(),
    db.selectFrom("access_grants").select(["contact_id"]).where("assessment_id", "=", facts.id).where("revoked_at", "is", null).execute(),
  ]);
  const wasInScope = new Set(inScope.map((r) => r.ai_component_id));
  const hadLink = new Set(grants.map((g) => g.contact_id).filter((id): id is string => id !== null));
  const issuable = !facts.supplier_archived_at && (ISSUABLE_SUPPLIER_STATUSES as readonly string[]).includes(facts.supplier_status);
  const today = todayOf(now);
  return {
    previous: {
      id: facts.id,
      status: facts.status,
      decision: facts.decision,
      createdAt: facts.created_at,
      supplierId: facts.supplier_id,
      supplierName: facts.supplier_name,
      supplierStatus: facts.supplier_status,
      supplierArchived: facts.supplier_archived_at !== null,
      templateName: facts.template_name,
      version: facts.version,
      componentCount: wasInScope.size,
    },
    refusal: refusalOf(facts, next),
    next: next ?? null,
    issuable,
    versions,
    components: components.map((c) => ({ ...c, wasInScope: wasInScope.has(c.id) })),
    contacts: contacts.map((c) => ({ ...c, hadLink: hadLink.has(c.id) })),
    /** Components of the previous cycle that are archived now (they cannot be asked about again). */
    droppedComponents: wasInScope.size - components.filter((c) => wasInScope.has(c.id)).length,
    defaults: {
      templateVersionId: versions[0]?.id ?? "",
      componentIds: components.filter((c) => wasInScope.has(c.id)).map((c) => c.id),
      contactIds: contacts.filter((c) => hadLink.has(c.id)).map((c) => c.id),
      dueDate: addDays(today, 30),
      minDue: addDays(today, 1),
    },
  };
}

export interface ReassessInput {
  templateVersionId: string;
  componentIds: readonly string[];
  contactIds: readonly string[];
  /** YYYY-MM-DD, after today (UTC): the issue service checks it. */
  dueDate: string;
  message: string | null;
}

export interface ReassessResult {
  assessmentId: string;
  grantIds: string[];
  carriedAnswers: number;
  carriedEvidence: number;
}

/**
 * Issues the next cycle of `previousId`. Refusals are AppErrors naming their field: the state of
 * the previous cycle (form), a version that is neither the pinned one nor the template's newest
 * published one (templateVersionId), no components for a questionnaire with component sections
 * (componentIds), and everything the issue service refuses (supplier, components, contacts, due
 * date, message). A refusal writes nothing.
 */
export async function reassess(ctx: AppContext, actor: Actor, previousId: string, input: ReassessInput, now = new Date()): Promise<ReassessResult> {
  if (!isUuid(previousId)) throw notFoundError();
  return ctx.db.transaction().execute(async (trx) => {
    // The lock orders two reassessments of the same cycle: the second sees the first's next cycle.
    const locked = await trx.selectFrom("assessments").select("id").where("id", "=", previousId).forUpdate().executeTakeFirst();
    if (!locked) throw notFoundError();
    const facts = (await loadCycleFacts(trx, previousId))!;
    const next = await nextCycle(trx, previousId);
    const refusal = reassessRefusal(facts.status, facts.decision !== null);
    if (refusal) throw stateError(refusal);
    if (next && next.status !== "closed") throw conflictError(null, NEXT_CYCLE_UNDER_WAY, { nextAssessmentId: next.id });

    const versions = await versionChoices(trx, facts);
    const version = versions.find((v) => v.id === input.templateVersionId);
    if (!version) {
      throw invalidError(
        "templateVersionId",
        versions.length
          ? "Choose the version this questionnaire was sent with or its template's newest published version"
          : "This questionnaire's template has no published version any more: publish one, or issue another questionnaire",
      );
    }
    const definition = (await trx.selectFrom("template_versions").select("definition").where("id", "=", version.id).executeTakeFirstOrThrow())
      .definition as TemplateDefinition;
    const componentIds = [...new Set(input.componentIds)];
    if (componentIds.length === 0 && hasComponentSections(definition)) {
      throw invalidError("componentIds", "This questionnaire has sections answered for each AI component: choose at least one component");
    }

    const issued = await issueInTransaction(
      ctx,
      trx,
      actor,
      {
        supplierId: facts.supplier_id,
        templateVersionId: version.id,
        componentIds,
        contactIds: input.contactIds,
        dueDate: input.dueDate,
        message: input.message,
        // Filled in below, after the carried-over answers (which win where both exist).
        prefillFromRecords: false,
      },
      now,
    );
    const newId = issued.assessmentId;
    await trx.updateTable("assessments").set({ previous_assessment_id: previousId }).where("id", "=", newId).execute();

    // What to carry: planned in the domain from the rows (evidence without its bytes).
    const [previousAnswers, previousEvidence] = await Promise.all([
      trx
        .selectFrom("answers")
        .select(["question_key", "ai_component_id", "value", "is_na", "comment"])
        .where("assessment_id", "=", previousId)
        .orderBy("question_key")
        .orderBy("scope_id")
        .execute(),
      trx
        .selectFrom("evidence")
        .select(["id", "question_key", "ai_component_id", "valid_until"])
        .where("assessment_id", "=", previousId)
        .orderBy("created_at")
        .orderBy("id")
        .execute(),
    ]);
    const plan = planCarryOver({
      previousDefinition: facts.definition as TemplateDefinition,
      definition,
      componentIds,
      answers: previousAnswers.map((a) => ({ questionKey: a.question_key, componentId: a.ai_component_id, value: a.value, isNa: a.is_na, comment: a.comment })),
      evidence: previousEvidence.map((e) => ({ id: e.id, questionKey: e.question_key, componentId: e.ai_component_id, validUntil: e.valid_until })),
      today: todayOf(now),
    });

    // Evidence first (copied row by row inside the database): file answers point at the copies.
    const copyOf = new Map<string, string>();
    if (plan.evidence.length) {
      const copies = await trx
        .insertInto("evidence")
        .columns([
          "assessment_id",
          "question_key",
          "ai_component_id",
          "file_name",
          "content_type",
          "size_bytes",
          "sha256",
          "bytes",
          "valid_until",
          "created_at",
          "carried_from_id",
        ])
        .expression((eb) =>
          eb
            .selectFrom("evidence as e")
            .select([
              sql<string>`${newId}::uuid`.as("assessment_id"),
              "e.question_key",
              "e.ai_component_id",
              "e.file_name",
              "e.content_type",
              "e.size_bytes",
              "e.sha256",
              "e.bytes",
              "e.valid_until",
              "e.created_at",
              "e.id",
            ])
            .where("e.id", "in", plan.evidence),
        )
        .returning(["id", "carried_from_id"])
        .execute();
      for (const c of copies) copyOf.set(c.carried_from_id!, c.id);
    }

    if (plan.answers.length) {
      await trx
        .insertInto("answers")
        .values(
          plan.answers.map((a) => {
            const value = a.evidenceIds ? a.evidenceIds.map((id) => copyOf.get(id)!) : a.value;
            return {
              assessment_id: newId,
              question_key: a.questionKey,
              ai_component_id: a.componentId,
              value: value === null || value === undefined ? null : JSON.stringify(value),
              is_na: a.isNa,
              comment: a.comment,
              revision: 1,
              updated_by_grant_id: null,
              updated_at: now,
              prefilled: true,
              prefill_source: "previous_cycle" as const,
            };
          }),
        )
        .execute();
    }
    await prefillFromBuyerRecords(trx, newId, version.id, componentIds, now, new Set(plan.answers.map((a) => `${a.questionKey}:${a.componentId}`)));

    await recordAudit(trx, actor, {
      action: "assessment.reassess",
      entityType: "assessment",
      entityId: previousId,
      details: {
        newAssessmentId: newId,
        previousTemplateVersionId: facts.template_version_id,
        templateVersionId: version.id,
        version: version.version,
        componentIds,
        carriedAnswers: plan.answers.length,
        carriedEvidence: plan.evidence.length,
        skippedAnswers: plan.skippedAnswers,
        skippedEvidence: plan.skippedEvidence,
      },
    });
    return { assessmentId: newId, grantIds: issued.grantIds, carriedAnswers: plan.answers.length, carriedEvidence: plan.evidence.length };
  });
}

// ---------------------------------------------------------------------------------------------
// Comparing a reassessment with the cycle before it

/** File answers compare as the SHA-256s of their files: a carried copy is the same document. */
function filesAsHashes(definition: TemplateDefinition, questionKey: string, value: unknown, hashes: Map<string, string>): unknown {
  if (findQuestion(definition, questionKey)?.question.type !== "file" || !Array.isArray(value)) return value;
  return value.map((id) => hashes.get(String(id)) ?? String(id));
}

async function loadCycle(db: Db, assessmentId: string) {
  const [answers, evidence] = await Promise.all([
    db
      .selectFrom("answers")
      .select(["question_key", "ai_component_id", "value", "is_na", "comment", "prefilled", "updated_by_grant_id"])
      .where("assessment_id", "=", assessmentId)
      .execute(),
    db
      .selectFrom("evidence")
      .select(["id", "question_key", "ai_component_id", "file_name", "sha256", "valid_until"])
      .where("assessment_id", "=", assessmentId)
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
  ]);
  return { answers, evidence };
}

interface Comparison {
  current: NonNullable<Awaited<ReturnType<typeof loadCycleFacts>>>;
  previous: NonNullable<Awaited<ReturnType<typeof loadCycleFacts>>>;
  componentIds: string[];
  entries: CycleEntry[];
  cycles: { previous: Awaited<ReturnType<typeof loadCycle>>; current: Awaited<ReturnType<typeof loadCycle>> };
}

async function compare(db: Kysely<Database>, assessmentId: string): Promise<Comparison | null> {
  if (!isUuid(assessmentId)) return null;
  const current = await loadCycleFacts(db, assessmentId);
  if (!current?.previous_assessment_id) return null;
  const previous = await loadCycleFacts(db, current.previous_assessment_id);
  if (!previous) return null;
  const [components, before, now] = await Promise.all([
    db
      .selectFrom("assessment_components as ac")
      .innerJoin("ai_components as c", "c.id", "ac.ai_component_id")
      .select("c.id")
      .where("ac.assessment_id", "=", current.id)
      .orderBy(sql`lower(c.name)`)
      .orderBy("c.id")
      .execute(),
    loadCycle(db, previous.id),
    loadCycle(db, current.id),
  ]);
  const previousDefinition = previous.definition as TemplateDefinition;
  const definition = current.definition as TemplateDefinition;
  const hashesBefore = new Map(before.evidence.map((e) => [e.id, e.sha256]));
  const hashesNow = new Map(now.evidence.map((e) => [e.id, e.sha256]));
  const componentIds = components.map((c) => c.id);
  const entries = compareCycles({
    previousDefinition,
    definition,
    componentIds,
    previousAnswers: before.answers.map((a): ScopedAnswer => ({
      questionKey: a.question_key,
      componentId: a.ai_component_id,
      answer: { value: filesAsHashes(previousDefinition, a.question_key, a.value, hashesBefore), isNa: a.is_na, comment: a.comment },
    })),
    answers: now.answers.map((a): ScopedAnswer<CurrentCycleAnswer> => ({
      questionKey: a.question_key,
      componentId: a.ai_component_id,
      answer: {
        value: filesAsHashes(definition, a.question_key, a.value, hashesNow),
        isNa: a.is_na,
        comment: a.comment,
        // Carried and not saved since. A save by a vendor contact names its grant (the carried
        // row has none), so this holds whether or not the save also clears `prefilled`.
        prefilled: a.prefilled && a.updated_by_grant_id === null,
      },
    })),
  });
  return { current, previous, componentIds, entries, cycles: { previous: before, current: now } };
}

/**
 * For a reassessment: per answer (threadKey from answer-comments), how it compares with the
 * previous cycle. Null when the assessment has no previous cycle. Questions asked before with no
 * answer in either cycle are left out.
 */
export async function previousCycleChanges(db: Kysely<Database>, assessmentId: string): Promise<Map<string, CycleChange> | null> {
  const comparison = await compare(db, assessmentId);
  if (!comparison) return null;
  return new Map(comparison.entries.map((e) => [threadKey(e.questionKey, e.componentId), e.change]));
}

export interface CycleDiffRow {
  questionKey: string;
  prompt: string;
  sectionTitle: string;
  /** Null: answered once for the supplier. */
  componentName: string | null;
  previous: string | null;
  previousComment: string | null;
  current: string | null;
  currentComment: string | null;
}

/** An answer in words: choice labels, "Not applicable", file names with their validity. */
function answerText(
  question: Question | undefined,
  answer: CycleAnswer | null,
  files: Map<string, { file_name: string; valid_until: string | null }>,
): string | null {
  if (!answer) return null;
  if (!question) return answer.isNa ? "Not applicable" : JSON.stringify(answer.value);
  if (question.type === "file" && !answer.isNa && Array.isArray(answer.value)) {
    if (answer.value.length === 0) return "(no answer)";
    return answer.value
      .map((id) => {
        const f = files.get(String(id));
        return f ? `${f.file_name}${f.valid_until ? ` (valid until ${formatDate(f.valid_until)})` : ""}` : "a removed file";
      })
      .join(", ");
  }
  return describeValue(question, answer.value, answer.isNa);
}

/** Everything the "changes since the previous cycle" page shows. Null when there is no previous cycle. */
export async function cycleDiff(db: Kysely<Database>, assessmentId: string | undefined) {
  if (!isUuid(assessmentId)) return null;
  const comparison = await compare(db, assessmentId);
  if (!comparison) return null;
  const { current, previous, cycles } = comparison;
  const previousDefinition = previous.definition as TemplateDefinition;
  const definition = current.definition as TemplateDefinition;
  const componentIds = [
    ...new Set([...comparison.componentIds, ...cycles.previous.answers.map((a) => a.ai_component_id).filter((id): id is string => id !== null)]),
  ];
  const componentRows = componentIds.length ? await db.selectFrom("ai_components").select(["id", "name"]).where("id", "in", componentIds).execute() : [];
  const componentName = new Map(componentRows.map((c) => [c.id, c.name]));
  const filesBefore = new Map(cycles.previous.evidence.map((e) => [e.id, e]));
  const filesNow = new Map(cycles.current.evidence.map((e) => [e.id, e]));
  // The stored rows (not the hashes compared) say the answers in words.
  const stored = (answers: typeof cycles.current.answers) =>
    new Map(answers.map((a) => [threadKey(a.question_key, a.ai_component_id), { value: a.value, isNa: a.is_na, comment: a.comment }]));
  const before = stored(cycles.previous.answers);
  const now = stored(cycles.current.answers);

  const rowOf = (e: CycleEntry): CycleDiffRow => {
    const key = threadKey(e.questionKey, e.componentId);
    const found = findQuestion(definition, e.questionKey)!;
    const was = findQuestion(previousDefinition, e.questionKey)?.question;
    const previousAnswer = before.get(key) ?? null;
    const currentAnswer = now.get(key) ?? null;
    return {
      questionKey: e.questionKey,
      prompt: found.question.prompt,
      sectionTitle: found.section.title,
      componentName: e.componentId ? (componentName.get(e.componentId) ?? "Component") : null,
      previous: answerText(was, previousAnswer, filesBefore),
      previousComment: previousAnswer?.comment ?? null,
      current: answerText(found.question, currentAnswer, filesNow),
      currentComment: currentAnswer?.comment ?? null,
    };
  };
  const groups = CYCLE_CHANGES.map((change) => ({ change, rows: comparison.entries.filter((e) => e.change === change).map(rowOf) }));

  const templateChanged = current.template_version_id !== previous.template_version_id;
  const keyChanges = templateChanged ? questionKeyChanges(previousDefinition, definition) : { added: [], removed: [] };
  const describe = (d: TemplateDefinition, key: string) => {
    const found = findQuestion(d, key)!;
    return { questionKey: key, prompt: found.question.prompt, sectionTitle: found.section.title };
  };
  const removed = keyChanges.removed.map((key) => ({
    ...describe(previousDefinition, key),
    previousAnswers: cycles.previous.answers
      .filter((a) => a.question_key === key)
      .map((a) => ({
        componentName: a.ai_component_id ? (componentName.get(a.ai_component_id) ?? "Component") : null,
        text: answerText(findQuestion(previousDefinition, key)?.question, { value: a.value, isNa: a.is_na, comment: a.comment }, filesBefore),
      })),
  }));

  const cycleOf = (f: typeof current) => ({
    id: f.id,
    status: f.status,
    decision: f.decision,
    createdAt: f.created_at,
    templateName: f.template_name,
    version: f.version,
  });
  return {
    supplierName: current.supplier_name,
    current: cycleOf(current),
    previous: cycleOf(previous),
    summary: summariseCycle(comparison.entries),
    groups,
    templateChanged,
    added: keyChanges.added.map((key) => describe(definition, key)),
    removed,
  };
}

// ---------------------------------------------------------------------------------------------
// The panel on the assessment page

export interface CyclePanelData {
  previous: { id: string; createdAt: string; templateName: string; version: number; decision: Decision | null } | null;
  summary: CycleSummary | null;
  next: { id: string; status: AssessmentStatus; createdAt: string } | null;
  /** Null when the viewer may not issue questionnaires; otherwise whether this one can be reassessed now. */
  reassess: { allowed: boolean; reason: string | null } | null;
}

/**
 * The cycle panel: for a reassessment, the previous cycle and how the answers compare; for an
 * assessment that ended in a decision, its next cycle and the way to start one. Null when there
 * is nothing to show (a first cycle still under way).
 */
export async function cyclePanelData(db: Kysely<Database>, assessmentId: string, viewer: Principal): Promise<CyclePanelData | null> {
  if (!isUuid(assessmentId)) return null;
  const facts = await loadCycleFacts(db, assessmentId);
  if (!facts) return null;
  const [next, comparison] = await Promise.all([nextCycle(db, facts.id), compare(db, facts.id)]);
  const stateRefusal = reassessRefusal(facts.status, facts.decision !== null);
  if (!comparison && !next && stateRefusal) return null;
  const refusal = refusalOf(facts, next);
  return {
    previous: comparison
      ? {
          id: comparison.previous.id,
          createdAt: comparison.previous.created_at.toISOString(),
          templateName: comparison.previous.template_name,
          version: comparison.previous.version,
          decision: comparison.previous.decision,
        }
      : null,
    summary: comparison ? summariseCycle(comparison.entries) : null,
    next: next ? { id: next.id, status: next.status, createdAt: next.created_at.toISOString() } : null,
    reassess: can(viewer, "assessment:issue") && !stateRefusal ? { allowed: refusal === null, reason: refusal } : null,
  };
}
