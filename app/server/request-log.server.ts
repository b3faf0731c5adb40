// Request logging. At info level and below every request is logged when it finishes (pino-http:
// method, redacted path, status; no headers, cookies, query strings or bodies). Above info
// (LOG_LEVEL=warn, production's usual setting) pino-http would log nothing on finish yet still cost
// each request an id, a child logger and listeners (4.7 % of the CPU of a trivial page): then
// req.log is a getter on the app's request prototype that makes the child logger only when a
// handler actually logs through it.
import { randomBytes } from "node:crypto";
import type { Express, Request } from "express";
import { pinoHttp } from "pino-http";
import { redactPath, type Logger } from "./logger.server";

const requestId = () => randomBytes(8).toString("hex");

export function installRequestLog(app: Express, logger: Logger): void {
  if (logger.isLevelEnabled("info")) {
    app.use(
      pinoHttp({
        logger,
        genReqId: requestId,
        autoLogging: { ignore: (req) => (req.url ?? "").startsWith("/build/") },
        serializers: {
          req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: redactPath(req.url) }),
          res: (res: { statusCode: number }) => ({ status: res.statusCode }),
        },
      }),
    );
    return;
  }
  const own = new WeakMap<Request, Logger>();
  Object.defineProperty(app.request, "log", {
    configurable: true,
    get(this: Request): Logger {
      let log = own.get(this);
      if (!log) {
        log = logger.child({ req: { id: requestId(), method: this.method, path: redactPath(this.originalUrl ?? this.url) } });
        own.set(this, log);
      }
      return log;
    },
    set(this: Request, value: Logger) {
      own.set(this, value);
    },
  });
}
