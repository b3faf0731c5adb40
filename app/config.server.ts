// Configuration from the environment, parsed once with zod so a bad value fails at start, by name.
import { z } from "zod";

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
  TRUST_PROXY: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).default("false")),
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
  trustProxy: boolean;
  runWorker: boolean;
  seedDemo: "auto" | "never";
  /** On SIGTERM, requests in flight get this long to finish before they are cut off. */
  shutdownTimeoutMs: number;
  /** Magic links of vendor contacts stay valid this many days after the assessment's due date. */
  grantGraceDays: number;
  /** Days before the due date on which vendor contacts get a reminder, largest first. */
  reminderDays: number[];
  /** The dev mailbox shows stored mail; never in production, and only when mail is not really sent. */
  devMailbox: boolean;
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    mailRetryHours: e.MAIL_RETRY_HOURS,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY === "true",
    runWorker: e.RUN_WORKER === "true",
    seedDemo: e.SEED_DEMO,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    grantGraceDays: e.GRANT_GRACE_DAYS,
    reminderDays: e.REMINDER_DAYS,
    devMailbox: e.NODE_ENV !== "production" && !e.SMTP_URL,
  };
}
