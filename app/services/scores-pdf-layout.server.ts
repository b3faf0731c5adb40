// Laying the scorecard out on PDF pages: wrapped text, headings and tables that start a new page
// when the next block does not fit, and "Page n of m" footers once every page exists.
import { PAGE_HEIGHT, PAGE_WIDTH, PdfDocument, widthOfTextAtSize, type PdfFont, type PdfPage } from "./scores-pdf-writer.server";

const MARGIN = 50;
const BOTTOM = 60;
const WIDTH = PAGE_WIDTH - 2 * MARGIN;

export const fmt = (n: number | null | undefined, digits = 1) =>
  n === null || n === undefined ? "—" : (Math.round(n * 10 ** digits) / 10 ** digits).toString();

/** Wraps text to lines no wider than `width` (a word longer than the line is cut). */
function wrap(text: string, width: number, size: number, font: PdfFont): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (widthOfTextAtSize(candidate, size, font) <= width) line = candidate;
      else {
        if (line) lines.push(line);
        let rest = word;
        while (widthOfTextAtSize(rest, size, font) > width && rest.length > 1) {
          let cut = rest.length - 1;
          while (cut > 1 && widthOfTextAtSize(rest.slice(0, cut), size, font) > width) cut--;
          lines.push(rest.slice(0, cut));
          rest = rest.slice(cut);
        }
        line = rest;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Writes top to bottom, starting a new page when the next block does not fit. */
export class Flow {
  readonly doc = new PdfDocument();
  page: PdfPage;
  y = PAGE_HEIGHT - MARGIN;

  constructor() {
    this.page = this.doc.addPage();
  }

  newPage() {
    this.page = this.doc.addPage();
    this.y = PAGE_HEIGHT - MARGIN;
  }

  ensure(height: number) {
    if (this.y - height < BOTTOM) this.newPage();
  }

  text(text: string, options: { size?: number; font?: PdfFont; gray?: number; indent?: number; gap?: number } = {}) {
    const size = options.size ?? 10;
    const font = options.font ?? "regular";
    const indent = options.indent ?? 0;
    for (const line of wrap(text, WIDTH - indent, size, font)) {
      this.ensure(size * 1.4);
      this.y -= size * 1.4;
      this.page.drawText(line, { x: MARGIN + indent, y: this.y, size, font, gray: options.gray });
    }
    this.y -= options.gap ?? 2;
  }

  heading(text: string, size = 14) {
    this.ensure(size * 3);
    this.y -= size * 0.6;
    this.text(text, { size, font: "bold", gap: 4 });
  }

  /** A table row: each cell wrapped to its column; the row is as tall as its tallest cell. */
  row(cells: string[], widths: number[], options: { font?: PdfFont; size?: number; shade?: boolean } = {}) {
    const size = options.size ?? 9;
    const font = options.font ?? "regular";
    const wrapped = cells.map((cell, i) => wrap(cell, widths[i]! - 6, size, font));
    const height = Math.max(...wrapped.map((w) => w.length)) * size * 1.3 + 4;
    this.ensure(height);
    if (options.shade) this.page.drawRectangle({ x: MARGIN, y: this.y - height, width: WIDTH, height, gray: 0.92 });
    let x = MARGIN;
    wrapped.forEach((lines, i) => {
      lines.forEach((line, j) => this.page.drawText(line, { x: x + 3, y: this.y - (j + 1) * size * 1.3, size, font }));
      x += widths[i]!;
    });
    this.y -= height;
    this.page.drawLine({ x1: MARGIN, y1: this.y, x2: MARGIN + WIDTH, y2: this.y, gray: 0.8 });
  }

  table(header: string[], fractions: number[], rows: string[][]) {
    const widths = fractions.map((f) => f * WIDTH);
    this.row(header, widths, { font: "bold", shade: true });
    for (const r of rows) this.row(r, widths);
    this.y -= 6;
  }

  numberPages(footer: string) {
    const total = this.doc.pages.length;
    this.doc.pages.forEach((page, i) => {
      const label = `Page ${i + 1} of ${total}`;
      page.drawText(footer, { x: MARGIN, y: 30, size: 8, gray: 0.4 });
      page.drawText(label, { x: PAGE_WIDTH - MARGIN - widthOfTextAtSize(label, 8), y: 30, size: 8, gray: 0.4 });
    });
  }
}
