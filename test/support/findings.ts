// Helpers of the findings and risk-acceptance tests: staff and vendor sessions without going
// through the mailbox each time, a submitted golden assessment, and a multipart post.
import { expect } from "vitest";
import type { Role } from "../../app/domain/permissions";
import { submitAssessment } from "../../app/services/assessment-lifecycle.server";
import { userActor } from "../../app/services/audit.server";
import { issueLoginToken } from "../../app/services/sign-in.server";
import { createUser } from "./factories";
import { answerGolden, issueGolden, type Issued } from "./scored-assessment";
import { WebClient, type TestServer } from "./server";

/** Server-rendered HTML as a person reads it: no React text separators, entities decoded. */
export const htmlOf = async (response: Response) =>
  (await response.text()).replaceAll("<!-- -->", "").replaceAll("&#x27;", "'").replaceAll("&quot;", '"').replaceAll("&amp;", "&");

export interface StaffMember {
  id: string;
  email: string;
  name: string;
  role: Role;
  client: WebClient;
}

/** A new staff user of `role`, signed in (a sign-in link issued and opened, as from the mail). */
export async function staffMember(server: TestServer, role: Role, name?: string): Promise<StaffMember> {
  const db = server.app.ctx.db;
  const user = await createUser(db, role, name ? { name } : {});
  const token = await db.transaction().execute((trx) => issueLoginToken(trx, user.id, "sign_in"));
  const client = new WebClient(server.baseUrl);
  expect((await client.post(`/login/${token}`, { next: "/" })).status).toBe(302);
  return { id: user.id, email: user.email, name: user.name, role: user.role, client };
}

/** The vendor contact's session, from the newest /v/ link mailed to `email`. */
export async function vendorSession(server: TestServer, email: string): Promise<WebClient> {
  const mail = await server.app.ctx.db
    .selectFrom("emails")
    .select("text_body")
    .where("to_address", "=", email)
    .orderBy("created_at", "desc")
    .executeTakeFirstOrThrow();
  const token = /\/v\/([A-Za-z0-9_-]{43})/.exec(mail.text_body ?? "")?.[1];
  expect(token).toBeDefined();
  const client = new WebClient(server.baseUrl);
  expect((await client.post(`/v/${token}`, {})).status).toBe(302);
  return client;
}

export type SubmittedAssessment = Issued & { vendor: WebClient };

/** The golden questionnaire issued to a new supplier, answered, the vendor signed in, then submitted. */
export async function submittedGolden(
  server: TestServer,
  issuer: { id: string; email: string },
  versionId: string,
  supplierName?: string,
): Promise<SubmittedAssessment> {
  const issued = await issueGolden(server.app.ctx, userActor(issuer), versionId, supplierName);
  await answerGolden(server.app.ctx, issued);
  // The session first: a link to a submitted questionnaire is not exchanged any more.
  const vendor = await vendorSession(server, issued.grant.email);
  await submitAssessment(server.app.ctx, issued.grant, issued.assessmentId);
  return { ...issued, vendor };
}

const cookieOf = (client: WebClient) => [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; ");

/** A multipart form post, as a browser sends one with a file input. */
export function postMultipart(
  client: WebClient,
  pathname: string,
  fields: Record<string, string>,
  file: { name: string; bytes: Uint8Array; type?: string } | null,
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.type ?? "application/octet-stream" }), file.name);
  return fetch(new URL(pathname, client.baseUrl), {
    method: "POST",
    redirect: "manual",
    body: form,
    headers: { origin: client.baseUrl, cookie: cookieOf(client) },
  });
}
