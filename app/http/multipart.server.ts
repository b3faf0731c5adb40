// The bodies of the routes that take files, read in one place: Remix's multipart parser answered
// 500 for file names holding `=` or `;` and for any malformed body. busboy parses as the body
// streams in, the limits are enforced while reading, and every problem is an AppError a route can
// show (malformed: "invalid", over a limit: "too_large", not a form: "unsupported").
import busboy from "busboy";
import { AppError } from "../domain/errors";
import { formatFileSize, sanitizeFileName } from "../domain/file-types";

export interface UploadedFile {
  /** The form field it came in. */
  field: string;
  /** The client's file name, sanitised for display (see sanitizeFileName); "" when it sent none. */
  name: string;
  /** The type the client declared: a hint, never trusted. */
  declaredType: string;
  bytes: Uint8Array;
}

export interface FormBody {
  /** Each text field's first value, as FormData.get gives it; a field not sent is absent. */
  fields: Readonly<Record<string, string>>;
  files: readonly UploadedFile[];
}

export interface FormLimits {
  /** The largest file, in bytes. */
  fileSize: number;
  /** The most files in one body. */
  files: number;
  /** The fields that may carry a file; a file in any other is refused. */
  fileFields: readonly string[];
  /** The most text fields. */
  fields: number;
  /** The longest text field, in bytes. */
  fieldSize: number;
  /** The whole body, in bytes, whatever its framing. */
  total: number;
}

/** What was over its limit, in a too_large error's `details.over`. */
export type OverLimit = "file" | "field" | "body";

const NOTHING_SAVED = "Nothing was saved.";
export const UNSUPPORTED_FORM_MESSAGE = `This form must be sent as multipart/form-data or application/x-www-form-urlencoded. ${NOTHING_SAVED}`;
const FIELD_NAME_BYTES = 200;

const unreadable = (why: string) => new AppError("invalid", `The upload could not be read: ${why}. ${NOTHING_SAVED}`);
const tooLarge = (over: OverLimit, message: string, limit: number) => new AppError("too_large", `${message} ${NOTHING_SAVED}`, { details: { over, limit } });
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** busboy's own errors, in words a person can act on. */
function describeParserError(error: unknown): AppError {
  const message = error instanceof Error ? error.message : String(error);
  if (/boundary not found/i.test(message)) return unreadable("its Content-Type names no boundary");
  if (/malformed content type/i.test(message)) return unreadable("its Content-Type header is malformed");
  if (/malformed part header/i.test(message)) return unreadable("a part's header is malformed or too long");
  if (/unexpected end of (form|file)/i.test(message)) return unreadable("the form was cut off, or its boundary does not match the one announced");
  return unreadable("the form is malformed");
}

/** Browsers send CR, LF and `"` in a file name as %0D, %0A and %22 (HTML's form encoding). */
const unescapeBrowserName = (name: string) => name.replace(/%0D/gi, "\r").replace(/%0A/gi, "\n").replace(/%22/g, '"');

/** A text field's first value ("" when it was not sent). */
export function formText(body: FormBody, name: string): string {
  return body.fields[name] ?? "";
}

/** The first file sent in `field`, or null. */
export function formFile(body: FormBody, field: string): UploadedFile | null {
  return body.files.find((f) => f.field === field) ?? null;
}

/**
 * Reads a form body (multipart or URL-encoded) within `limits`. Stops reading at the first
 * problem: the edge drops whatever is left of the body after the answer.
 */
export async function readFormBody(request: Request, limits: FormLimits): Promise<FormBody> {
  const contentType = request.headers.get("content-type") ?? "";
  const mediaType = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  if (mediaType === "multipart/form-data") return readMultipart(request, contentType, limits);
  if (mediaType === "application/x-www-form-urlencoded") return readUrlEncoded(request, limits);
  throw new AppError("unsupported", UNSUPPORTED_FORM_MESSAGE);
}

/** Yields the body's chunks, failing once more than `total` bytes have come. */
async function* chunksOf(request: Request, total: number): AsyncGenerator<Uint8Array> {
  if (!request.body) return;
  const reader = request.body.getReader();
  let seen = 0;
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch {
        throw unreadable("the upload was interrupted before it ended");
      }
      if (next.done) return;
      seen += next.value.byteLength;
      if (seen > total) throw tooLarge("body", `This upload is larger than ${formatFileSize(total)}.`, total);
      yield next.value;
    }
  } finally {
    // Not cancelled: cancelling resets the connection before the client reads our answer.
    reader.releaseLock();
  }
}

async function readUrlEncoded(request: Request, limits: FormLimits): Promise<FormBody> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of chunksOf(request, limits.total)) chunks.push(chunk);
  const fields: Record<string, string> = Object.create(null);
  let count = 0;
  for (const [name, value] of new URLSearchParams(new TextDecoder().decode(Buffer.concat(chunks)))) {
    if (++count > limits.fields) throw unreadable(`the form has more fields than expected (at most ${limits.fields})`);
    if (Buffer.byteLength(value) > limits.fieldSize)
      throw tooLarge("field", `A form field is too long (at most ${formatFileSize(limits.fieldSize)}).`, limits.fieldSize);
    if (!(name in fields)) fields[name] = value;
  }
  return { fields, files: [] };
}

async function readMultipart(request: Request, contentType: string, limits: FormLimits): Promise<FormBody> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      // Browsers send file names as raw UTF-8, not Latin-1. (A form without files still lets one
      // through to the handler below, which names the field it came in.)
      defParamCharset: "utf8",
      limits: {
        fieldNameSize: FIELD_NAME_BYTES,
        fieldSize: limits.fieldSize,
        fields: limits.fields,
        files: Math.max(limits.files, 1),
        fileSize: limits.fileSize,
      },
    });
  } catch (error) {
    throw describeParserError(error);
  }

  const fields: Record<string, string> = Object.create(null);
  const files: UploadedFile[] = [];
  // The first problem wins; callbacks set it, the loop below stops on it.
  const state: { failure: AppError | null } = { failure: null };
  const fail = (error: AppError) => {
    state.failure ??= error;
  };
  const noName = () => unreadable("a part of the form has no name");

  parser.on("field", (name, value, info) => {
    if (!name) return fail(noName());
    if (info.nameTruncated) return fail(unreadable("a field's name is too long"));
    if (info.valueTruncated) return fail(tooLarge("field", `A form field is too long (at most ${formatFileSize(limits.fieldSize)}).`, limits.fieldSize));
    if (!(name in fields)) fields[name] = value;
  });
  parser.on("file", (name, stream, info) => {
    // The parser reports a broken file part itself; the stream's own error adds nothing.
    stream.on("error", () => {});
    if (!name || limits.files === 0 || !limits.fileFields.includes(name)) {
      stream.resume();
      return fail(name ? unreadable(`it holds a file where none was expected (in the field "${name.slice(0, 50)}")`) : noName());
    }
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => {
      if (!state.failure) chunks.push(chunk);
    });
    stream.on("limit", () => fail(tooLarge("file", `This file is larger than ${formatFileSize(limits.fileSize)}.`, limits.fileSize)));
    stream.on("end", () => {
      if (stream.truncated || state.failure) return;
      files.push({
        field: name,
        name: sanitizeFileName(unescapeBrowserName(info.filename ?? "")),
        declaredType: info.mimeType,
        bytes: new Uint8Array(Buffer.concat(chunks)),
      });
    });
  });
  parser.on("filesLimit", () => fail(unreadable(`this form takes at most ${plural(limits.files, "file")}`)));
  parser.on("fieldsLimit", () => fail(unreadable(`the form has more fields than expected (at most ${limits.fields})`)));

  // Settles when the parser is done (close) or has failed (error, which may come more than once).
  const settled = new Promise<void>((resolve) => {
    parser.on("error", (error: unknown) => {
      fail(describeParserError(error));
      resolve();
    });
    parser.once("close", resolve);
  });

  try {
    for await (const chunk of chunksOf(request, limits.total)) {
      if (!parser.write(chunk)) await Promise.race([new Promise((resolve) => parser.once("drain", resolve)), settled]);
      if (state.failure) break;
    }
  } catch (error) {
    parser.destroy();
    throw error;
  }
  if (state.failure) {
    parser.destroy();
    throw state.failure;
  }
  parser.end();
  await settled;
  if (state.failure) throw state.failure;
  return { fields, files };
}
