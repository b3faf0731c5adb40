// The scorecard PDF's fonts: DejaVu Sans (regular and bold) embedded through fontkit and subset, so
// names beyond Latin-1 (Zoë, Ωmega, Łódź) print as real, copyable text. The font files are read
// once per process; a character the font has no glyph for (CJK, say) is printed as "?", never a crash.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import type { PDFDocument, PDFFont } from "pdf-lib";

export type FontName = "regular" | "bold";

const FILES: Record<FontName, string> = {
  regular: "dejavu-fonts-ttf/ttf/DejaVuSans.ttf",
  bold: "dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf",
};

// Resolved from this module: works from the Remix build (build/server) and from tsx (app/services).
const resolve = createRequire(import.meta.url).resolve;
let fontBytes: Promise<Record<FontName, Uint8Array>> | null = null;

function loadFontBytes(): Promise<Record<FontName, Uint8Array>> {
  if (!fontBytes) {
    fontBytes = Promise.all([readFile(resolve(FILES.regular)), readFile(resolve(FILES.bold))]).then(([regular, bold]) => ({ regular, bold }));
    // A failed read is not kept: the next download tries again.
    fontBytes.catch(() => {
      fontBytes = null;
    });
  }
  return fontBytes;
}

/** An embedded font and the code points it can draw. */
export interface PdfFontFace {
  font: PDFFont;
  codePoints: ReadonlySet<number>;
}

export type PdfFonts = Record<FontName, PdfFontFace>;

/** Embeds both fonts (subset: only the glyphs used end up in the file) into `doc`. */
export async function embedFonts(doc: PDFDocument): Promise<PdfFonts> {
  const bytes = await loadFontBytes();
  doc.registerFontkit(fontkit);
  const embed = async (name: FontName): Promise<PdfFontFace> => {
    const font = await doc.embedFont(bytes[name], { subset: true });
    return { font, codePoints: new Set(font.getCharacterSet()) };
  };
  return { regular: await embed("regular"), bold: await embed("bold") };
}

/**
 * The text as the font can print it: composed (NFC), control characters and tabs as spaces, any
 * character without a glyph in the font as "?".
 */
export function printable(text: string, face: PdfFontFace): string {
  let out = "";
  for (const ch of text.normalize("NFC")) {
    const code = ch.codePointAt(0)!;
    if (code < 32 || (code >= 0x7f && code < 0xa0)) out += " ";
    else out += face.codePoints.has(code) ? ch : "?";
  }
  return out;
}
