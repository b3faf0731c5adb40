// The shape of one REST API operation (/api/v1). Each operation is data: method, path, the
// permission it needs, zod schemas for its parameters, body and reply (the OpenAPI document is
// generated from them), and a handler that calls a service. The router (router.server.ts) does the
// rest once for all: bearer-token authentication, token scope, the role check through `can`,
// per-token rate limit, JSON body parsing with a size limit, zod validation (RFC 9457 problem+json
// naming each field), Idempotency-Key replay for creates, ETag/If-Match, and AppError → problem.
import type { z } from "zod";
import type { Action, Role } from "../../domain/permissions";
import type { Actor } from "../../services/audit.server";
import type { AppContext } from "../../services/context.server";

export type ApiScope = "read" | "write";
export type ApiMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** Who calls: the token's owner (a staff user; service tokens act as their own service user). */
export interface ApiPrincipal {
  /** The user the call acts as (for a service token: the service account's user id). */
  id: string;
  role: Role;
  tokenId: string;
  tokenKind: "personal" | "service";
  scopes: readonly ApiScope[];
}

export interface ApiCall<P, Q, B> {
  principal: ApiPrincipal;
  app: AppContext;
  params: P;
  query: Q;
  body: B;
  /** The request's If-Match header (an ETag from an earlier GET), or null. */
  ifMatch: string | null;
  /** For resource-level checks (risk owners and their own systems): throws AppError("forbidden"). */
  requireCan(action: Action, resource?: { ownerId?: string | null }): void;
  /** Absolute URL of an API path, for Location headers and `next` links. */
  url(path: string): string;
  /** The audit actor for services: the token's user, labelled with the token's prefix. */
  actor: Actor;
  /** The request's absolute URL (BASE_URL + /api/v1 + path + query), for `next` links (see pagination.ts). */
  self: string;
}

export interface ApiReply {
  /** Default: the operation's `status` (200, or 201 for creates). */
  status?: number;
  body?: unknown;
  /** A strong ETag for the returned representation (see etag.ts). */
  etag?: string;
  location?: string;
}

export interface ApiOperation<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: ApiMethod;
  /** OpenAPI-style path under /api/v1, e.g. "/suppliers/{supplierId}". */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  /** The permission the caller's role must have (checked with `canSometimes`, then `requireCan` for "own" grants). */
  action: Action;
  /** The token scope needed: "read" for GET, "write" for anything that changes data. */
  scope: ApiScope;
  params?: P;
  query?: Q;
  body?: B;
  /** The success reply's schema (documentation and tests; not enforced at runtime). */
  response: z.ZodType;
  status?: 200 | 201 | 202 | 204;
  /** A create: honours Idempotency-Key (a retried create makes one row). */
  creates?: boolean;
  handler(call: ApiCall<z.output<P>, z.output<Q>, z.output<B>>): Promise<ApiReply>;
}

/** Identity with inference: `export const listSuppliers = defineOperation({ ... })`. */
export function defineOperation<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(op: ApiOperation<P, Q, B>): ApiOperation<P, Q, B> {
  return op;
}
