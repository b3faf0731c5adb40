// Threads on answers: comments on one question (and component), each vendor-visible or internal.
// Internal notes are for staff only: every read a vendor-facing page, JSON, email or export makes
// goes through `vendorThreads`, which filters them out in SQL; staff pages use `staffThreads`.
import type { Kysely } from "kysely";
import * as z from "zod";
import type { Database } from "../../db/schema";
import { invalidError, notFoundError, stateError } from "../domain/errors";
import { isUuid } from "../domain/ids";
import { sectionAllowed } from "../domain/section-assignment";
import { threadKey } from "../domain/review/answer-review";
import { findScope, questionScopes, type QuestionScope } from "../domain/review/question-scopes";
import type { TemplateDefinition } from "../domain/templates/definition";
import { recordAudit, type Actor } from "./audit.server";
import type { AppContext } from "./context.server";
import { findLiveGrant } from "./live-grant.server";

export const COMMENT_BODY_MAX = 5000;
export const VISIBILITIES = ["vendor", "internal"] as const;
export type CommentVisibility = (typeof VISIBILITIES)[number];

export const commentInput = z.object({
  questionKey: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, { message: "Choose a question." }),
  componentId: z.uuid().nullable(),
  body: z
    .string()
    .trim()
    .min(1, { message: "Write a comment." })
    .max(COMMENT_BODY_MAX, { message: `Keep the comment under ${COMMENT_BODY_MAX} characters.` }),
});
export const staffCommentInput = commentInput.extend({
  visibility: z.enum(VISIBILITIES, { message: "Choose who can see the comment." }),
});

/** The staff page's comment form as posted: `intent=comment`, and an empty component for the supplier's questions. */
export const staffCommentForm = staffCommentInput.extend({
  intent: z.literal("comment", { message: "The request was not understood. Reload the page and try again." }),
  componentId: z.preprocess(
    (v) => (v === "" || v === undefined ? null : v),
    z.uuid({ message: "That AI component is not part of this assessment." }).nullable(),
  ),
});

export interface ThreadComment {
  id: string;
  questionKey: string;
  componentId: string | null;
  visibility: CommentVisibility;
  body: string;
  author: string;
  byVendor: boolean;
  createdAt: Date;
}

/** `questionKey` + component (or "-" for the supplier's scope): the key a thread is grouped by (defined in the domain, shared with the review page). */
export { threadKey };

function toComment(r: {
  id: string;
  question_key: string;
  ai_component_id: string | null;
  visibility: CommentVisibility;
  body: string;
  author_label: string;
  author_name: string | null;
  author_grant_id: string | null;
  created_at: Date;
}): ThreadComment {
  return {
    id: r.id,
    questionKey: r.question_key,
    componentId: r.ai_component_id,
    visibility: r.visibility,
    body: r.body,
    // A staff author by their current name (the label keeps the address they wrote under).
    author: r.author_name?.trim() ? r.author_name : r.author_label,
    byVendor: r.author_grant_id !== null,
    createdAt: r.created_at,
  };
}

function threadQuery(db: Kysely<Database>, assessmentId: string) {
  return db
    .selectFrom("answer_comments as c")
    .leftJoin("users as u", "u.id", "c.author_user_id")
    .select([
      "c.id",
      "c.question_key",
      "c.ai_component_id",
      "c.visibility",
      "c.body",
      "c.author_label",
      "u.name as author_name",
      "c.author_grant_id",
      "c.created_at",
    ])
    .where("c.assessment_id", "=", assessmentId)
    .orderBy("c.created_at")
    .orderBy("c.id");
}

/** Every comment, internal ones included: for staff pages only. */
export async function staffThreads(db: Kysely<Database>, assessmentId: string): Promise<ThreadComment[]> {
  if (!isUuid(assessmentId)) return [];
  return (await threadQuery(db, assessmentId).execute()).map(toComment);
}

/** Vendor-visible comments only (filtered in SQL): for everything a vendor can see. */
export async function vendorThreads(db: Kysely<Database>, assessmentId: string): Promise<ThreadComment[]> {
  if (!isUuid(assessmentId)) return [];
  return (await threadQuery(db, assessmentId).where("c.visibility", "=", "vendor").execute()).map(toComment);
}

/** Comments grouped by `threadKey`. */
export function groupThreads(comments: readonly ThreadComment[]): Map<string, ThreadComment[]> {
  const map = new Map<string, ThreadComment[]>();
  for (const c of comments) {
    const key = threadKey(c.questionKey, c.componentId);
    map.set(key, [...(map.get(key) ?? []), c]);
  }
  return map;
}

/** The question (and component) exists in this assessment, or an "invalid" error on `questionKey`. */
async function checkScope(
  db: Kysely<Database>,
  assessmentId: string,
  input: { questionKey: string; componentId: string | null },
): Promise<{ status: string; scope: QuestionScope }> {
  const row = await db
    .selectFrom("assessments as a")
    .innerJoin("template_versions as v", "v.id", "a.template_version_id")
    .select(["a.status", "v.definition"])
    .where("a.id", "=", assessmentId)
    .executeTakeFirst();
  if (!row) throw notFoundError();
  const components = await db.selectFrom("assessment_components").select("ai_component_id").where("assessment_id", "=", assessmentId).execute();
  const scopes = questionScopes(
    row.definition as TemplateDefinition,
    components.map((c) => c.ai_component_id),
  );
  const scope = findScope(scopes, input.questionKey, input.componentId);
  if (scope) return { status: row.status, scope };
  // Say which half is wrong: the question, or the component it was named with.
  const section = (row.definition as TemplateDefinition).sections.find((s) => s.questions.some((q) => q.key === input.questionKey));
  if (!section) throw invalidError("questionKey", "That question is not part of this questionnaire.");
  if (section.scope === "supplier") throw invalidError("componentId", "That question is answered once for the supplier, not per AI component.");
  if (input.componentId === null) throw invalidError("componentId", "That question is answered per AI component: name the component.");
  throw invalidError("componentId", "That AI component is not part of this assessment.");
}

/** A reviewer's comment, vendor-visible or internal. Not on a closed assessment. */
export async function addStaffComment(
  ctx: AppContext,
  actor: Actor,
  assessmentId: string,
  input: z.output<typeof staffCommentInput>,
  now = new Date(),
): Promise<string> {
  if (!isUuid(assessmentId)) throw notFoundError();
  return ctx.db.transaction().execute(async (trx) => {
    const { status } = await checkScope(trx, assessmentId, input);
    if (status === "closed") throw stateError("This assessment is closed: its threads are read-only.");
    const row = await trx
      .insertInto("answer_comments")
      .values({
        assessment_id: assessmentId,
        question_key: input.questionKey,
        ai_component_id: input.componentId,
        visibility: input.visibility,
        body: input.body,
        author_user_id: actor.type === "user" ? actor.id : null,
        author_label: actor.label,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: "review.comment",
      entityType: "assessment",
      entityId: assessmentId,
      details: { commentId: row.id, questionKey: input.questionKey, componentId: input.componentId, visibility: input.visibility },
    });
    return row.id;
  });
}

/** A vendor contact's reply: always vendor-visible, only on questions of its assigned sections. */
export async function addVendorComment(
  ctx: AppContext,
  grant: { id: string; sections: string[] | null },
  assessmentId: string,
  input: z.output<typeof commentInput>,
  now = new Date(),
): Promise<string> {
  if (!isUuid(assessmentId)) throw notFoundError();
  return ctx.db.transaction().execute(async (trx) => {
    const live = await findLiveGrant(trx, grant.id, assessmentId, now);
    if (!live) throw notFoundError();
    const { status, scope } = await checkScope(trx, assessmentId, input);
    if (!sectionAllowed(live, scope.sectionKey)) throw notFoundError();
    if (status === "closed") throw stateError("This questionnaire is closed.");
    const row = await trx
      .insertInto("answer_comments")
      .values({
        assessment_id: assessmentId,
        question_key: input.questionKey,
        ai_component_id: input.componentId,
        visibility: "vendor",
        body: input.body,
        author_grant_id: live.id,
        author_label: `${live.name} (${live.email})`,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      { type: "vendor", id: live.id, label: live.email },
      {
        action: "review.comment",
        entityType: "assessment",
        entityId: assessmentId,
        details: { commentId: row.id, questionKey: input.questionKey, visibility: "vendor" },
      },
    );
    return row.id;
  });
}
