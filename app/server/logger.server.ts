import pino from "pino";

// Anything shaped like one of our tokens (43+ URL-safe characters) is cut out of logged paths.
const TOKEN_IN_PATH = /[A-Za-z0-9_-]{40,}/g;
// A calendar feed's path is its secret, whatever its shape (a mistyped token is still most of one).
const CALENDAR_FEED_PATH = /^\/calendar\/[^/]+/;

export function redactPath(url: string): string {
  const pathOnly = (url.split("?")[0] ?? "").replace(CALENDAR_FEED_PATH, "/calendar/[redacted]");
  return pathOnly.replace(TOKEN_IN_PATH, "[redacted]") + (url.includes("?") ? "?[query]" : "");
}

export function createLogger(level: string) {
  return pino({
    level,
    base: undefined,
    // Belt and braces: never print credentials even if a caller logs a whole object.
    redact: { paths: ["*.headers.cookie", "*.headers.authorization", "*.token", "*.password", "req.headers", "res.headers"], remove: true },
  });
}

export type Logger = pino.Logger;
