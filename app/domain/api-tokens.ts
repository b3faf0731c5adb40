// REST API tokens: their shape (prefixed so secret scanners recognise them), scopes, and the form
// that creates one. Pure: the service (app/services/api-tokens.server.ts) stores only the hash.
import * as z from "zod";
import { ROLES } from "./permissions";
import { generateToken } from "./tokens";
import { storableString } from "./storable-text";

export type ApiTokenKind = "personal" | "service";
export const API_TOKEN_PREFIXES: Record<ApiTokenKind, string> = { personal: "assay_pat_", service: "assay_sat_" };

/** `assay_pat_` or `assay_sat_` and 32 random bytes in base64url. */
export const API_TOKEN_PATTERN = /^assay_(pat|sat)_[A-Za-z0-9_-]{43}$/;
/** What lists show of a token: the kind prefix and four characters of the secret. */
export const SHOWN_PREFIX_LENGTH = 14;

export function newApiToken(kind: ApiTokenKind): { token: string; prefix: string } {
  const token = API_TOKEN_PREFIXES[kind] + generateToken();
  return { token, prefix: token.slice(0, SHOWN_PREFIX_LENGTH) };
}

export function apiTokenKind(token: string): ApiTokenKind | null {
  const match = API_TOKEN_PATTERN.exec(token);
  if (!match) return null;
  return match[1] === "pat" ? "personal" : "service";
}

export type BearerParse = { kind: "missing" } | { kind: "malformed" } | { kind: "token"; token: string };

/** The token in an `Authorization: Bearer …` header; junk never reaches a query. */
export function parseBearer(header: string | undefined): BearerParse {
  if (header === undefined || header.trim() === "") return { kind: "missing" };
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (!match || !API_TOKEN_PATTERN.test(match[1]!)) return { kind: "malformed" };
  return { kind: "token", token: match[1]! };
}

export const API_SCOPE_CHOICES = ["read", "read write"] as const;
export type ApiScopeChoice = (typeof API_SCOPE_CHOICES)[number];

export const SCOPE_LABELS: Record<ApiScopeChoice, string> = {
  read: "Read only",
  "read write": "Read and write",
};

/** Last-used time is written at most this often per token. */
export const LAST_USED_RESOLUTION_MS = 60_000;

function expiryField(now: () => Date) {
  return z
    .string()
    .trim()
    .transform((value, ctx) => {
      if (value === "") return null;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
        ctx.addIssue({ code: "custom", message: "Enter a date like 2027-03-31, or leave it empty." });
        return z.NEVER;
      }
      const end = new Date(`${value}T23:59:59.999Z`);
      if (Number.isNaN(end.getTime()) || end.toISOString().slice(0, 10) !== value) {
        ctx.addIssue({ code: "custom", message: "Enter a real date like 2027-03-31." });
        return z.NEVER;
      }
      if (end.getTime() <= now().getTime()) {
        ctx.addIssue({ code: "custom", message: "The expiry date must be in the future." });
        return z.NEVER;
      }
      if (end.getTime() > now().getTime() + 2 * 366 * 86_400_000) {
        ctx.addIssue({ code: "custom", message: "A token may last at most two years." });
        return z.NEVER;
      }
      return end;
    });
}

const nameField = storableString().trim().min(1, "Give the token a name, e.g. the tool that will use it.").max(100, "Keep the name to 100 characters.");

/** The profile form: a personal token. The expiry is the end of the chosen day (UTC). */
export function personalTokenForm(now: () => Date = () => new Date()) {
  return z.object({
    name: nameField,
    scopes: z.enum(API_SCOPE_CHOICES, { message: "Choose read only, or read and write." }),
    expires: expiryField(now),
  });
}

/** The admin form: a service token, acting as a service account with the chosen role. */
export function serviceTokenForm(now: () => Date = () => new Date()) {
  return personalTokenForm(now).extend({ role: z.enum(ROLES, { message: "Choose the role the service acts with." }) });
}
