import fc from "fast-check";
import { generateToken, hashesMatch, hashToken, isWellFormedToken, tokenMatchesHash } from "~/domain/tokens";

describe("tokens", () => {
  it("are 32 random bytes in URL-safe base64, and differ every time", () => {
    const tokens = new Set(Array.from({ length: 500 }, generateToken));
    expect(tokens.size).toBe(500);
    for (const token of tokens) {
      expect(isWellFormedToken(token)).toBe(true);
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
    }
  });

  it("are stored as a SHA-256 hex hash that never contains the token", () => {
    const token = generateToken();
    const hash = hashToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(tokenMatchesHash(token, hash)).toBe(true);
  });

  it("match only their own hash", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        fc.pre(a !== b);
        return !tokenMatchesHash(a, hashToken(b)) && tokenMatchesHash(a, hashToken(a));
      }),
    );
  });

  it("reject malformed input before any lookup", () => {
    for (const bad of ["", "short", "x".repeat(44), `${"a".repeat(42)}=`, `${"a".repeat(42)}/`, null, undefined, 42]) {
      expect(isWellFormedToken(bad)).toBe(false);
    }
    expect(hashesMatch("", "")).toBe(false);
    expect(hashesMatch("ab", "abcd")).toBe(false);
  });
});
