// The autosave API of the vendor pages: POST one answer as JSON, get JSON back.
//   200 { status: "saved", revision }     400 { status: "invalid", error: { path, message } }
//   409 { status: "conflict", current }   423 { status: "locked" }     404: anything not this session's
//   409 { status: "not_reopened", error }: changes are requested on other questions, not this one
// Another assessment's id, a component or section not open to this contact: the same plain 404.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { isAppError } from "~/domain/errors";
import { storableJson } from "~/domain/storable-text";
import { httpStatus, notFound } from "~/http/errors.server";
import { ANSWERS_LOCKED_MESSAGE, conflictingAnswer, saveAnswer, saveAnswerInput } from "~/services/answers.server";
import { requireVendorGrant } from "~/http/vendor-guard.server";

const JSON_HEADERS = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" };
const MAX_BODY_BYTES = 256 * 1024;
/** The body as the API takes it: every string in it storable (no NUL, no half surrogate pair). */
const answerBody = storableJson(saveAnswerInput);

function reply(body: unknown, status: number): Response {
  return new Response(JSON.stringify(body), { status, headers: JSON_HEADERS });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireVendorGrant(request, context, params.assessmentId);
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
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
