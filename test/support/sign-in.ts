// Signs a seeded (or created) staff user in the way a person would: request a link, read it from
// the stored mail, open it, confirm. Returns a client holding the session cookie.
import { expect } from "vitest";
import { eventually } from "./app";
import { WebClient, type TestServer } from "./server";

export async function signIn(server: TestServer, email: string): Promise<WebClient> {
  const client = new WebClient(server.baseUrl);
  const sent = await client.post("/login?index", { email });
  expect(sent.status).toBe(200);
  const mail = await eventually(() =>
    server.app.ctx.db
      .selectFrom("emails")
      .selectAll()
      .where("to_address", "=", email)
      .where("status", "=", "stored")
      .orderBy("created_at", "desc")
      .executeTakeFirst(),
  );
  const link = /http:\/\/127\.0\.0\.1:\d+(\/login\/[A-Za-z0-9_-]{43})/.exec(mail.text_body ?? "")?.[1];
  expect(link).toBeDefined();
  await server.app.ctx.db.deleteFrom("emails").where("id", "=", mail.id).execute();
  const page = await client.get(link!);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("Continue to Assay");
  const confirmed = await client.post(link!, { next: "/" });
  expect(confirmed.status).toBe(302);
  expect(client.cookies.get("assay_session")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return client;
}
