// REST API test helpers: personal and service tokens for a role, and a small JSON client.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Role } from "../../app/domain/permissions";
import { createPersonalToken, createServiceToken } from "../../app/services/api-tokens.server";
import { userActor } from "../../app/services/audit.server";
import type { AppContext } from "../../app/services/context.server";
import { createUser } from "./factories";

export interface TokenFor {
  token: string;
  tokenId: string;
  userId: string;
}

/** A user of `role` with a personal token (read+write unless `scopes` says "read"). */
export async function personalTokenFor(
  ctx: AppContext,
  role: Role,
  options: { scopes?: "read" | "read write"; expires?: Date | null } = {},
): Promise<TokenFor> {
  const user = await createUser(ctx.db as Kysely<Database>, role);
  const created = await createPersonalToken(ctx, userActor(user), user.id, {
    name: `${role} test token`,
    scopes: options.scopes ?? "read write",
    expires: options.expires ?? null,
  });
  return { token: created.token, tokenId: created.id, userId: user.id };
}

/** A service token acting with `role`, created by a fresh admin. */
export async function serviceTokenFor(ctx: AppContext, role: Role, scopes: "read" | "read write" = "read write"): Promise<TokenFor> {
  const admin = await createUser(ctx.db as Kysely<Database>, "admin");
  const created = await createServiceToken(ctx, userActor(admin), { name: `${role} service`, role, scopes, expires: null });
  return { token: created.token, tokenId: created.id, userId: created.userId };
}

export interface ApiResult {
  status: number;
  headers: Headers;
  body: any;
}

/** One API call: JSON in, JSON (or problem+json) out. `body` may be a string to send as is. */
export async function api(
  baseUrl: string,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResult> {
  const init: RequestInit = { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } };
  if (body !== undefined) {
    init.body = typeof body === "string" || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] ??= "application/json";
  }
  const response = await fetch(new URL(`/api/v1${path}`, baseUrl), init);
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: response.status, headers: response.headers, body: parsed };
}
