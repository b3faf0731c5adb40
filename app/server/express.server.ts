// The HTTP edge: the shutdown gate, security headers, compression, request logs without secrets,
// the origin check on every mutation, health, static files, then Remix (with body limits).
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import { sql } from "kysely";
import { isConnectionError } from "../../db/connection-failures";
import type { AppContext } from "../services/context.server";
import { installRequestLog } from "./request-log.server";
import { contentTypeGate } from "./content-type.server";
import { checkOrigin } from "./origin";
import { API_PREFIX, createApiRouter } from "../http/api/router.server";
import { API_DOCS_PATH, createApiDocsRouter } from "../http/api/docs-page.server";
import { createRemixHandler, sendDatabaseUnavailable } from "./remix-handler.server";
import type { ShutdownGate } from "./shutdown.server";

export { bodyLimitFor, DEFAULT_BODY_LIMIT } from "./body-limit.server";

const HAS_EXTENSION = /\.[^/]*$/;
const OWN_POLICY_PATH = /^\/dev\/mailbox\/[^/]+\/html$/;

// Assay uses none of these browser features: no page (nor anything injected into one) may ask for them.
export const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "autoplay=()",
  "browsing-topics=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "hid=()",
  "interest-cohort=()",
  "magnetometer=()",
  "microphone=()",
  "midi=()",
  "payment=()",
  "publickey-credentials-get=()",
  "serial=()",
  "usb=()",
  "xr-spatial-tracking=()",
].join(", ");

export interface ExpressAppOptions {
  publicDir?: string;
  /** The server's shutdown gate: counts requests in flight, refuses new ones while draining. */
  shutdown?: ShutdownGate;
}

export function createExpressApp(ctx: AppContext, build: ServerBuild, options: ExpressAppOptions = {}) {
  const publicDir = options.publicDir ?? path.resolve("public");
  const app = express();
  app.disable("x-powered-by");
  // A hop count, not `true`: the client writes the left of X-Forwarded-For, each proxy appends the
  // address it saw on the right. With N trusted proxies, req.ip is the entry N from the right.
  if (ctx.config.trustProxyHops > 0) app.set("trust proxy", ctx.config.trustProxyHops);
  app.use((_req, res, next) => {
    res.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
    next();
  });
  if (options.shutdown) app.use(options.shutdown.middleware);

  installRequestLog(app, ctx.logger);

  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  });
  const securityHeaders = (contentSecurityPolicy: boolean) =>
    helmet({
      contentSecurityPolicy: contentSecurityPolicy && {
        useDefaults: false,
        directives: {
          "default-src": ["'self'"],
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          "style-src": ["'self'"],
          "img-src": ["'self'", "data:"],
          "font-src": ["'self'"],
          "connect-src": ["'self'"],
          "form-action": ["'self'"],
          "frame-ancestors": ["'none'"],
          "base-uri": ["'self'"],
          "object-src": ["'none'"],
        },
      },
      // Same-origin requests keep their Referer (and Origin on POST); other sites never see our URLs,
      // so a magic-link page cannot leak its token.
      referrerPolicy: { policy: "same-origin" },
      strictTransportSecurity: ctx.config.baseUrl.startsWith("https:"),
      crossOriginEmbedderPolicy: false,
      xFrameOptions: { action: "deny" },
    });
  const withPolicy = securityHeaders(true);
  const withoutPolicy = securityHeaders(false);
  // Stored email HTML sets its own, stricter sandboxing policy (see dev.mailbox.$id.html.tsx).
  app.use((req, res, next) => (OWN_POLICY_PATH.test(req.path) ? withoutPolicy : withPolicy)(req, res, next));
  app.use(compression());

  // Reports whether the database answers; a load balancer takes the instance out while it does not.
  app.get("/healthz", async (_req, res) => {
    res.set("Cache-Control", "no-store");
    try {
      await sql`SELECT 1`.execute(ctx.db);
      res.json({ status: "ok", database: ctx.databaseKind, databaseState: "reachable" });
    } catch {
      res.status(503).set("Retry-After", "5").json({ status: "unavailable", database: ctx.databaseKind, databaseState: "unreachable" });
    }
  });

  // A missing build asset is a plain 404, never a trip through the app router.
  app.use("/build", express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y", fallthrough: false }));
  // Files in public/ all have an extension: a page's path (no dot in its last segment) skips the stat.
  const publicFiles = express.static(publicDir, { maxAge: "1h", index: false });
  app.use((req, res, next) => (HAS_EXTENSION.test(req.path) ? publicFiles(req, res, next) : next()));
  app.use(API_DOCS_PATH, createApiDocsRouter()); // The API reference page for people; sets its own CSP (docs-page.server.ts).
  app.use(API_PREFIX, createApiRouter(ctx)); // Bearer tokens only, no cookies: before the origin check (app/http/api/router.server.ts).

  app.use((req, res, next) => {
    const verdict = checkOrigin(
      { method: req.method, origin: req.get("origin"), referer: req.get("referer"), host: req.get("host"), protocol: req.protocol },
      ctx.config.baseUrl,
    );
    if (!verdict.ok) {
      res.status(403).type("text/plain").send(verdict.message);
      return;
    }
    next();
  });
  app.use(contentTypeGate);

  app.all(
    "*",
    createRemixHandler({
      build,
      mode: ctx.config.env === "production" ? "production" : "development",
      getLoadContext: (req, res) => ({ app: ctx, cspNonce: res.locals.cspNonce as string, clientIp: req.ip ?? null }),
    }),
  );

  // Last resort: log it, answer plainly, never show a stack trace.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number } | null)?.status;
    if (status && status >= 400 && status < 500) {
      if (!res.headersSent)
        res
          .status(status)
          .type("text/plain")
          .send(status === 404 ? "Not found" : "Bad request");
      return;
    }
    if (isConnectionError(error)) {
      req.log.warn({ err: error }, "database connection failed during the request");
      if (!res.headersSent) sendDatabaseUnavailable(res);
      return;
    }
    req.log.error({ err: error }, "unhandled error");
    if (!res.headersSent) res.status(500).type("text/plain").send("Something went wrong on our side. Please try again.");
  });

  return app;
}
