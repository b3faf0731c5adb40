import "./forms/zod-config";
import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./components/nonce";

const ABORT_DELAY = 5_000;

// The whole document is rendered, then sent in one piece (docs/decisions/0032). No page streams
// (no defer/Await), so streaming the shell first saved nothing, while each streamed chunk was
// gzip-flushed on its own: 1.3–2.1× the bytes of the same HTML compressed whole, and more CPU.
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    let settled = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          if (settled) return;
          settled = true;
          const chunks: Buffer[] = [];
          const sink = new Writable({
            write(chunk: Buffer, _encoding, callback) {
              chunks.push(chunk);
              callback();
            },
            final(callback) {
              clearTimeout(timer);
              responseHeaders.set("Content-Type", "text/html; charset=utf-8");
              resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
              callback();
            },
          });
          pipe(sink);
        },
        onShellError(error: unknown) {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          // An error after the shell (a boundary that failed or was aborted) keeps the status the shell
          // had, as when the shell was streamed first and its status already sent.
          if (shellRendered) console.error(error);
          else responseStatusCode = 500;
        },
      },
    );
    const timer = setTimeout(abort, ABORT_DELAY);
  });
}
