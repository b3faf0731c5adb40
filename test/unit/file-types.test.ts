import fc from "fast-check";
import { cleanFileName, extensionOf, FILE_KINDS, sniffFileType } from "~/domain/file-types";

const bytes = (...parts: Array<string | number[]>) => new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "latin1")] : p)));

const PDF = bytes("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n");
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], "IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], "JFIF\0");
/** A ZIP local file header naming its first entry. */
const zipWithEntry = (name: string) =>
  bytes([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, name.length, 0, 0, 0], name, [1, 2, 3, 4]);
const OOXML = zipWithEntry("[Content_Types].xml");

describe("sniffFileType", () => {
  it("accepts real minimal headers of every allowed type, with the allow-list's content type", () => {
    const cases: Array<[Uint8Array, string, string]> = [
      [PDF, "report.pdf", "application/pdf"],
      [PDF, "REPORT.PDF", "application/pdf"],
      [PNG, "scan.png", "image/png"],
      [JPEG, "photo.jpg", "image/jpeg"],
      [JPEG, "photo.jpeg", "image/jpeg"],
      [OOXML, "policy.docx", FILE_KINDS.docx.contentType],
      [OOXML, "subprocessors.xlsx", FILE_KINDS.xlsx.contentType],
      [OOXML, "deck.pptx", FILE_KINDS.pptx.contentType],
      [new TextEncoder().encode("Plain text, é and ✓\n"), "notes.txt", "text/plain; charset=utf-8"],
      [bytes([0xef, 0xbb, 0xbf], "name,country\nAcme,DE\n"), "list.csv", "text/csv; charset=utf-8"],
      [bytes('{"subprocessors": [1, 2]}'), "list.json", "application/json"],
    ];
    for (const [content, name, type] of cases) {
      expect(sniffFileType(content, name), name).toEqual({ ok: true, kind: expect.any(String), contentType: type });
    }
  });

  it("refuses a file whose content does not match its extension, saying so", () => {
    expect(sniffFileType(PNG, "certificate.pdf")).toEqual({
      ok: false,
      message: "This file says it is a PDF but its content is not a PDF (it looks like a PNG image).",
    });
    expect(sniffFileType(bytes("hello"), "certificate.pdf")).toEqual({ ok: false, message: "This file says it is a PDF but its content is not a PDF." });
    expect(sniffFileType(PDF, "scan.png").ok).toBe(false);
    expect(sniffFileType(PDF, "photo.jpg").ok).toBe(false);
    expect(sniffFileType(zipWithEntry("evil.exe"), "policy.docx")).toMatchObject({
      ok: false,
      message: expect.stringContaining("(it looks like a ZIP archive)"),
    });
    expect(sniffFileType(PDF, "notes.txt").ok).toBe(false);
    expect(sniffFileType(bytes("a\0b"), "notes.txt").ok).toBe(false);
    expect(sniffFileType(bytes([0xc3, 0x28]), "list.csv").ok).toBe(false); // invalid UTF-8
    expect(sniffFileType(bytes("{not json"), "data.json").ok).toBe(false);
  });

  it("refuses types off the allow-list, files without extension and empty files", () => {
    expect(sniffFileType(bytes("MZ\x90\0"), "setup.exe")).toMatchObject({ ok: false, message: expect.stringContaining("Files of type .exe are not accepted") });
    expect(sniffFileType(bytes("<svg/>"), "logo.svg").ok).toBe(false);
    expect(sniffFileType(bytes("<html>"), "page.html").ok).toBe(false);
    expect(sniffFileType(OOXML, "macros.docm").ok).toBe(false);
    expect(sniffFileType(PDF, "README")).toMatchObject({ ok: false, message: expect.stringContaining("no extension") });
    expect(sniffFileType(new Uint8Array(), "empty.pdf")).toEqual({ ok: false, message: "This file is empty." });
  });

  it("never lets random bytes pass as a PDF, PNG, JPEG or Office file", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 4096 }), fc.constantFrom("x.pdf", "x.png", "x.jpg", "x.docx", "x.xlsx"), (content, name) => {
        const result = sniffFileType(content, name);
        if (!result.ok) return true;
        // Passing requires the real signature at the very start.
        const head = Buffer.from(content.slice(0, 8));
        return (
          head.subarray(0, 5).toString("latin1") === "%PDF-" ||
          head.equals(Buffer.from(PNG.slice(0, 8))) ||
          head.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])) ||
          head.subarray(0, 4).toString("latin1") === "PK\x03\x04"
        );
      }),
      { numRuns: 2000 },
    );
  });

  it("accepts any content behind a valid signature, and nothing with a damaged one", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.integer({ min: 0, max: 4 }), (tail, damaged) => {
        const good = new Uint8Array([...PDF.slice(0, 5), ...tail]);
        const bad = good.slice();
        bad[damaged] = (bad[damaged]! + 1) % 256;
        return sniffFileType(good, "a.pdf").ok && !sniffFileType(bad, "a.pdf").ok;
      }),
    );
  });

  it("accepts any valid UTF-8 text without NUL as .txt, and refuses it as a PDF or PNG", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1 }), (text) => {
        fc.pre(!text.includes("\0") && !text.startsWith("%PDF-") && !text.startsWith("PK\x03\x04"));
        const content = new TextEncoder().encode(text);
        return sniffFileType(content, "a.txt").ok && !sniffFileType(content, "a.pdf").ok && !sniffFileType(content, "a.png").ok;
      }),
    );
  });
});

describe("file names", () => {
  it("keeps the base name without paths or control characters", () => {
    expect(cleanFileName("C:\\Users\\me\\report.pdf")).toBe("report.pdf");
    expect(cleanFileName("../../etc/passwd")).toBe("passwd");
    expect(cleanFileName('a"b\r\nc.pdf')).toBe("abc.pdf");
    expect(cleanFileName("")).toBe("file");
    const long = cleanFileName(`${"x".repeat(400)}.pdf`);
    expect(long).toHaveLength(255);
    expect(long.endsWith(".pdf")).toBe(true);
    expect(extensionOf("archive.tar.GZ")).toBe("gz");
    expect(extensionOf(".bashrc")).toBe("");
  });
});
