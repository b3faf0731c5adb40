// Clarification requests: a reviewer picks answers and says what is needed; the assessment goes to
// "changes requested" and those answers (and only those) reopen for the vendor, who gets an email
// with a fresh link; the vendor's resubmit resolves them, keeping the answer's revision so the
// reviewer sees before and after. Each "request changes" is a round.
import { sql, type Kysely, type Transaction } from "kysely";
import * as z from "zod";
import type { ClarificationAnswerView, ClarificationsPanelData } from "../domain/review/review-views";
import type { Database } from "../../db/schema";
import { describeValue, findQuestion, sameValue } from "../domain/answers";
import { transition } from "../domain/assessment-lifecycle";
import { AppError, notFoundError, stateError, type FieldProblems } from "../domain/errors";
import { isUuid } from "../domain/ids";
import { can, type Principal } from "../domain/permissions";
import { assessmentQuestionNumbers, numberOf, sectionNumber, sectionQuestionNumbers } from "../domain/question-numbers";
import { visibleKeys, scopeNodes, type ScopeAnswer } from "../domain/question-visibility";
import { answerableScopes, mayAnswer, NOT_REOPENED_MESSAGE, scopeKey, type AnswerableScopes, type ScopeRef } from "../domain/review/clarification-scope";
import { findScope, questionScopes } from "../domain/review/question-scopes";
import { sectionAllowed } from "../domain/section-assignment";
import { sectionHref } from "../domain/section-page";
import type { Question, TemplateDefinition } from "../domain/templates/definition";
import { lastValidDay, renewedGrantExpiry, rotateGrantToken, vendorLinkUrl } from "./access-grants.server";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { queueEmail } from "./mail.server";

export const CLARIFICATION_MESSAGE_MAX = 5000;
/** How long an answer is shown in lists ("Yes", the start of a long text). */
const SHORT_ANSWER = 160;

export const NO_QUESTIONS_MESSAGE = "Choose at least one question to ask the vendor about.";
export const EMPTY_MESSAGE = "Write what the vendor needs to clarify or change.";
export const UNKNOWN_QUESTION_MESSAGE = "A chosen question is not part of this questionnaire. Reload the page and choose again.";

export const clarificationItem = z.object({
  questionKey: z.string(),
  componentId: z.string().nullable(),
  message: z.string(),
});
export type ClarificationItem = z.output<typeof clarificationItem>;

const componentLabel = (c: { name: string; version: string | null }) => (c.version ? `${c.name} ${c.version}` : c.name);

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > SHORT_ANSWER ? `${flat.slice(0, SHORT_ANSWER - 1)}…` : flat;
}

/** An answer in a few words: the value, "Not applicable" or "(no answer)". */
function shortAnswer(question: Question, answer: { value: unknown; is_na: boolean } | undefined): string {
  return answer ? shorten(describeValue(question, answer.value, answer.is_na)) : "(no answer)";
}

/** The questions' numbers as the vendor sees them now ("2.3": the third visible question of section 2; question-numbers.ts). */
async function currentNumbers(
  db: Kysely<Database>,
  assessmentId: string,
  definition: TemplateDefinition,
  componentIds: readonly string[],
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom("answers")
    .select(["question_key", "ai_component_id", "value", "is_na"])
    .where("assessment_id", "=", assessmentId)
    .orderBy("question_key")
    .orderBy("id")
    .execute();
  return assessmentQuestionNumbers(
    definition,
    componentIds,
    rows.map((r) => ({ questionKey: r.question_key, componentId: r.ai_component_id, value: r.value, isNa: r.is_na })),
  );
}

async function componentsOf(db: Kysely<Database>, assessmentId: string) {
  return db
    .selectFrom("assessment_components as ac")
    .innerJoin("ai_components as c", "c.id", "ac.ai_component_id")
    .select(["c.id", "c.name", "c.version"])
    .where("ac.assessment_id", "=", assessmentId)
    .orderBy(sql`lower(c.name)`)
    .orderBy("c.id")
    .execute();
}

function openRequestRows(db: Kysely<Database>, assessmentId: string) {
  return db
    .selectFrom("clarification_requests")
    .select(["id", "round", "question_key", "ai_component_id", "message", "requested_at"])
    .where("assessment_id", "=", assessmentId)
    .where("resolved_at", "is", null)
    .orderBy("round")
    .orderBy("requested_at")
    .orderBy("id")
    .execute();
}

// ---------------------------------------------------------------------------------------------
// What the vendor may change (answers and evidence services, the answering pages)

/** The vendor's open requests, as the scope rule takes them. */
export async function openRequests(db: Kysely<Database>, assessmentId: string): Promise<Array<ScopeRef & { message: string }>> {
  if (!isUuid(assessmentId)) return [];
  const rows = await openRequestRows(db, assessmentId);
  return rows.map((r) => ({ questionKey: r.question_key, componentId: r.ai_component_id, message: r.message }));
}

/** The answers the vendor may change now (see domain/review/clarification-scope). */
export async function answerRule(
  db: Kysely<Database>,
  assessmentId: string,
  status: string,
  definition: TemplateDefinition,
  componentIds?: readonly string[],
): Promise<AnswerableScopes> {
  if (status !== "changes_requested") return answerableScopes(status, definition, [], []);
  // One after the other: inside a transaction the queries share one connection.
  const ids =
    componentIds ??
    (await db.selectFrom("assessment_components").select("ai_component_id").where("assessment_id", "=", assessmentId).execute()).map((c) => c.ai_component_id);
  const open = await openRequests(db, assessmentId);
  return answerableScopes(status, definition, ids, open);
}

/**
 * In "changes requested", refuses (a "state" AppError, code `not_reopened`) a change to an answer
 * the reviewer did not reopen. Call inside the writing transaction, with the assessment row locked
 * (a share lock is enough: requests are written under its update lock).
 */
export async function assertReopened(
  trx: Kysely<Database>,
  assessmentId: string,
  status: string,
  definition: TemplateDefinition,
  questionKey: string,
  componentId: string | null,
): Promise<void> {
  if (status !== "changes_requested") return;
  const rule = await answerRule(trx, assessmentId, status, definition);
  if (!mayAnswer(rule, questionKey, componentId))
    throw new AppError("state", NOT_REOPENED_MESSAGE, { field: "questionKey", details: { code: "not_reopened" } });
}

export interface VendorClarification {
  key: string;
  questionKey: string;
  componentId: string | null;
  componentName: string | null;
  sectionKey: string;
  sectionTitle: string;
  number: string;
  prompt: string;
  message: string;
  href: string;
}

/** The open requests a vendor contact can act on (their assigned sections), in questionnaire order. */
export async function vendorClarifications(db: Kysely<Database>, assessmentId: string, grant: { sections: string[] | null }): Promise<VendorClarification[]> {
  if (!isUuid(assessmentId)) return [];
  const [version, components, open] = await Promise.all([
    db
      .selectFrom("assessments as a")
      .innerJoin("template_versions as v", "v.id", "a.template_version_id")
      .select("v.definition")
      .where("a.id", "=", assessmentId)
      .executeTakeFirst(),
    componentsOf(db, assessmentId),
    openRequestRows(db, assessmentId),
  ]);
  if (!version || open.length === 0) return [];
  const definition = version.definition as TemplateDefinition;
  const names = new Map(components.map((c) => [c.id, componentLabel(c)]));
  const componentIds = components.map((c) => c.id);
  const numbers = await currentNumbers(db, assessmentId, definition, componentIds);
  const order = questionScopes(definition, componentIds).map((s) => scopeKey(s.questionKey, s.componentId));
  const items: VendorClarification[] = [];
  for (const r of open) {
    const found = findQuestion(definition, r.question_key);
    if (!found || !sectionAllowed(grant, found.section.key)) continue;
    items.push({
      key: scopeKey(r.question_key, r.ai_component_id),
      questionKey: r.question_key,
      componentId: r.ai_component_id,
      componentName: r.ai_component_id ? (names.get(r.ai_component_id) ?? null) : null,
      sectionKey: found.section.key,
      sectionTitle: found.section.title,
      number: numberOf(numbers, r.question_key, r.ai_component_id),
      prompt: found.question.prompt,
      message: r.message,
      href: `${sectionHref(assessmentId, found.section.key, r.ai_component_id)}#q-${r.question_key}`,
    });
  }
  return items.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
}

// ---------------------------------------------------------------------------------------------
// The reviewer's request

/** The request page: every question of the assessment with its current answer, by section and component. */
export async function clarificationFormData(db: Kysely<Database>, assessmentId: string | undefined) {
  if (!isUuid(assessmentId)) return null;
  const row = await db
    .selectFrom("assessments as a")
    .innerJoin("suppliers as s", "s.id", "a.supplier_id")
    .innerJoin("template_versions as v", "v.id", "a.template_version_id")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .select(["a.id", "a.status", "s.name as supplierName", "t.name as templateName", "v.definition"])
    .where("a.id", "=", assessmentId)
    .executeTakeFirst();
  if (!row) return null;
  const definition = row.definition as TemplateDefinition;
  const [components, answers] = await Promise.all([
    componentsOf(db, assessmentId),
    db.selectFrom("answers").select(["question_key", "ai_component_id", "value", "is_na"]).where("assessment_id", "=", assessmentId).execute(),
  ]);
  const byScope = new Map(answers.map((a) => [scopeKey(a.question_key, a.ai_component_id), a]));
  const move = transition(row.status, "request_changes");
  const groups: Array<{
    key: string;
    title: string;
    componentName: string | null;
    questions: Array<{ key: string; questionKey: string; componentId: string | null; number: string; prompt: string; answer: string; hidden: boolean }>;
  }> = [];
  const scopes: Array<{ componentId: string | null; name: string | null }> = [
    { componentId: null, name: null },
    ...components.map((c) => ({ componentId: c.id, name: componentLabel(c) })),
  ];
  for (const { componentId, name } of scopes) {
    const sectionScope = componentId === null ? "supplier" : "component";
    const inScope: Record<string, ScopeAnswer> = {};
    for (const a of answers) if (a.ai_component_id === null || a.ai_component_id === componentId) inScope[a.question_key] = { value: a.value, isNa: a.is_na };
    const visible = visibleKeys(scopeNodes(definition, sectionScope), inScope);
    definition.sections.forEach((section, sectionIndex) => {
      if (section.scope !== sectionScope) return;
      // Numbered as the vendor sees them; a hidden question has no number.
      const numbers = sectionQuestionNumbers(
        sectionNumber(sectionIndex),
        section.questions.map((q) => q.key),
        (k) => visible.has(k),
      );
      groups.push({
        key: scopeKey(section.key, componentId),
        title: `${sectionNumber(sectionIndex)}. ${section.title}`,
        componentName: name,
        questions: section.questions.map((q) => ({
          key: scopeKey(q.key, componentId),
          questionKey: q.key,
          componentId,
          number: numbers[q.key] ?? "",
          prompt: q.prompt,
          answer: shortAnswer(q, byScope.get(scopeKey(q.key, componentId))),
          hidden: !visible.has(q.key),
        })),
      });
    });
  }
  return {
    assessmentId: row.id,
    status: row.status,
    supplierName: row.supplierName,
    templateName: row.templateName,
    refusal: move.ok ? null : move.reason,
    groups: groups.filter((g) => g.questions.length > 0),
  };
}

/**
 * The reviewer asks: moves an assessment in review (or resubmitted) to "changes requested", stores
 * one request per chosen answer (this round), and mails every vendor contact whose link is not
 * revoked a fresh link (an expired one works again) with what was asked. Bad input writes nothing:
 * an "invalid" AppError whose `fields` name each problem (`questions`, `message.<scope key>`).
 */
export async function requestClarifications(
  ctx: AppContext,
  actor: Actor,
  assessmentId: string | undefined,
  items: readonly ClarificationItem[],
  now = new Date(),
): Promise<{ round: number; requests: number; emails: number }> {
  if (!isUuid(assessmentId)) throw notFoundError();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("assessments as a")
      .innerJoin("template_versions as v", "v.id", "a.template_version_id")
      .select(["a.id", "a.status", "v.definition"])
      .where("a.id", "=", assessmentId)
      .forUpdate("a")
      .executeTakeFirst();
    if (!row) throw notFoundError();
    const move = transition(row.status, "request_changes");
    if (!move.ok) throw stateError(move.reason);
    const definition = row.definition as TemplateDefinition;
    const components = await componentsOf(trx, assessmentId);
    const scopes = questionScopes(
      definition,
      components.map((c) => c.id),
    );

    const problems: FieldProblems = {};
    const chosen: Array<{ questionKey: string; componentId: string | null; message: string; key: string }> = [];
    if (items.length === 0) problems.questions = NO_QUESTIONS_MESSAGE;
    for (const item of items) {
      const componentId = item.componentId === "" ? null : item.componentId;
      const scope = componentId !== null && !isUuid(componentId) ? undefined : findScope(scopes, item.questionKey, componentId);
      const key = scopeKey(item.questionKey, componentId);
      if (!scope) {
        problems.questions ??= UNKNOWN_QUESTION_MESSAGE;
        continue;
      }
      if (chosen.some((c) => c.key === key)) {
        problems.questions ??= "The same question was chosen twice. Reload the page and choose again.";
        continue;
      }
      const message = item.message.trim();
      if (message === "") problems[`message.${key}`] = EMPTY_MESSAGE;
      else if (message.length > CLARIFICATION_MESSAGE_MAX) problems[`message.${key}`] = `Keep the message under ${CLARIFICATION_MESSAGE_MAX} characters.`;
      chosen.push({ questionKey: item.questionKey, componentId, message, key });
    }
    const keys = Object.keys(problems);
    if (keys.length) {
      const first = problems.questions ?? problems[keys[0]!]!;
      throw new AppError("invalid", keys.length === 1 ? first : "Some requests need correcting: see the messages by the questions.", { fields: problems });
    }

    const last = await trx
      .selectFrom("clarification_requests")
      .select((eb) => eb.fn.max("round").as("round"))
      .where("assessment_id", "=", assessmentId)
      .executeTakeFirst();
    const round = Number(last?.round ?? 0) + 1;
    const answers = await trx
      .selectFrom("answers")
      .select(["question_key", "ai_component_id", "revision"])
      .where("assessment_id", "=", assessmentId)
      .where(
        "question_key",
        "in",
        chosen.map((c) => c.questionKey),
      )
      .execute();
    const revisions = new Map(answers.map((a) => [scopeKey(a.question_key, a.ai_component_id), a.revision]));
    await trx
      .insertInto("clarification_requests")
      .values(
        chosen.map((c) => ({
          assessment_id: assessmentId,
          round,
          question_key: c.questionKey,
          ai_component_id: c.componentId,
          message: c.message,
          requested_by: actor.type === "user" ? actor.id : null,
          requested_at: now,
          before_revision: revisions.get(c.key) ?? 0,
        })),
      )
      .execute();
    await trx.updateTable("assessments").set({ status: move.to, changes_requested_at: now, updated_at: now }).where("id", "=", assessmentId).execute();
    const emails = await mailVendorContacts(ctx, trx, assessmentId, definition, components, chosen, now);
    await recordAudit(trx, actor, {
      action: "review.request_changes",
      entityType: "assessment",
      entityId: assessmentId,
      details: {
        from: row.status,
        round,
        questions: chosen.map((c) => ({ questionKey: c.questionKey, componentId: c.componentId })),
        emailIds: emails,
      },
    });
    return { round, requests: chosen.length, emails: emails.length };
  });
}

/**
 * Every contact whose link is not revoked gets a new link (only the hash is stored, so the old
 * one cannot be mailed again; an expired one is extended) with the requests in their sections.
 */
async function mailVendorContacts(
  ctx: AppContext,
  trx: Transaction<Database>,
  assessmentId: string,
  definition: TemplateDefinition,
  components: ReadonlyArray<{ id: string; name: string; version: string | null }>,
  chosen: ReadonlyArray<{ questionKey: string; componentId: string | null; message: string }>,
  now: Date,
): Promise<string[]> {
  const facts = await trx
    .selectFrom("assessments as a")
    .innerJoin("suppliers as s", "s.id", "a.supplier_id")
    .innerJoin("template_versions as v", "v.id", "a.template_version_id")
    .innerJoin("questionnaire_templates as t", "t.id", "v.template_id")
    .select(["a.due_date", "s.name as supplierName", "t.name as templateName"])
    .where("a.id", "=", assessmentId)
    .executeTakeFirstOrThrow();
  const grants = await trx
    .selectFrom("access_grants")
    .select(["id", "email", "name", "sections"])
    .where("assessment_id", "=", assessmentId)
    .where("revoked_at", "is", null)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  const names = new Map(components.map((c) => [c.id, componentLabel(c)]));
  const numbers = await currentNumbers(
    trx,
    assessmentId,
    definition,
    components.map((c) => c.id),
  );
  const requests = chosen.map((c) => {
    const found = findQuestion(definition, c.questionKey)!;
    const about = c.componentId ? ` (about ${names.get(c.componentId) ?? "a component"})` : "";
    const number = numberOf(numbers, c.questionKey, c.componentId);
    return { sectionKey: found.section.key, question: `${number ? `${number} ` : ""}${found.question.prompt}${about}`, message: c.message };
  });
  const ids: string[] = [];
  for (const grant of grants) {
    const theirs = requests.filter((r) => sectionAllowed(grant, r.sectionKey));
    if (theirs.length === 0) continue;
    const expiresAt = renewedGrantExpiry(facts.due_date, ctx.config.grantGraceDays, now);
    const token = await rotateGrantToken(trx, grant.id, expiresAt, now);
    ids.push(
      await queueEmail(ctx.queue, trx, grant.email, "clarification-requested", {
        contactName: grant.name,
        supplierName: facts.supplierName,
        questionnaireName: facts.templateName,
        requests: theirs.map(({ question, message }) => ({ question, message })),
        validUntil: lastValidDay(expiresAt),
        url: vendorLinkUrl(ctx.config.baseUrl, token),
      }),
    );
  }
  return ids;
}

/** On resubmit (in the submit's transaction): marks the open requests resolved with the answers' revisions. */
export async function resolveClarifications(trx: Transaction<Database>, assessmentId: string, now: Date): Promise<void> {
  await trx
    .updateTable("clarification_requests as cr")
    .set((eb) => ({
      resolved_at: now,
      after_revision: eb.fn.coalesce(
        eb
          .selectFrom("answers as an")
          .select("an.revision")
          .whereRef("an.assessment_id", "=", "cr.assessment_id")
          .whereRef("an.question_key", "=", "cr.question_key")
          .whereRef("an.scope_id", "=", "cr.scope_id"),
        eb.lit(0),
      ),
    }))
    .where("cr.assessment_id", "=", assessmentId)
    .where("cr.resolved_at", "is", null)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// The staff panel

/** Every round with its questions and, per question, the answer before and after. Four queries (the fourth numbers the questions). */
export async function clarificationsPanelData(db: Kysely<Database>, assessmentId: string, viewer: Principal): Promise<ClarificationsPanelData | null> {
  if (!isUuid(assessmentId)) return null;
  const [row, components, requests] = await Promise.all([
    db
      .selectFrom("assessments as a")
      .innerJoin("template_versions as v", "v.id", "a.template_version_id")
      .select(["a.status", "v.definition"])
      .where("a.id", "=", assessmentId)
      .executeTakeFirst(),
    componentsOf(db, assessmentId),
    db
      .selectFrom("clarification_requests as cr")
      .leftJoin("users as u", "u.id", "cr.requested_by")
      .leftJoin("answers as an", (j) =>
        j.onRef("an.assessment_id", "=", "cr.assessment_id").onRef("an.question_key", "=", "cr.question_key").onRef("an.scope_id", "=", "cr.scope_id"),
      )
      .leftJoin("answer_history as hb", (j) => j.onRef("hb.answer_id", "=", "an.id").onRef("hb.revision", "=", "cr.before_revision"))
      .leftJoin("answer_history as ha", (j) => j.onRef("ha.answer_id", "=", "an.id").onRef("ha.revision", "=", "cr.after_revision"))
      .select([
        "cr.id",
        "cr.round",
        "cr.question_key",
        "cr.ai_component_id",
        "cr.message",
        "cr.requested_at",
        "cr.before_revision",
        "cr.after_revision",
        "cr.resolved_at",
        "u.name as requester_name",
        "u.email as requester_email",
        "hb.value as before_value",
        "hb.is_na as before_na",
        "hb.comment as before_comment",
        "ha.value as after_value",
        "ha.is_na as after_na",
        "ha.comment as after_comment",
      ])
      .where("cr.assessment_id", "=", assessmentId)
      .orderBy("cr.round", "desc")
      .orderBy("cr.requested_at")
      .orderBy("cr.id")
      .execute(),
  ]);
  if (!row) return null;
  const definition = row.definition as TemplateDefinition;
  const names = new Map(components.map((c) => [c.id, componentLabel(c)]));
  const numbers = await currentNumbers(
    db,
    assessmentId,
    definition,
    components.map((c) => c.id),
  );
  const order = questionScopes(
    definition,
    components.map((c) => c.id),
  ).map((s) => scopeKey(s.questionKey, s.componentId));
  const view = (question: Question | undefined, revision: number, value: unknown, isNa: boolean | null, comment: string | null): ClarificationAnswerView => {
    if (revision === 0 || isNa === null) return { text: null, comment: null };
    return { text: question ? shorten(describeValue(question, value, isNa)) : shorten(JSON.stringify(value)), comment };
  };
  const rounds: ClarificationsPanelData["rounds"] = [];
  for (const r of requests) {
    let round = rounds.find((x) => x.round === r.round);
    if (!round) {
      round = {
        round: r.round,
        requestedBy: r.requester_name ?? r.requester_email ?? null,
        requestedAt: r.requested_at.toISOString(),
        resolvedAt: r.resolved_at ? r.resolved_at.toISOString() : null,
        items: [],
      };
      rounds.push(round);
    }
    const found = findQuestion(definition, r.question_key);
    const after = r.after_revision === null ? null : view(found?.question, r.after_revision, r.after_value, r.after_na, r.after_comment);
    round.items.push({
      id: r.id,
      number: numberOf(numbers, r.question_key, r.ai_component_id),
      prompt: found?.question.prompt ?? r.question_key,
      componentName: r.ai_component_id ? (names.get(r.ai_component_id) ?? null) : null,
      message: r.message,
      before: view(found?.question, r.before_revision, r.before_value, r.before_na, r.before_comment),
      after,
      changed:
        r.after_revision === null
          ? null
          : r.after_revision !== r.before_revision &&
            !(sameValue(r.before_value, r.after_value) && r.before_na === r.after_na && (r.before_comment ?? null) === (r.after_comment ?? null)),
    });
  }
  for (const round of rounds) {
    const position = (id: string) => {
      const r = requests.find((x) => x.id === id)!;
      return order.indexOf(scopeKey(r.question_key, r.ai_component_id));
    };
    round.items.sort((a, b) => position(a.id) - position(b.id));
  }
  return {
    status: row.status,
    canRequest: can(viewer, "review:write") && transition(row.status, "request_changes").ok,
    requestHref: `/assessments/${assessmentId}/clarifications`,
    rounds,
  };
}
