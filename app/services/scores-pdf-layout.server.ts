// Laying the scorecard out on PDF pages (pdf-lib): wrapped text, headings and tables that start a
// new page when the next block does not fit, and "Page n of m" footers once every page exists.
import { grayscale, PageSizes, PDFDocument, type PDFPage } from "pdf-lib";
import { embedFonts, printable, type FontName, type PdfFonts } from "./scores-pdf-fonts.server";

/** A4 in points. */
const [PAGE_WIDTH, PAGE_HEIGHT] = PageSizes.A4;
const MARGIN = 50;
const BOTTOM = 60;
const WIDTH = PAGE_WIDTH - 2 * MARGIN;

export const fmt = (n: number | null | undefined, digits = 1) =>
  n === null || n === undefined ? "—" : (Math.round(n * 10 ** digits) / 10 ** digits).toString();

/**
 * Wraps text to lines no wider than `width` (a word longer than the line is cut). A line's width is the
 * sum of its words' and spaces' widths, each measured once (`widthOfTextAtSize` shapes text with
 * fontkit, which is what a long scorecard spent its time on when every growing line was re-measured).
 */
function wrap(text: string, width: number, size: number, widthOfTextAtSize: (text: string, size: number) => number): string[] {
  const lines: string[] = [];
  const space = widthOfTextAtSize(" ", size);
  for (const paragraph of text.split(/\r?\n/)) {
    let line = "";
    let lineWidth = 0;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const wordWidth = widthOfTextAtSize(word, size);
      const candidateWidth = line ? lineWidth + space + wordWidth : wordWidth;
      if (candidateWidth <= width) {
        line = line ? `${line} ${word}` : word;
        lineWidth = candidateWidth;
      } else {
        if (line) lines.push(line);
        let rest = word;
        while (widthOfTextAtSize(rest, size) > width && rest.length > 1) {
          let cut = rest.length - 1;
          while (cut > 1 && widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
          lines.push(rest.slice(0, cut));
          rest = rest.slice(cut);
        }
        line = rest;
        lineWidth = widthOfTextAtSize(rest, size);
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Writes top to bottom, starting a new page when the next block does not fit. */
export class Flow {
  page: PDFPage;
  y = PAGE_HEIGHT - MARGIN;

  private constructor(
    readonly doc: PDFDocument,
    private readonly fonts: PdfFonts,
  ) {
    this.page = this.newPage();
  }

  /** A new document with its fonts embedded and a first page. */
  static async create(): Promise<Flow> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    return new Flow(doc, await embedFonts(doc));
  }

  newPage(): PDFPage {
    this.page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.y = PAGE_HEIGHT - MARGIN;
    return this.page;
  }

  /** Widths at size 1 per font and text: words repeat across a scorecard, and width scales with size. */
  private readonly widths: Record<FontName, Map<string, number>> = { regular: new Map(), bold: new Map() };

  /** The width of text as it will print in `font` (characters without a glyph counted as "?"). */
  private widthOf(font: FontName) {
    const face = this.fonts[font];
    const cache = this.widths[font];
    return (text: string, size: number) => {
      let unit = cache.get(text);
      if (unit === undefined) {
        unit = face.font.widthOfTextAtSize(printable(text, face), 1);
        cache.set(text, unit);
      }
      return unit * size;
    };
  }

  /** Draws one line of text; characters the font lacks print as "?". */
  private draw(page: PDFPage, text: string, options: { x: number; y: number; size: number; font: FontName; gray?: number }) {
    const face = this.fonts[options.font];
    page.drawText(printable(text, face), { x: options.x, y: options.y, size: options.size, font: face.font, color: grayscale(options.gray ?? 0) });
  }

  ensure(height: number) {
    if (this.y - height < BOTTOM) this.newPage();
  }

  text(text: string, options: { size?: number; font?: FontName; gray?: number; indent?: number; gap?: number } = {}) {
    const size = options.size ?? 10;
    const font = options.font ?? "regular";
    const indent = options.indent ?? 0;
    for (const line of wrap(text, WIDTH - indent, size, this.widthOf(font))) {
      this.ensure(size * 1.4);
      this.y -= size * 1.4;
      this.draw(this.page, line, { x: MARGIN + indent, y: this.y, size, font, gray: options.gray });
    }
    this.y -= options.gap ?? 2;
  }

  heading(text: string, size = 14) {
    this.ensure(size * 3);
    this.y -= size * 0.6;
    this.text(text, { size, font: "bold", gap: 4 });
  }

  /** A table row: each cell wrapped to its column; the row is as tall as its tallest cell. */
  row(cells: string[], widths: number[], options: { font?: FontName; size?: number; shade?: boolean } = {}) {
    const size = options.size ?? 9;
    const font = options.font ?? "regular";
    const wrapped = cells.map((cell, i) => wrap(cell, widths[i]! - 6, size, this.widthOf(font)));
    const height = Math.max(...wrapped.map((w) => w.length)) * size * 1.3 + 4;
    this.ensure(height);
    if (options.shade) this.page.drawRectangle({ x: MARGIN, y: this.y - height, width: WIDTH, height, color: grayscale(0.92) });
    let x = MARGIN;
    wrapped.forEach((lines, i) => {
      lines.forEach((line, j) => this.draw(this.page, line, { x: x + 3, y: this.y - (j + 1) * size * 1.3, size, font }));
      x += widths[i]!;
    });
    this.y -= height;
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: MARGIN + WIDTH, y: this.y }, thickness: 0.5, color: grayscale(0.8) });
  }

  table(header: string[], fractions: number[], rows: string[][]) {
    const widths = fractions.map((f) => f * WIDTH);
    this.row(header, widths, { font: "bold", shade: true });
    for (const r of rows) this.row(r, widths);
    this.y -= 6;
  }

  numberPages(footer: string) {
    const pages = this.doc.getPages();
    pages.forEach((page, i) => {
      const label = `Page ${i + 1} of ${pages.length}`;
      const labelWidth = this.widthOf("regular")(label, 8);
      const [line] = wrap(footer, WIDTH - labelWidth - 12, 8, this.widthOf("regular"));
      this.draw(page, line ?? "", { x: MARGIN, y: 30, size: 8, font: "regular", gray: 0.4 });
      this.draw(page, label, { x: PAGE_WIDTH - MARGIN - labelWidth, y: 30, size: 8, font: "regular", gray: 0.4 });
    });
  }

  /** The file's bytes, with its document information (title, author, subject, dates). */
  async save(info: { title: string; author: string; subject?: string; createdAt: Date }): Promise<Uint8Array<ArrayBuffer>> {
    this.doc.setTitle(info.title, { showInWindowTitleBar: true });
    this.doc.setAuthor(info.author);
    if (info.subject) this.doc.setSubject(info.subject);
    this.doc.setCreator("Assay");
    this.doc.setProducer("Assay (pdf-lib)");
    this.doc.setCreationDate(info.createdAt);
    this.doc.setModificationDate(info.createdAt);
    return new Uint8Array(await this.doc.save());
  }
}
