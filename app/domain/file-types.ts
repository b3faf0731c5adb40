// Which evidence files Assay accepts, decided from their content, never from what the browser or
// the file name claims. Pure: no Node I/O, so the browser could use it too.
//
// The extension says what the file should be; the first bytes must agree:
// - PDF `%PDF-`, PNG its 8-byte signature, JPEG `FF D8 FF`.
// - DOCX, XLSX, PPTX are ZIP containers (`PK\x03\x04`). Every Office Open XML package holds a
//   `[Content_Types].xml` entry, and writers put it first, so its name appears in the first local
//   file header: we look for it in the first 2 KB. That tells an OOXML package from any other ZIP
//   (a renamed .zip, .jar or .apk); it does not tell a .docx from a renamed .xlsx, which is harmless
//   (the file is served as an attachment with the type its extension names, and it is still OOXML).
// - Plain text and CSV: valid UTF-8 (a BOM is allowed) without NUL bytes.
// - JSON: the same, and it parses.
// Everything else (executables, HTML, SVG, archives, macro-enabled Office files...) is refused.

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

export type FileKind = "pdf" | "png" | "jpeg" | "docx" | "xlsx" | "pptx" | "text" | "csv" | "json";

interface KindInfo {
  label: string;
  contentType: string;
  extensions: readonly string[];
}

export const FILE_KINDS: Record<FileKind, KindInfo> = {
  pdf: { label: "PDF", contentType: "application/pdf", extensions: ["pdf"] },
  png: { label: "PNG image", contentType: "image/png", extensions: ["png"] },
  jpeg: { label: "JPEG image", contentType: "image/jpeg", extensions: ["jpg", "jpeg"] },
  docx: { label: "Word document (.docx)", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", extensions: ["docx"] },
  xlsx: { label: "Excel workbook (.xlsx)", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extensions: ["xlsx"] },
  pptx: {
    label: "PowerPoint presentation (.pptx)",
    contentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    extensions: ["pptx"],
  },
  text: { label: "text file", contentType: "text/plain; charset=utf-8", extensions: ["txt"] },
  csv: { label: "CSV file", contentType: "text/csv; charset=utf-8", extensions: ["csv"] },
  json: { label: "JSON file", contentType: "application/json", extensions: ["json"] },
};

/** For the file input's `accept` attribute (a hint only: the server checks the content). */
export const ACCEPT_ATTRIBUTE = Object.values(FILE_KINDS)
  .flatMap((k) => k.extensions.map((e) => `.${e}`))
  .join(",");

export const ALLOWED_TYPES_TEXT = "PDF, PNG, JPEG, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), text, CSV or JSON";

export type SniffResult = { ok: true; kind: FileKind; contentType: string } | { ok: false; message: string };

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP = [0x50, 0x4b, 0x03, 0x04]; // PK\3\4: a local file header
const CONTENT_TYPES_ENTRY = Array.from("[Content_Types].xml", (c) => c.charCodeAt(0));
const OOXML_WINDOW = 2048;

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  return prefix.every((b, i) => bytes[i] === b);
}

function contains(bytes: Uint8Array, needle: readonly number[], limit: number): boolean {
  const end = Math.min(bytes.length, limit) - needle.length;
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

function utf8Text(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

function isOoxml(bytes: Uint8Array): boolean {
  return startsWith(bytes, ZIP) && contains(bytes, CONTENT_TYPES_ENTRY, OOXML_WINDOW);
}

/** What the content is, by its first bytes alone (null: none of the binary formats we know). */
export function detectBinaryKind(bytes: Uint8Array): "pdf" | "png" | "jpeg" | "ooxml" | "zip" | null {
  if (startsWith(bytes, PDF)) return "pdf";
  if (startsWith(bytes, PNG)) return "png";
  if (startsWith(bytes, JPEG)) return "jpeg";
  if (startsWith(bytes, ZIP)) return isOoxml(bytes) ? "ooxml" : "zip";
  return null;
}

function matches(kind: FileKind, bytes: Uint8Array): boolean {
  switch (kind) {
    case "pdf":
      return startsWith(bytes, PDF);
    case "png":
      return startsWith(bytes, PNG);
    case "jpeg":
      return startsWith(bytes, JPEG);
    case "docx":
    case "xlsx":
    case "pptx":
      return isOoxml(bytes);
    case "text":
    case "csv":
      return detectBinaryKind(bytes) === null && utf8Text(bytes) !== null;
    case "json": {
      const text = utf8Text(bytes);
      if (text === null) return false;
      try {
        JSON.parse(text.replace(/^\uFEFF/, ""));
        return true;
      } catch {
        return false;
      }
    }
  }
}

/** The extension of a file name, lower-cased, without the dot ("" when there is none). */
export function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

export function kindForExtension(extension: string): FileKind | null {
  for (const [kind, info] of Object.entries(FILE_KINDS) as Array<[FileKind, KindInfo]>) {
    if (info.extensions.includes(extension)) return kind;
  }
  return null;
}

const LOOKS_LIKE: Record<string, string> = { pdf: "a PDF", png: "a PNG image", jpeg: "a JPEG image", ooxml: "an Office document", zip: "a ZIP archive" };
const article = (label: string) => (/^[AEIOU]/i.test(label) ? `an ${label}` : `a ${label}`);

/**
 * Accepts a file only when its extension is on the allow-list and its content is what the
 * extension says. The content type returned comes from the allow-list, never from the upload.
 */
export function sniffFileType(bytes: Uint8Array, declaredName: string): SniffResult {
  const extension = extensionOf(declaredName);
  const kind = kindForExtension(extension);
  if (!kind) {
    return {
      ok: false,
      message: extension
        ? `Files of type .${extension} are not accepted. Upload a ${ALLOWED_TYPES_TEXT} file.`
        : `This file has no extension, so we cannot tell what it is. Upload a ${ALLOWED_TYPES_TEXT} file.`,
    };
  }
  if (bytes.length === 0) return { ok: false, message: "This file is empty." };
  const info = FILE_KINDS[kind];
  if (!matches(kind, bytes)) {
    const seen = detectBinaryKind(bytes);
    const hint = seen && seen !== kind ? ` (it looks like ${LOOKS_LIKE[seen]})` : "";
    return { ok: false, message: `This file says it is ${article(info.label)} but its content is not ${article(info.label)}${hint}.` };
  }
  return { ok: true, kind, contentType: info.contentType };
}

const MAX_FILE_NAME_LENGTH = 255;
/**
 * Characters never kept in a name: C0 and C1 controls, DEL, the quote (it would end a header's
 * quoted string), line and paragraph separators, a byte-order mark, and the bidirectional controls
 * that can make "invoice\u202Efdp.exe" display as "invoiceexe.pdf".
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f-\u009f"\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
/** A surrogate without its pair (a string no UTF-8 encoder, header or database can take). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The name a client sent, fit to store, show and put in a Content-Disposition header: the last
 * path part only, NFC, without control or bidirectional characters, trimmed, at most 255
 * characters (the extension kept). "" when nothing is left.
 */
export function sanitizeFileName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "").replace(LONE_SURROGATE, "\ufffd").replace(UNSAFE_IN_NAME, "").normalize("NFC").trim();
  const capped = capLength(base).trim();
  return capped === "." || capped === ".." ? "" : capped;
}

/** At most 255 characters (code points, so a character is never split), the extension kept. */
function capLength(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= MAX_FILE_NAME_LENGTH) return name;
  // The extension as written (extensionOf lower-cases it).
  const ext = Array.from(extensionOf(name)).length;
  const keep = ext > 0 && ext < 20 ? MAX_FILE_NAME_LENGTH - 1 - ext : MAX_FILE_NAME_LENGTH;
  return keep < MAX_FILE_NAME_LENGTH ? [...chars.slice(0, keep), ...chars.slice(-1 - ext)].join("") : chars.slice(0, keep).join("");
}

/** As sanitizeFileName, with "file" when nothing is left: the name a stored file always has. */
export function cleanFileName(name: string): string {
  return sanitizeFileName(name) || "file";
}

export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
