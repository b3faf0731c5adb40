// The REST API (/api/v1): an Express router beside Remix (docs/decisions/0017-rest-api-router.md).
// Every operation in registry.ts is registered here, and each call goes through the same steps:
//   1. bearer token (only `Authorization: Bearer assay_pat_…/assay_sat_…`; cookies are ignored, so
//      there is no CSRF to guard against) → 401 problem + WWW-Authenticate
//   2. per-token rate limit, counted in the database (shared by every instance) → 429 + Retry-After
//   3. token scope (read / write) → 403; the role through the one permission table → 403
//   4. path and query parameters, then the JSON body: Content-Type (415), byte limit (413),
//      UTF-8 and JSON syntax (400), NUL / broken Unicode (400), zod with unknown fields refused (400)
//   5. Idempotency-Key replay for creates, the handler, ETag / If-None-Match
//   6. AppError → problem+json; a lost database connection → 503 + Retry-After; nothing else → 500.
import { createHash } from "node:crypto";
import express, { type Request, type Response, type Router } from "express";
import * as z from "zod";
import { parseBearer } from "../../domain/api-tokens";
import { isAppError } from "../../domain/errors";
import { ACTION_PHRASES } from "../../domain/permission-descriptions";
import { can, canSometimes, ROLE_LABELS, type Action } from "../../domain/permissions";
import { unstorablePath, UNSTORABLE_MESSAGE } from "../../domain/storable-text";
import { forbiddenError } from "../../domain/errors";
import { claimIdempotencyKey, completeIdempotencyKey, releaseIdempotencyKey } from "../../services/api-idempotency.server";
import { isDatabaseUnavailable, isUnstorableTextError } from "../../services/api-support.server";
import { authenticateApiToken, type TokenRefusal } from "../../services/api-tokens.server";
import type { AppContext } from "../../services/context.server";
import { hitRateLimit, type RateLimit } from "../../services/rate-limits.server";
import { DATABASE_RETRY_AFTER_SECONDS } from "../../server/remix-handler.server";
import { notModified } from "./etag";
import { buildOpenApiDocument } from "./openapi.server";
import type { ApiCall, ApiMethod, ApiOperation, ApiPrincipal, ApiReply } from "./operation";
import { fieldsFromZod, jsonPointer, problem, problemFromAppError, ProblemError, sendProblem, type Problem } from "./problem.server";
import { API_OPERATIONS } from "./registry";

export const API_PREFIX = "/api/v1";
/** The largest JSON body any operation takes. */
export const API_BODY_LIMIT = 1024 * 1024;
/** Per token; API_RATE_LIMIT_PER_MINUTE overrides the limit. */
export const DEFAULT_API_RATE_LIMIT: RateLimit = { limit: 600, windowSeconds: 60 };

export interface ApiRouterOptions {
  operations?: readonly ApiOperation[];
  rateLimit?: RateLimit;
  bodyLimit?: number;
  now?: () => Date;
}

export function apiRateLimitFromEnv(env: Record<string, string | undefined> = process.env): RateLimit {
  const configured = Number.parseInt(env.API_RATE_LIMIT_PER_MINUTE ?? "", 10);
  return Number.isSafeInteger(configured) && configured > 0 ? { limit: configured, windowSeconds: 60 } : DEFAULT_API_RATE_LIMIT;
}

/** "/suppliers/{supplierId}" → "/suppliers/:supplierId" */
export function expressPath(path: string): string {
  return path.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, ":$1");
}

const REALM = 'Bearer realm="Assay API"';

const REFUSAL_DETAIL: Record<TokenRefusal, string> = {
  unknown: "This API token is not known. Create a token under Profile → API tokens and send it as Authorization: Bearer <token>.",
  revoked: "This API token was revoked. Create a new one under Profile → API tokens.",
  expired: "This API token has expired. Create a new one under Profile → API tokens.",
  disabled: "The user this token belongs to is disabled.",
};

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

function unauthenticated(detail: string, error?: "invalid_token"): ProblemError {
  return new ProblemError(problem("unauthenticated", detail), {
    "WWW-Authenticate": error ? `${REALM}, error="${error}"` : REALM,
  });
}

/** Repeated query keys become arrays; everything else a string (zod coerces). */
function queryObject(search: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    out[key] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

function parseWith<T extends z.ZodType>(schema: T | undefined, value: unknown, place: "path" | "query" | "body"): z.output<T> | undefined {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ProblemError(
    problem("validation", place === "body" ? "The body does not match this operation's schema." : `The ${place} parameters are not valid.`, {
      errors: fieldsFromZod(result.error, place),
    }),
  );
}

function hasBody(req: Request): boolean {
  const length = req.get("content-length");
  if (length !== undefined) return Number(length) > 0;
  return req.get("transfer-encoding") !== undefined;
}

/** Reads the body, counting: past `limit` the request is refused 413 and its connection closed. */
function readBody(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.get("content-length") ?? 0);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let seen = 0;
    let done = false;
    const finish = (error: Error | null) => {
      if (done) return;
      done = true;
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.byteLength;
      if (seen > limit) {
        req.pause();
        finish(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(null);
    const onError = (error: Error) => finish(error);
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

function tooLarge(limit: number): ProblemError {
  return new ProblemError(problem("too_large", `The body is over ${Math.round(limit / 1024)} KB, the most this API takes. Nothing was saved.`), {
    Connection: "close",
  });
}

const textDecoder = new TextDecoder("utf-8", { fatal: true });

async function readJsonBody(req: Request, limit: number): Promise<{ value: unknown; raw: Buffer }> {
  const type = (req.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json" && !type.endsWith("+json")) {
    throw new ProblemError(
      problem(
        "unsupported_media_type",
        `This operation takes JSON: send the body with Content-Type: application/json${type ? `, not ${type}` : ""}. Nothing was saved.`,
      ),
    );
  }
  const raw = await readBody(req, limit);
  let text: string;
  try {
    text = textDecoder.decode(raw);
  } catch {
    throw new ProblemError(problem("unstorable_text", "The body is not valid UTF-8. Nothing was saved."));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ProblemError(problem("malformed_json", `The body is not valid JSON (${(error as Error).message}). Nothing was saved.`));
  }
  const bad = unstorablePath(value);
  if (bad) throw new ProblemError(problem("unstorable_text", UNSTORABLE_MESSAGE, { errors: [{ pointer: jsonPointer(bad), message: UNSTORABLE_MESSAGE }] }));
  return { value, raw };
}

/** JSON with keys sorted, so the same body in another key order is the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function sendReply(req: Request, res: Response, op: ApiOperation, reply: ApiReply): void {
  const status = reply.status ?? op.status ?? (op.creates ? 201 : 200);
  if (reply.etag) res.set("ETag", reply.etag);
  if (reply.location) res.set("Location", reply.location);
  if (req.method === "GET" && reply.etag && notModified(req.get("if-none-match") ?? null, reply.etag)) {
    res.status(304).end();
    return;
  }
  if (status === 204 || reply.body === undefined) {
    res.status(status).end();
    return;
  }
  res.status(status).type("application/json").send(JSON.stringify(reply.body));
}

function methodOf(op: ApiOperation): Lowercase<ApiMethod> {
  return op.method.toLowerCase() as Lowercase<ApiMethod>;
}

export function createApiRouter(ctx: AppContext, options: ApiRouterOptions = {}): Router {
  const operations = options.operations ?? API_OPERATIONS;
  const rateLimit = options.rateLimit ?? apiRateLimitFromEnv();
  const bodyLimit = options.bodyLimit ?? API_BODY_LIMIT;
  const now = options.now ?? (() => new Date());
  const base = ctx.config.baseUrl.replace(/\/+$/, "") + API_PREFIX;
  const router = express.Router({ caseSensitive: true });

  router.use((_req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });

  // The document describes the API; reading it needs no token.
  let document: string | null = null;
  router.get("/openapi.json", (_req, res) => {
    document ??= JSON.stringify(buildOpenApiDocument(operations, { serverUrl: base }));
    res.set("Cache-Control", "public, max-age=300").type("application/json").send(document);
  });

  const handle = (op: ApiOperation) => async (req: Request, res: Response) => {
    const instance = API_PREFIX + req.path;
    let claimedKey: { tokenId: string; key: string } | null = null;
    try {
      // 1. Who calls. Only the Authorization header counts; a session cookie is never read here.
      const bearer = parseBearer(req.get("authorization"));
      if (bearer.kind === "missing")
        throw unauthenticated("This API needs a token: send Authorization: Bearer <token> (create one under Profile → API tokens).");
      if (bearer.kind === "malformed")
        throw unauthenticated("The Authorization header is not a Bearer token of the form assay_pat_… or assay_sat_….", "invalid_token");
      const auth = await authenticateApiToken(ctx.db, bearer.token, now());
      if (!auth.ok) throw unauthenticated(REFUSAL_DETAIL[auth.reason], "invalid_token");
      const { token } = auth;

      // 2. Per-token rate limit, in the database.
      const limited = await hitRateLimit(ctx.db, `api-token:${token.tokenId}`, rateLimit, now());
      if (!limited.allowed) {
        throw new ProblemError(
          problem(
            "rate_limited",
            `This token made more than ${rateLimit.limit} requests in ${rateLimit.windowSeconds} seconds. Wait ${limited.retryAfterSeconds} s and retry.`,
          ),
          { "Retry-After": String(Math.max(1, limited.retryAfterSeconds)) },
        );
      }

      // 3. Scope, then role (the same table as the pages).
      if (!token.scopes.includes(op.scope)) {
        throw new ProblemError(
          problem("insufficient_scope", `This operation needs a token with the "${op.scope}" scope; this token has "${token.scopes.join(" ")}".`),
          {
            "WWW-Authenticate": `${REALM}, error="insufficient_scope", scope="${op.scope}"`,
          },
        );
      }
      const principal: ApiPrincipal = { id: token.user.id, role: token.user.role, tokenId: token.tokenId, tokenKind: token.kind, scopes: token.scopes };
      if (!canSometimes(principal.role, op.action)) {
        throw new ProblemError(problem("forbidden", `The ${ROLE_LABELS[principal.role]} role may not ${ACTION_PHRASES[op.action]}.`));
      }

      // 4. Input.
      const params = parseWith(op.params, req.params, "path");
      const search = new URL(req.originalUrl, "http://x").searchParams;
      const query = parseWith(op.query, queryObject(search), "query");
      let body: unknown;
      let requestHash: string | null = null;
      if (op.body) {
        if (!hasBody(req))
          throw new ProblemError(
            problem("validation", "This operation needs a JSON body.", { errors: [{ pointer: "", message: "A JSON body is required." }] }),
          );
        const { value } = await readJsonBody(req, bodyLimit);
        body = parseWith(op.body, value, "body");
        requestHash = createHash("sha256")
          .update(`${op.method} ${req.path}\n${canonicalJson(value)}`)
          .digest("hex");
      } else if (hasBody(req)) {
        await readBody(req, bodyLimit);
        throw new ProblemError(problem("validation", "This operation takes no body.", { errors: [{ pointer: "", message: "Send no body." }] }));
      }

      // 5. Idempotency-Key: a retried create replays the first reply.
      const key = req.get("idempotency-key");
      if (op.creates && key !== undefined) {
        if (!IDEMPOTENCY_KEY.test(key)) {
          throw new ProblemError(
            problem("validation", "Idempotency-Key must be 1–255 visible ASCII characters (a UUID is a good choice).", {
              errors: [{ header: "Idempotency-Key", message: "1–255 visible ASCII characters." }],
            }),
          );
        }
        const hash = requestHash ?? createHash("sha256").update(`${op.method} ${req.path}\n`).digest("hex");
        const claim = await claimIdempotencyKey(ctx.db, token.tokenId, key, hash, now());
        if (claim.kind === "mismatch") {
          throw new ProblemError(
            problem(
              "idempotency_mismatch",
              "This Idempotency-Key was already used with a different request (another body or address). Use a new key for a new request.",
              {
                errors: [{ header: "Idempotency-Key", message: "Already used with a different request." }],
              },
            ),
          );
        }
        if (claim.kind === "in_progress") {
          throw new ProblemError(problem("idempotency_in_progress", "A request with this Idempotency-Key is still being processed. Retry in a moment."), {
            "Retry-After": "1",
          });
        }
        if (claim.kind === "replay") {
          res.set("Idempotent-Replayed", "true");
          if (claim.etag) res.set("ETag", claim.etag);
          if (claim.location) res.set("Location", claim.location);
          res.status(claim.status);
          if (claim.body === null) res.end();
          else res.type("application/json").send(claim.body);
          return;
        }
        claimedKey = { tokenId: token.tokenId, key };
      }

      const call: ApiCall<unknown, unknown, unknown> = {
        principal,
        app: ctx,
        params,
        query,
        body,
        ifMatch: req.get("if-match") ?? null,
        requireCan(action: Action, resource?: { ownerId?: string | null }) {
          if (!can(principal, action, resource)) throw forbiddenError(`The ${ROLE_LABELS[principal.role]} role may not ${ACTION_PHRASES[action]} here.`);
        },
        url: (path: string) => base + path,
        actor: { type: "user", id: token.user.id, label: `${token.user.email} (API)` },
        self: base + req.url,
      };
      const reply = await op.handler(call as never);

      if (claimedKey) {
        const status = reply.status ?? op.status ?? (op.creates ? 201 : 200);
        await completeIdempotencyKey(
          ctx.db,
          claimedKey.tokenId,
          claimedKey.key,
          { status, body: reply.body === undefined ? null : JSON.stringify(reply.body), location: reply.location ?? null, etag: reply.etag ?? null },
          now(),
        );
        claimedKey = null;
      }
      sendReply(req, res, op, reply);
    } catch (error) {
      if (claimedKey) await releaseIdempotencyKey(ctx.db, claimedKey.tokenId, claimedKey.key).catch(() => {});
      answerError(req, res, error, instance);
    }
  };

  const paths = new Map<string, ApiOperation[]>();
  for (const op of operations) {
    const list = paths.get(op.path) ?? [];
    list.push(op);
    paths.set(op.path, list);
  }
  for (const [path, ops] of paths) {
    const route = router.route(expressPath(path));
    for (const op of ops) route[methodOf(op)](handle(op));
    const allow = [...new Set(ops.flatMap((op) => (op.method === "GET" ? ["GET", "HEAD"] : [op.method])))].join(", ");
    route.all((req, res) => {
      sendProblem(res, problem("method_not_allowed", `${req.method} is not allowed here; this address takes ${allow}.`, { instance: API_PREFIX + req.path }), {
        Allow: allow,
      });
    });
  }

  router.use((req, res) => {
    sendProblem(res, problem("not_found", "There is no API operation at this address. See /api/v1/openapi.json.", { instance: API_PREFIX + req.path }));
  });
  return router;
}

function answerError(req: Request, res: Response, error: unknown, instance: string): void {
  if (error instanceof ProblemError) {
    const body: Problem = { ...error.problem, instance };
    sendProblem(res, body, error.headers);
    if (error.headers.Connection === "close") closeAfter(req, res);
    return;
  }
  if (isAppError(error)) {
    const { problem: body, headers } = problemFromAppError(error, instance);
    sendProblem(res, body, headers);
    return;
  }
  if (isDatabaseUnavailable(error)) {
    req.log?.warn({ err: error }, "database connection failed during an API request");
    sendProblem(res, problem("unavailable", "Assay cannot reach its database right now. Nothing was lost; retry in a few seconds.", { instance }), {
      "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS),
    });
    return;
  }
  if (isUnstorableTextError(error)) {
    sendProblem(res, problem("unstorable_text", UNSTORABLE_MESSAGE, { instance }));
    return;
  }
  req.log?.error({ err: error }, "unhandled error in an API operation");
  sendProblem(res, problem("server_error", "Something went wrong on our side. Please try again.", { instance }));
}

/** After a refused body: close the connection once the answer is out, so the rest is never read. */
function closeAfter(req: Request, res: Response): void {
  res.on("finish", () => setTimeout(() => req.socket.destroy(), 1_000).unref());
}
