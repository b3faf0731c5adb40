// Express -> Remix, as @remix-run/express does it, plus what that adapter cannot do: the request
// body reaches Remix only through a byte counter (413 past the route's limit) and, for urlencoded
// forms, a text check (400 on NUL or invalid UTF-8); a request that failed because the database
// connection failed is answered 503 + Retry-After, and one the database refused for its text
// (22021/22P05, the backstop of those checks) 400, not 500.
import { createReadableStreamFromReadable, createRequestHandler as createRemixRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type { Readable } from "node:stream";
import type { NextFunction, Request, Response } from "express";
import { watchConnection } from "../../db/connection-failures";
import { bodyLimitFor, ByteLimit, declaredTooLarge, discardUnread, refuseTooLarge } from "./body-limit.server";
import { mediaType } from "./content-type.server";
import { UrlEncodedTextCheck } from "./form-encoding.server";

/** Seconds a client should wait before retrying when the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export function sendDatabaseUnavailable(res: Response): void {
  res
    .status(503)
    .set("Retry-After", String(DATABASE_RETRY_AFTER_SECONDS))
    .set("Cache-Control", "no-store")
    .type("text/plain")
    .send("Assay cannot reach its database right now. Nothing was lost; please try again in a few seconds.");
}

export const UNSTORABLE_REQUEST_MESSAGE =
  "This request contains characters that cannot be stored (a NUL character or text that is not valid UTF-8). Nothing was saved.";

/** 400 for text that cannot be stored; `unread` when the rest of the body is left unread (the connection is then closed). */
function sendUnstorable(req: Request, res: Response, message: string, unread = false): void {
  if (res.headersSent) return;
  req.log?.warn("request refused: text that cannot be stored");
  res.status(400).set("Cache-Control", "no-store").type("text/plain");
  if (unread) {
    res.set("Connection", "close");
    res.on("finish", () => setTimeout(() => req.socket.destroy(), 1_000).unref());
  }
  res.send(message);
}

function remixHeaders(req: Request): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    if (!values) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else headers.set(key, values);
  }
  return headers;
}

function remixUrl(req: Request): URL {
  // req.hostname respects "trust proxy"; the port comes from X-Forwarded-Host or Host.
  const portOf = (host: string | undefined) => Number.parseInt(host?.split(":")[1] ?? "", 10);
  const forwarded = portOf(req.get("X-Forwarded-Host"));
  const direct = portOf(req.get("host"));
  const port = Number.isSafeInteger(forwarded) ? forwarded : Number.isSafeInteger(direct) ? direct : null;
  return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
}

/**
 * Writes a response body to Express: unlike @remix-run/node's writeReadableStreamToWritable it does not
 * flush after every chunk (with compression each flush ends a gzip block: more bytes and more CPU;
 * docs/decisions/0032) and it waits when the socket's buffer is full instead of queueing the whole body.
 */
async function writeBody(body: ReadableStream<Uint8Array>, res: Response): Promise<void> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value) && !res.destroyed) {
        await new Promise<void>((resolve) => {
          const go = () => {
            res.off("drain", go);
            res.off("close", go);
            resolve();
          };
          res.on("drain", go);
          res.on("close", go);
        });
      }
      if (res.destroyed) {
        await reader.cancel().catch(() => {});
        return;
      }
    }
    res.end();
  } catch (error) {
    res.destroy(error as Error);
    throw error;
  }
}

export interface RemixHandlerOptions {
  build: ServerBuild;
  mode: "production" | "development";
  getLoadContext: (req: Request, res: Response) => AppLoadContext;
}

export function createRemixHandler({ build, mode, getLoadContext }: RemixHandlerOptions) {
  const handleRequest = createRemixRequestHandler(build, mode);

  return async (req: Request, res: Response, next: NextFunction) => {
    const limit = bodyLimitFor(req.path);
    if (declaredTooLarge(req, limit)) {
      refuseTooLarge(req, res, limit);
      return;
    }
    const controller = new AbortController();
    let refused = false;
    let finished = false;
    res.on("finish", () => (finished = true));
    res.on("close", () => {
      if (!finished) controller.abort();
    });

    const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: remixHeaders(req), signal: controller.signal };
    if (req.method !== "GET" && req.method !== "HEAD") {
      const counted = new ByteLimit(limit, () => {
        refused = true;
        refuseTooLarge(req, res, limit);
        // The loader or action reading the body sees it fail and is told the request is over.
        controller.abort();
      });
      req.pipe(counted);
      res.on("finish", () => {
        if (!refused) discardUnread(req, counted, limit);
      });
      let checked: Readable = counted;
      if (mediaType(req.get("content-type")) === "application/x-www-form-urlencoded") {
        const check = new UrlEncodedTextCheck((field) => {
          refused = true;
          const where = field ? `the field "${field}"` : "a field name";
          sendUnstorable(req, res, `This form could not be read: ${where} contains a NUL character or text that is not valid UTF-8. Nothing was saved.`, true);
          controller.abort();
        });
        // pipe() does not pass an error on: a body over the limit must fail the check stream too.
        counted.on("error", (error) => check.destroy(error));
        checked = counted.pipe(check);
      }
      init.body = createReadableStreamFromReadable(checked);
      init.duplex = "half";
    }

    try {
      await watchConnection(async (watch) => {
        const response = await handleRequest(new Request(remixUrl(req).href, init), getLoadContext(req, res));
        if (refused || res.headersSent) {
          await response.body?.cancel().catch(() => {});
          return;
        }
        if (watch.failure !== undefined && response.status >= 500) {
          await response.body?.cancel().catch(() => {});
          req.log?.warn({ err: watch.failure }, "database connection failed during the request");
          sendDatabaseUnavailable(res);
          return;
        }
        if (watch.encodingFailure !== undefined && response.status >= 500) {
          await response.body?.cancel().catch(() => {});
          sendUnstorable(req, res, UNSTORABLE_REQUEST_MESSAGE);
          return;
        }
        res.statusMessage = response.statusText;
        res.status(response.status);
        // A header the route sets replaces the edge's default (helmet's CSP, nosniff…) rather than being sent twice.
        for (const key of new Set(response.headers.keys())) if (key !== "set-cookie") res.removeHeader(key);
        for (const [key, value] of response.headers.entries()) res.append(key, value);
        if (response.body) await writeBody(response.body, res);
        else res.end();
      });
    } catch (error) {
      if (refused) return;
      next(error);
    }
  };
}
