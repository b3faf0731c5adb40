// Graceful shutdown of the HTTP side: counts requests in flight, and once draining starts answers
// any new request (on a kept-alive connection) with a plain 503 and Connection: close, instead of
// letting it reach a database that is about to close.
import type { Server } from "node:http";
import type { NextFunction, Request, Response } from "express";

export const DEFAULT_DRAIN_TIMEOUT_MS = 25_000;

export class ShutdownGate {
  private draining = false;
  private readonly active = new Set<Response>();
  private idle: (() => void) | null = null;

  get isDraining(): boolean {
    return this.draining;
  }

  get inFlight(): number {
    return this.active.size;
  }

  /** Express middleware: first in the chain, so every request is counted. */
  readonly middleware = (_req: Request, res: Response, next: NextFunction): void => {
    if (this.draining) {
      res.status(503).set({ Connection: "close", "Retry-After": "5" }).type("text/plain").send("Assay is restarting. Please try again in a few seconds.");
      return;
    }
    this.active.add(res);
    res.on("close", () => {
      this.active.delete(res);
      if (this.active.size === 0) this.idle?.();
    });
    next();
  };

  /**
   * Stops taking connections and waits for requests in flight, at most `timeoutMs`.
   * Resolves true when all finished, false when time ran out (the rest are then cut off).
   */
  async drain(server: Server, timeoutMs = DEFAULT_DRAIN_TIMEOUT_MS): Promise<boolean> {
    this.draining = true;
    server.close();
    server.closeIdleConnections();
    // Responses not started yet will close their connection when done.
    for (const res of this.active) if (!res.headersSent) res.setHeader("Connection", "close");
    if (this.active.size === 0) return true;
    const drained = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
      this.idle = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
    this.idle = null;
    if (!drained) server.closeAllConnections();
    return drained;
  }
}
