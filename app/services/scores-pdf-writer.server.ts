// A minimal PDF 1.4 writer (text, rules and filled boxes in the standard Helvetica fonts), used
// because pdf-lib is not installed yet. Text is real text (WinAnsi-encoded, uncompressed content
// streams): searchable and copyable. Characters WinAnsi cannot hold are transliterated where
// possible (é stays é, ő becomes o, ≥ becomes >=) and otherwise printed as "?", never a crash.
// The interface mirrors the part of pdf-lib used (drawText, drawRectangle, widthOfTextAtSize), so
// swapping pdf-lib + @pdf-lib/fontkit in (to embed a font that prints non-Latin names) is local.

export type PdfFont = "regular" | "bold";

/** A4 in points. */
export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;

// Helvetica and Helvetica-Bold advance widths (1/1000 em) for codes 32–126, from Adobe's AFM files.
const WIDTHS: Record<PdfFont, number[]> = {
  regular: [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584,
    556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278,
    469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260,
    334, 584,
  ],
  bold: [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584,
    611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333,
    584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280,
    389, 584,
  ],
};

// WinAnsi's codes 0x80–0x9F, which differ from Latin-1.
const WIN_ANSI_EXTRA: Record<string, number> = {
  "€": 0x80, "‚": 0x82, "ƒ": 0x83, "„": 0x84, "…": 0x85, "†": 0x86, "‡": 0x87, "ˆ": 0x88, "‰": 0x89, "Š": 0x8a, "‹": 0x8b, "Œ": 0x8c, "Ž": 0x8e,
  "‘": 0x91, "’": 0x92, "“": 0x93, "”": 0x94, "•": 0x95, "–": 0x96, "—": 0x97, "˜": 0x98, "™": 0x99, "š": 0x9a, "›": 0x9b, "œ": 0x9c, "ž": 0x9e, "Ÿ": 0x9f,
}; // prettier-ignore

const SPELLED: Record<string, string> = { "≥": ">=", "≤": "<=", "→": "->", "←": "<-", Σ: "Sum ", "≠": "!=", "\u00a0": " ", "\t": " " };

/** The text as WinAnsi codes (one char per byte, 0–255); unknown characters transliterated or "?". */
export function toWinAnsi(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if ((code >= 32 && code <= 126) || (code >= 160 && code <= 255)) out += ch;
    else if (WIN_ANSI_EXTRA[ch] !== undefined) out += String.fromCharCode(WIN_ANSI_EXTRA[ch]!);
    else if (SPELLED[ch] !== undefined) out += SPELLED[ch];
    else if (code < 32) out += " ";
    else {
      const base = ch.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
      out += base.length > 0 && [...base].every((c) => c.charCodeAt(0) >= 32 && c.charCodeAt(0) <= 126) ? base : "?";
    }
  }
  return out;
}

export function widthOfTextAtSize(text: string, size: number, font: PdfFont = "regular"): number {
  const table = WIDTHS[font];
  let units = 0;
  for (const ch of toWinAnsi(text)) {
    const code = ch.charCodeAt(0);
    units += code >= 32 && code <= 126 ? table[code - 32]! : 556;
  }
  return (units * size) / 1000;
}

function pdfString(text: string): string {
  return `(${toWinAnsi(text).replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

const num = (n: number) => (Math.round(n * 100) / 100).toString();

export class PdfPage {
  readonly ops: string[] = [];

  drawText(text: string, options: { x: number; y: number; size: number; font?: PdfFont; gray?: number }): void {
    const font = options.font === "bold" ? "F2" : "F1";
    const gray = options.gray ?? 0;
    this.ops.push(`BT /${font} ${num(options.size)} Tf ${num(gray)} g ${num(options.x)} ${num(options.y)} Td ${pdfString(text)} Tj ET`);
  }

  drawRectangle(options: { x: number; y: number; width: number; height: number; gray: number }): void {
    this.ops.push(`${num(options.gray)} g ${num(options.x)} ${num(options.y)} ${num(options.width)} ${num(options.height)} re f 0 g`);
  }

  drawLine(options: { x1: number; y1: number; x2: number; y2: number; gray?: number; thickness?: number }): void {
    this.ops.push(
      `${num(options.gray ?? 0)} G ${num(options.thickness ?? 0.5)} w ${num(options.x1)} ${num(options.y1)} m ${num(options.x2)} ${num(options.y2)} l S 0 G`,
    );
  }
}

export class PdfDocument {
  readonly pages: PdfPage[] = [];

  addPage(): PdfPage {
    const page = new PdfPage();
    this.pages.push(page);
    return page;
  }

  /** The file's bytes. `info` goes into the document information dictionary. */
  save(info: { title: string; author: string; subject?: string; createdAt: Date }): Uint8Array<ArrayBuffer> {
    const objects: string[] = [];
    const add = (body: string) => objects.push(body);
    const pageCount = this.pages.length;
    // 1 catalog, 2 page tree, 3-4 fonts, 5 info, then a page and its content stream for each page.
    const pageIds = this.pages.map((_, i) => 6 + i * 2);
    add(`<< /Type /Catalog /Pages 2 0 R >>`);
    add(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pageCount} >>`);
    add(`<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>`);
    add(`<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>`);
    const date = info.createdAt.toISOString().replace(/[-:T]/g, "").slice(0, 14);
    add(
      `<< /Title ${pdfString(info.title)} /Author ${pdfString(info.author)}${info.subject ? ` /Subject ${pdfString(info.subject)}` : ""} /Producer (Assay) /CreationDate (D:${date}Z) >>`,
    );
    for (const page of this.pages) {
      const stream = page.ops.join("\n");
      const id = objects.length + 1;
      add(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${id + 1} 0 R >>`,
      );
      add(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
    }
    let out = "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n";
    const offsets: number[] = [];
    objects.forEach((body, i) => {
      offsets.push(out.length);
      out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    });
    const xref = out.length;
    out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
    for (const offset of offsets) out += `${String(offset).padStart(10, "0")} 00000 n \n`;
    out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    // Every character is 0–255 (toWinAnsi), so latin1 maps each to one byte and the offsets hold.
    return new Uint8Array(Buffer.from(out, "latin1"));
  }
}
