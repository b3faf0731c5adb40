// The names clients send for their files, made fit to store, show and put in a header.
import fc from "fast-check";
import { cleanFileName, sanitizeFileName } from "~/domain/file-types";

describe("sanitizeFileName", () => {
  it("keeps ordinary names whole, `=`, `;`, brackets and any script included", () => {
    for (const name of [
      "ISO 42001 (scope=EU).pdf",
      "report;v2.pdf",
      "a=b; c=d; name=x.pdf",
      "Prüfbericht – 2025 ✓ 日本語.pdf",
      "😀 emoji 👩‍💻.png",
      "O'Brien & Co.docx",
    ]) {
      expect(sanitizeFileName(name)).toBe(name);
    }
  });

  it("drops paths, control and bidirectional characters, quotes and separators", () => {
    expect(sanitizeFileName("C:\\Users\\me\\report.pdf")).toBe("report.pdf");
    expect(sanitizeFileName("../../etc/passwd")).toBe("passwd");
    expect(sanitizeFileName("Q3\r\nreport.pdf")).toBe("Q3report.pdf");
    expect(sanitizeFileName("tab\there\u0000.pdf")).toBe("tabhere.pdf");
    expect(sanitizeFileName("esc\u001b[31m.pdf\u007f")).toBe("esc[31m.pdf");
    expect(sanitizeFileName("c1\u0085\u009b.pdf")).toBe("c1.pdf");
    expect(sanitizeFileName("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
    expect(sanitizeFileName("\u2066iso\u2069\u200e\u200f\u061c.pdf")).toBe("iso.pdf");
    expect(sanitizeFileName("\ufeffbom.pdf")).toBe("bom.pdf");
    expect(sanitizeFileName("line\u2028para\u2029.pdf")).toBe("linepara.pdf");
    expect(sanitizeFileName('say "hi".pdf')).toBe("say hi.pdf");
    expect(sanitizeFileName("  padded.pdf  ")).toBe("padded.pdf");
  });

  it('answers "" when nothing is left (cleanFileName then says "file")', () => {
    for (const name of ["", "   ", "\r\n", "..", ".", "dir/", "\u202e"]) {
      expect(sanitizeFileName(name), JSON.stringify(name)).toBe("");
      expect(cleanFileName(name)).toBe("file");
    }
  });

  it("normalises to NFC and replaces a lone surrogate", () => {
    expect(sanitizeFileName("cafe\u0301.pdf")).toBe("café.pdf");
    expect(sanitizeFileName("bad\ud800.pdf")).toBe("bad\ufffd.pdf");
    expect(sanitizeFileName("bad\udc00x.pdf")).toBe("bad\ufffdx.pdf");
  });

  it("caps the length at 255 characters, keeping the extension and never splitting a character", () => {
    const long = sanitizeFileName(`${"x".repeat(400)}.pdf`);
    expect(long).toHaveLength(255);
    expect(long.endsWith(".pdf")).toBe(true);
    const emoji = sanitizeFileName(`${"😀".repeat(300)}.png`);
    expect(Array.from(emoji)).toHaveLength(255);
    expect(emoji.endsWith("😀.png")).toBe(true);
    expect(sanitizeFileName("y".repeat(300))).toHaveLength(255);
  });

  it("always gives a name that encodes, has no control character or path, and is stable", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (name) => {
        const clean = sanitizeFileName(name);
        expect(() => encodeURIComponent(clean)).not.toThrow();
        // eslint-disable-next-line no-control-regex
        expect(clean).not.toMatch(/[\u0000-\u001f\u007f-\u009f"/\\\u202a-\u202e\u2066-\u2069]/);
        expect(Array.from(clean).length).toBeLessThanOrEqual(255);
        expect(sanitizeFileName(clean)).toBe(clean);
      }),
    );
  });
});

describe("cleanFileName", () => {
  it("keeps the extension's case when it shortens a name", () => {
    expect(cleanFileName(`${"a".repeat(300)}.PDF`).endsWith("a.PDF")).toBe(true);
  });
});
