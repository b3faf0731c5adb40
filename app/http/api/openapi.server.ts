// The OpenAPI 3.1 document of /api/v1, generated from the operations' own zod schemas (the same
// ones the router validates with), so the document cannot drift from what the API accepts.
// Served at GET /api/v1/openapi.json without a token; people read it at /api/docs.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import * as z from "zod";
import type { ApiOperation } from "./operation";
import { problemSchema } from "./problem.server";

const PROBLEM_RESPONSES: Array<[status: number, description: string, when: (op: ApiOperation) => boolean]> = [
  [400, "The input is not valid: `errors` names each field (a JSON Pointer into the body, or the parameter).", () => true],
  [401, "No token, or a token that is malformed, unknown, revoked or expired (`WWW-Authenticate: Bearer`).", () => true],
  [403, "The token's scope or its owner's role does not allow this.", () => true],
  [404, "No such resource.", (op) => op.path.includes("{")],
  [409, "A conflict: a duplicate, a stale `If-Match`, or an Idempotency-Key still in progress.", (op) => op.method !== "GET"],
  [413, "The body is over 1 MB.", (op) => op.body !== undefined],
  [415, "The body is not `application/json`.", (op) => op.body !== undefined],
  [422, "This Idempotency-Key was used with a different body.", (op) => op.creates === true],
  [429, "Too many requests for this token (see `Retry-After`).", () => true],
  [503, "The database is unreachable (see `Retry-After`).", () => true],
];

const TAG_DESCRIPTIONS: Record<string, string> = {
  Suppliers: "The companies AI is bought from.",
  "Supplier contacts": "The people at a supplier who answer questionnaires.",
  "AI components": "Models, hosted APIs, datasets and tools a supplier provides.",
  "Internal AI systems": "Your own systems and the AI components they depend on.",
  "Audit trail": "Every change, hash-chained, oldest first.",
};

export interface OpenApiOptions {
  /** Absolute URL of the API root, e.g. https://assay.example.com/api/v1 */
  serverUrl: string;
}

export function buildOpenApiDocument(operations: readonly ApiOperation[], { serverUrl }: OpenApiOptions) {
  const registry = new OpenAPIRegistry();
  // A named component through zod 4 metadata (no prototype patching of zod needed).
  const problem = problemSchema.meta({ id: "Problem" });
  registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "A personal (`assay_pat_…`) or service (`assay_sat_…`) API token. Create one under Profile → API tokens.",
  });
  const problemContent = { "application/problem+json": { schema: problem } };

  for (const op of operations) {
    const headers: Record<string, z.ZodType> = {};
    if (op.creates)
      headers["Idempotency-Key"] = z
        .string()
        .min(1)
        .max(255)
        .optional()
        .describe("Makes a retried create safe: the same key and body return the first reply (kept 24 hours).");
    if (op.method === "PATCH" || op.method === "PUT")
      headers["If-Match"] = z.string().optional().describe("The ETag from your last read: a stale one answers 409 and nothing is written.");
    const status = op.status ?? (op.creates ? 201 : 200);
    const responses: Record<string, { description: string; content?: Record<string, { schema: z.ZodType }> }> = {
      [String(status)]:
        status === 204 ? { description: "Done; no content." } : { description: op.summary, content: { "application/json": { schema: op.response } } },
    };
    if (op.method === "GET" && op.path.includes("{")) responses["304"] = { description: "Not modified (`If-None-Match` named the current ETag)." };
    for (const [code, description, when] of PROBLEM_RESPONSES) if (when(op)) responses[String(code)] = { description, content: problemContent };

    registry.registerPath({
      method: op.method.toLowerCase() as "get" | "post" | "put" | "patch" | "delete",
      path: op.path,
      operationId: op.operationId,
      tags: [op.tag],
      summary: op.summary,
      description: [op.description, `Needs the \`${op.scope}\` scope and a role that may ${op.action}.`].filter(Boolean).join("\n\n"),
      security: [{ bearerAuth: [] }],
      request: {
        ...(op.params ? { params: op.params as never } : {}),
        ...(op.query ? { query: op.query as never } : {}),
        ...(Object.keys(headers).length ? { headers: z.object(headers) as never } : {}),
        ...(op.body ? { body: { required: true, content: { "application/json": { schema: op.body } } } } : {}),
      },
      responses,
    });
  }

  const tags = [...new Set(operations.map((op) => op.tag))].map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? name }));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Assay REST API",
      version: "1.0.0",
      description:
        "JSON over HTTPS for Assay's inventory, assessments and audit trail. Authenticate with `Authorization: Bearer <token>`. Errors are RFC 9457 problem details. Lists are cursor-paged: follow `next` until it is null.",
      license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" },
    },
    servers: [{ url: serverUrl }],
    tags,
    security: [{ bearerAuth: [] }],
  });
}
