import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface RenderedPage {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
  /** Share of pixels darker than mid-grey, from a greyscale rendering of the same page. */
  readonly ink: number;
}

/**
 * Renders every page of a PDF with poppler's pdftoppm, as another reader would: PNG files (kept
 * in `keepDir` when given, to look at), and a greyscale PGM of each page to measure how much of it
 * is printed on. A PDF poppler cannot read fails here.
 */
export async function renderPdf(pdf: Buffer, options: { dpi?: number; keepDir?: string; name?: string } = {}): Promise<RenderedPage[]> {
  const dir = await mkdtemp(join(tmpdir(), 'cetak-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    await writeFile(file, pdf);
    const dpi = String(options.dpi ?? 40);
    await run('pdftoppm', ['-r', dpi, '-png', file, join(options.keepDir ?? dir, options.name ?? 'page')]);
    await run('pdftoppm', ['-r', dpi, '-gray', file, join(dir, 'grey')]);
    const pngDir = options.keepDir ?? dir;
    const prefix = options.name ?? 'page';
    const pngs = (await readdir(pngDir)).filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.png')).sort();
    const greys = (await readdir(dir)).filter((f) => f.startsWith('grey-') && f.endsWith('.pgm')).sort();
    const pages: RenderedPage[] = [];
    for (let i = 0; i < pngs.length; i++) {
      const png = await readFile(join(pngDir, pngs[i]!));
      if (png.subarray(1, 4).toString('latin1') !== 'PNG') throw new Error(`${pngs[i]} is not a PNG`);
      pages.push({ png, width: png.readUInt32BE(16), height: png.readUInt32BE(20), ink: inkOf(await readFile(join(dir, greys[i]!))) });
    }
    return pages;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Binary PGM (P5): a text header of magic, width, height and maxval, then one byte a pixel. */
function inkOf(pgm: Buffer): number {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not write a PGM');
  const pixels = pgm.subarray(header[0].length);
  let dark = 0;
  for (const value of pixels) if (value < 128) dark++;
  return dark / pixels.length;
}
