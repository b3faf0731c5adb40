// Cross-site request forgery defence: a mutation must say where it came from, and it must be us.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface OriginInput {
  method: string;
  origin: string | undefined;
  referer: string | undefined;
  host: string | undefined;
  protocol: string;
}

export type OriginVerdict = { ok: true } | { ok: false; message: string };

function originOf(url: string | undefined): string | null {
  if (!url || url === "null") return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export function checkOrigin(input: OriginInput, baseUrl: string): OriginVerdict {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return { ok: true };
  // An opaque origin (a sandboxed frame, such as a stored mail in the dev mailbox) may sit on our own
  // URL, so its Referer would pass: refused whatever the Referer says (docs/decisions/0004).
  if (input.origin?.trim() === "null") {
    return {
      ok: false,
      message:
        "This request was refused: it came from a page without an origin (a sandboxed frame or a privacy setting). Open Assay in its own tab and try again.",
    };
  }
  const stated = [input.origin, input.referer].find((value) => value && value !== "null");
  if (!stated) {
    return { ok: false, message: "This request was refused: it did not say which site it came from (no Origin header). Reload the page and try again." };
  }
  const allowed = new Set([new URL(baseUrl).origin]);
  if (input.host) allowed.add(`${input.protocol}://${input.host}`);
  const claimed = originOf(stated);
  if (!claimed || !allowed.has(claimed)) {
    return { ok: false, message: "This request was refused: it came from another site." };
  }
  return { ok: true };
}
