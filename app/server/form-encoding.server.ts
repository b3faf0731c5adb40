// A urlencoded form body is checked as it streams in: every name and value, once percent-decoded,
// must be UTF-8 text without NUL. Browsers never send anything else; decoding it anyway would store
// replacement characters (or fail in PostgreSQL, which cannot hold NUL).
import { Transform, type TransformCallback } from "node:stream";

const AMPERSAND = 0x26;
const EQUALS = 0x3d;
const PLUS = 0x2b;
const PERCENT = 0x25;
const MAX_NAME_BYTES = 80;

function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

export class MalformedFormError extends Error {
  constructor(readonly field: string) {
    super(`form field ${JSON.stringify(field)} is not storable text`);
    this.name = "MalformedFormError";
  }
}

/** Passes a urlencoded body through unchanged; on a NUL or invalid UTF-8 it fails and calls `onMalformed(field)` once. */
export class UrlEncodedTextCheck extends Transform {
  #decoder = new TextDecoder("utf-8", { fatal: true });
  #inName = true;
  #name: number[] = [];
  #percent: number[] = [];
  #failed = false;

  constructor(private readonly onMalformed: (field: string) => void) {
    super();
  }

  #fieldName(): string {
    return (
      new TextDecoder()
        .decode(Uint8Array.from(this.#name))
        // eslint-disable-next-line no-control-regex -- control characters are cut out of the name shown
        .replace(/[\u0000-\u001f\u007f\ufffd]/g, "")
        .slice(0, 60)
    );
  }

  /** Feeds decoded bytes; false once they are not storable text. */
  #feed(decoded: number[], end: boolean): boolean {
    if (decoded.includes(0)) return false;
    if (this.#inName) for (const byte of decoded) if (this.#name.length < MAX_NAME_BYTES) this.#name.push(byte);
    try {
      this.#decoder.decode(Uint8Array.from(decoded), { stream: !end });
      return true;
    } catch {
      return false;
    }
  }

  #check(chunk: Buffer, end: boolean): boolean {
    let decoded: number[] = [];
    const plain = (byte: number): boolean => {
      if (byte === AMPERSAND || (byte === EQUALS && this.#inName)) {
        if (!this.#feed(decoded, true)) return false;
        decoded = [];
        if (byte === AMPERSAND) this.#name = [];
        this.#inName = byte === AMPERSAND;
      } else if (byte === PERCENT) this.#percent = [PERCENT];
      else decoded.push(byte === PLUS ? 0x20 : byte);
      return true;
    };
    for (const byte of chunk) {
      if (!this.#percent.length) {
        if (!plain(byte)) return false;
        continue;
      }
      if (hexValue(byte) < 0) {
        // Not an escape: "%" and what followed stand for themselves (as URLSearchParams reads them).
        decoded.push(...this.#percent);
        this.#percent = [];
        if (!plain(byte)) return false;
      } else if (this.#percent.length === 1) this.#percent.push(byte);
      else {
        decoded.push(hexValue(this.#percent[1]!) * 16 + hexValue(byte));
        this.#percent = [];
      }
    }
    if (end) {
      decoded.push(...this.#percent);
      this.#percent = [];
    }
    return this.#feed(decoded, end);
  }

  #fail(callback: TransformCallback) {
    this.#failed = true;
    const field = this.#fieldName();
    this.onMalformed(field);
    callback(new MalformedFormError(field));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.#failed) return callback();
    if (!this.#check(chunk, false)) return this.#fail(callback);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.#failed) return callback();
    if (!this.#check(Buffer.alloc(0), true)) return this.#fail(callback);
    callback();
  }
}
