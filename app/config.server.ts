// Configuration from the environment, parsed once with zod so a bad value fails at start, by name.
import * as z from "zod";

const emptyToUndefined = (value: unknown) => (value === "" ? undefined : value);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.preprocess(emptyToUndefined, z.string().default("0.0.0.0")),
  BASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must start with postgres://")
      .optional(),
  ),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default("./data")),
  SMTP_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
      .optional(),
  ),
  MAIL_FROM: z.preprocess(emptyToUndefined, z.string().default("Assay <no-reply@assay.localhost>")),
  MAIL_RETRY_HOURS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(/^\d{1,4}(\.\d{1,6})?$/, "must be a number of hours, like 24 or 0.5")
      .transform(Number)
      .refine((hours) => hours > 0 && hours <= 720, "must be more than 0 and at most 720 hours (30 days)")
      .default(24),
  ),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info")),
  // How many reverse proxies in front of the app append to X-Forwarded-For: `true` is one, `false` none.
  TRUST_PROXY: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^(true|false|\d{1,2})$/, "must be false, true (one proxy) or the number of trusted proxies in front of Assay, like 2")
      .transform((value) => (value === "true" ? 1 : value === "false" ? 0 : Number(value)))
      .default(0),
  ),
  DEV_MAILBOX: z.preprocess(emptyToUndefined, z.enum(["loopback-only", "allow-remote"]).default("loopback-only")),
  RUN_WORKER: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).default("true")),
  SEED_DEMO: z.preprocess(emptyToUndefined, z.enum(["auto", "never"]).default("auto")),
  SHUTDOWN_TIMEOUT_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(600).default(25)),
  GRANT_GRACE_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(365).default(14)),
  REMINDER_DAYS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\s*\d{1,3}\s*(,\s*\d{1,3}\s*)*$/, "must be a comma-separated list of whole days, like 7,3,1")
      .transform((text) => [...new Set(text.split(",").map((n) => Number(n.trim())))].filter((n) => n >= 1 && n <= 365).sort((a, b) => b - a))
      .refine((days) => days.length > 0, "must name at least one day between 1 and 365")
      .default([7, 3, 1]),
  ),
});

export interface AppConfig {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  /** Public origin used in links inside emails; defaults to http://localhost:PORT. */
  baseUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Undelivered mail is retried with backoff for this many hours after it was queued, then marked failed. */
  mailRetryHours: number;
  logLevel: string;
  /** Proxies in front of the app whose X-Forwarded-For entries are believed (0: none). */
  trustProxyHops: number;
  runWorker: boolean;
  seedDemo: "auto" | "never";
  /** On SIGTERM, requests in flight get this long to finish before they are cut off. */
  shutdownTimeoutMs: number;
  /** Magic links of vendor contacts stay valid this many days after the assessment's due date. */
  grantGraceDays: number;
  /** Days before the due date on which vendor contacts get a reminder, largest first. */
  reminderDays: number[];
  /** The dev mailbox shows stored mail; never in production, only when mail is not really sent, and only on a loopback BASE_URL unless DEV_MAILBOX=allow-remote. */
  devMailbox: boolean;
}

export class ConfigError extends Error {}

/** localhost, *.localhost, 127.0.0.0/8 and ::1: reachable from this machine only. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return host === "localhost" || host.endsWith(".localhost") || /^127(\.\d{1,3}){3}$/.test(host) || host === "[::1]";
}

// The dev mailbox shows every stored mail, sign-in links included: whoever reaches it can sign in as
// anyone. It may serve a non-loopback BASE_URL only when someone says so on purpose.
function devMailboxRefusal(baseUrl: string): string {
  return (
    `Invalid configuration:\n  DEV_MAILBOX: the dev mailbox (no SMTP_URL, NODE_ENV not production) shows every sign-in link to whoever opens ${baseUrl}/dev/mailbox, ` +
    `and BASE_URL is not a loopback address. Set SMTP_URL to send real mail, or NODE_ENV=production, ` +
    `or, only on a network you trust, DEV_MAILBOX=allow-remote.`
  );
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  const devMailbox = e.NODE_ENV !== "production" && !e.SMTP_URL;
  if (devMailbox && e.DEV_MAILBOX !== "allow-remote" && !isLoopbackHost(new URL(baseUrl).hostname)) throw new ConfigError(devMailboxRefusal(baseUrl));
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    baseUrl,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    mailRetryHours: e.MAIL_RETRY_HOURS,
    logLevel: e.LOG_LEVEL,
    trustProxyHops: e.TRUST_PROXY,
    runWorker: e.RUN_WORKER === "true",
    seedDemo: e.SEED_DEMO,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    grantGraceDays: e.GRANT_GRACE_DAYS,
    reminderDays: e.REMINDER_DAYS,
    devMailbox,
  };
}
