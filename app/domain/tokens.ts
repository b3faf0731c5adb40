// Magic-link and session tokens: random, URL-safe, stored only as a SHA-256 hash.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/; // 32 bytes in base64url, no padding

export function generateToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

/** Cheap shape check before any database lookup; junk never reaches a query. */
export function isWellFormedToken(value: unknown): value is string {
  return typeof value === "string" && TOKEN_PATTERN.test(value);
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function hashesMatch(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** Whether `token` is the secret behind `storedHash`, compared in constant time. */
export function tokenMatchesHash(token: string, storedHash: string): boolean {
  return hashesMatch(hashToken(token), storedHash);
}
