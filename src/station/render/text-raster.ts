/**
 * Text measuring and rasterising with the card font, Arimo (metric-compatible with Arial, SIL OFL 1.1),
 * loaded from the @expo-google-fonts/arimo package: never a system font, so every station prints the
 * same pixels.
 *
 * Glyph origins are snapped to whole dots (advances and kerning accumulate exactly in font units, so
 * only the placement of each glyph rounds, by at most half a dot); that makes one bitmap per
 * (weight, size, glyph) enough, and those bitmaps are cached.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import opentype from 'opentype.js';
import { fillContours, flattenPath, type CoverageBitmap, type PathCommand } from './path-fill.js';

export const FONT_WEIGHTS = ['regular', 'bold'] as const;
export type FontWeight = (typeof FONT_WEIGHTS)[number];

const FONT_FILES: Readonly<Record<FontWeight, string>> = {
  regular: '@expo-google-fonts/arimo/400Regular/Arimo_400Regular.ttf',
  bold: '@expo-google-fonts/arimo/700Bold/Arimo_700Bold.ttf',
};

/** Bitmaps kept per font before the cache starts over; a card uses a few hundred. */
const GLYPH_CACHE_LIMIT = 20_000;

/** One glyph placed on a line: `x` is its origin in whole dots from the line start. */
interface PlacedGlyph {
  readonly glyph: opentype.Glyph;
  readonly x: number;
}

class LoadedFont {
  readonly #font: opentype.Font;
  readonly #glyphs = new Map<number, opentype.Glyph>();
  readonly #bitmaps = new Map<string, CoverageBitmap>();
  readonly capHeightRatio: number;

  constructor(font: opentype.Font) {
    this.#font = font;
    const os2 = font.tables.os2 as { sCapHeight?: number } | undefined;
    // Arial's cap height is 0.716 em; used if the OS/2 table does not say.
    this.capHeightRatio = (os2?.sCapHeight ?? 0.716 * font.unitsPerEm) / font.unitsPerEm;
  }

  /** Undefined when the font has no glyph for a character (it would print as an empty box). */
  glyphFor(char: string): opentype.Glyph | undefined {
    const code = char.codePointAt(0)!;
    let glyph = this.#glyphs.get(code);
    if (glyph === undefined) {
      glyph = this.#font.charToGlyph(char);
      this.#glyphs.set(code, glyph);
    }
    return glyph.index === 0 ? undefined : glyph;
  }

  layout(text: string, sizeDots: number): { glyphs: PlacedGlyph[]; widthDots: number } {
    const scale = sizeDots / this.#font.unitsPerEm;
    const glyphs: PlacedGlyph[] = [];
    let penUnits = 0;
    let previous: opentype.Glyph | undefined;
    for (const char of text) {
      const glyph = this.glyphFor(char) ?? this.#font.charToGlyph(char);
      if (previous !== undefined) penUnits += this.#font.getKerningValue(previous, glyph);
      glyphs.push({ glyph, x: Math.round(penUnits * scale) });
      penUnits += glyph.advanceWidth ?? 0;
      previous = glyph;
    }
    return { glyphs, widthDots: Math.round(penUnits * scale) };
  }

  bitmap(glyph: opentype.Glyph, sizeDots: number): CoverageBitmap {
    const key = `${sizeDots}:${glyph.index}`;
    let bitmap = this.#bitmaps.get(key);
    if (bitmap === undefined) {
      if (this.#bitmaps.size >= GLYPH_CACHE_LIMIT) this.#bitmaps.clear();
      const commands = glyph.getPath(0, 0, sizeDots).commands as unknown as PathCommand[];
      bitmap = fillContours(flattenPath(commands));
      this.#bitmaps.set(key, bitmap);
    }
    return bitmap;
  }
}

export interface PlacedBitmap {
  /** Glyph origin in whole dots from the line origin. */
  readonly x: number;
  readonly bitmap: CoverageBitmap;
}

/** Receives each covered pixel: absolute position and coverage 1…16 (see path-fill.ts). */
export type CoverageSink = (x: number, y: number, coverage: number) => void;

/**
 * The card font in two weights with a glyph-bitmap cache. `TextRaster.shared()` loads Arimo once per
 * process (about 40 ms per weight); pass font bytes to the constructor in tests of other fonts.
 */
export class TextRaster {
  static #shared: TextRaster | undefined;
  readonly #fonts: Readonly<Record<FontWeight, LoadedFont>>;

  constructor(fontFiles: Readonly<Record<FontWeight, Uint8Array>>) {
    const load = (bytes: Uint8Array): LoadedFont => {
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      return new LoadedFont(opentype.parse(buffer));
    };
    this.#fonts = { regular: load(fontFiles.regular), bold: load(fontFiles.bold) };
  }

  /** The Arimo fonts from node_modules, loaded on first use. Throws if the package is missing. */
  static shared(): TextRaster {
    if (TextRaster.#shared === undefined) {
      // Resolved through node's module lookup so it works from the sources and from the bundle.
      const require = createRequire(import.meta.url);
      const read = (weight: FontWeight): Uint8Array => readFileSync(require.resolve(FONT_FILES[weight]));
      TextRaster.#shared = new TextRaster({ regular: read('regular'), bold: read('bold') });
    }
    return TextRaster.#shared;
  }

  /** Top of capitals to baseline, in whole dots, at this size. */
  capHeightDots(weight: FontWeight, sizeDots: number): number {
    return Math.round(this.#fonts[weight].capHeightRatio * sizeDots);
  }

  /** Advance width of the text in whole dots (with kerning). */
  measure(text: string, weight: FontWeight, sizeDots: number): number {
    return this.#fonts[weight].layout(text, sizeDots).widthDots;
  }

  /** True when the font has a glyph for every character (spaces included). */
  canPrint(text: string, weight: FontWeight): boolean {
    const font = this.#fonts[weight];
    for (const char of text) {
      if (font.glyphFor(char) === undefined) return false;
    }
    return true;
  }

  /**
   * The glyph bitmaps of one line and where each goes: add `x` to the line origin's x and the
   * bitmap's own `left`/`top` offsets (relative to the origin on the baseline).
   */
  glyphRun(text: string, weight: FontWeight, sizeDots: number): readonly PlacedBitmap[] {
    const font = this.#fonts[weight];
    return font.layout(text, sizeDots).glyphs.map((placed) => ({ x: placed.x, bitmap: font.bitmap(placed.glyph, sizeDots) }));
  }

  /** Rasterises one line with its origin at (`x`, `baselineY`), both whole dots. */
  draw(text: string, weight: FontWeight, sizeDots: number, x: number, baselineY: number, sink: CoverageSink): void {
    for (const placed of this.glyphRun(text, weight, sizeDots)) {
      const { bitmap } = placed;
      const left = x + placed.x + bitmap.left;
      const top = baselineY + bitmap.top;
      for (let row = 0; row < bitmap.height; row += 1) {
        for (let column = 0; column < bitmap.width; column += 1) {
          const coverage = bitmap.coverage[row * bitmap.width + column]!;
          if (coverage > 0) sink(left + column, top + row, coverage);
        }
      }
    }
  }
}
