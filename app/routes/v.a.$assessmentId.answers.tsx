// The autosave API of the vendor pages: POST one answer as JSON, get JSON back.
//   200 { status: "saved", revision }     400 { status: "invalid", error: { path, message } }
//   409 { status: "conflict", current }   423 { status: "locked" }     404: anything not this session's
//   409 { status: "not_reopened", error }: changes are requested on other questions, not this one
// Another assessment's id, a component or section not open to this contact: the same plain 404.
// GET ?section=<key>&component=<id>: the page's stored answers now, by question key, each a
//   CurrentAnswer (value, revision, who saved it, `byYou` when this contact did, in another window):
//   an open page takes over what was saved elsewhere since it loaded.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { isAppError } from "~/domain/errors";
import { storableJson } from "~/domain/storable-text";
import { httpStatus, notFound } from "~/http/errors.server";
import { pageTarget } from "~/domain/section-page";
import { ANSWERS_LOCKED_MESSAGE, assessmentDefinition, conflictingAnswer, currentAnswers, saveAnswer, saveAnswerInput } from "~/services/answers.server";
import { assessmentComponents } from "~/services/assessment-queries.server";
import { requireVendorGrant } from "~/http/vendor-guard.server";

const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" };
const MAX_BODY_BYTES = 256 * 1024;
/** The body as the API takes it: every string in it storable (no NUL, no half surrogate pair). */
const answerBody = storableJson(saveAnswerInput);

function reply(body: unknown, status: number): Response {
  return new Response(JSON.stringify(body), { status, headers: JSON_HEADERS });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requireVendorGrant(request, context, params.assessmentId);
  const db = context.app.db;
  const url = new URL(request.url);
  const section = url.searchParams.get("section");
  if (section === null) return new Response("Name the page: ?section=<key> (and &component=<id> for a component's page)", { status: 400 });
  const [definition, components] = await Promise.all([
    assessmentDefinition(db, access.assessment.templateVersionId),
    assessmentComponents(db, access.assessment.id),
  ]);
  const target = pageTarget(access.assessment.id, definition, access.grant.sections, components, section, url.searchParams.get("component") || null);
  // A section not assigned to this contact, a component not in scope, or a component page without its component.
  if (target.kind !== "page") throw notFound();
  const keys = target.section.questions.map((q) => q.key);
  const answers = await currentAnswers(db, access.grant, access.assessment.id, keys, target.component?.id ?? null);
  return reply({ answers }, 200);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireVendorGrant(request, context, params.assessmentId);
  if (request.method !== "POST") return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });

  const bytes = await request.arrayBuffer();
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return reply({ status: "invalid", error: { path: "", message: "Send the answer as JSON in UTF-8: the body has bytes that are not UTF-8 text" } }, 400);
  }
  if (text.length > MAX_BODY_BYTES) return reply({ status: "invalid", error: { path: "", message: "The answer is too large" } }, 413);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return reply({ status: "invalid", error: { path: "", message: "Send the answer as JSON" } }, 400);
  }
  const parsed = answerBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return reply({ status: "invalid", error: { path: issue.path.map(String).join(".") || "", message: issue.message } }, 400);
  }

  try {
    const { revision } = await saveAnswer(context.app, access.grant, { ...parsed.data, assessmentId: access.assessment.id });
    return reply({ status: "saved", revision }, 200);
  } catch (error) {
    if (!isAppError(error)) throw error;
    const current = conflictingAnswer(error);
    if (current) return reply({ status: "conflict", current }, 409);
    // Changes requested on other questions: this one stays as it is (the page shows why by it).
    if (error.kind === "state" && error.details.code === "not_reopened")
      return reply({ status: "not_reopened", error: { path: "questionKey", message: error.message } }, 409);
    // A questionnaire no longer open: 423 Locked, which the page's autosave treats as final.
    if (error.kind === "state") return reply({ status: "locked", error: { path: "", message: ANSWERS_LOCKED_MESSAGE } }, 423);
    if (error.kind === "invalid")
      return reply(
        { status: "invalid", code: error.details.code, error: { path: error.field === "form" ? "" : error.field, message: error.message } },
        httpStatus(error),
      );
    throw notFound();
  }
}
