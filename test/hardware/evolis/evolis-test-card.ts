// Deterministic card-like panels for Evolis tests and the encode benchmark: mostly white, a
// photo-like gradient block, text-like strokes in K, and an overlay with a cut-out.
import type { GrayPlane, MonoPlane, PrintJob, SidePanels } from '../../../hardware/types.js';
import { CARD_HEIGHT_DOTS, CARD_WIDTH_DOTS, makeGrayPlane, makeMonoPlane } from '../../../hardware/types.js';

const W = CARD_WIDTH_DOTS;
const H = CARD_HEIGHT_DOTS;

/** A colour front side; `seed` changes the picture so cards of different jobs differ. */
export function makeTestSide(seed = 1): Required<SidePanels> {
  const y = makeGrayPlane();
  const m = makeGrayPlane();
  const c = makeGrayPlane();
  const k = makeMonoPlane();
  const o = makeMonoPlane();
  // Photo block at the left: smooth gradients with a little deterministic texture.
  for (let row = 120; row < 560; row += 1) {
    for (let col = 40; col < 360; col += 1) {
      const i = row * W + col;
      const t = ((row * 7 + col * 3 + seed * 13) % 17) - 8;
      y.data[i] = clamp(((col - 40) * 255) / 320 + t);
      m.data[i] = clamp(((row - 120) * 255) / 440 - t);
      c.data[i] = clamp(128 + 100 * Math.sin((row + col + seed) / 40));
    }
  }
  // A coloured header band.
  for (let row = 20; row < 90; row += 1) {
    for (let col = 0; col < W; col += 1) c.data[row * W + col] = 180 + ((seed * 5) % 60);
  }
  // Text-like strokes: short bars of varying length on 12 lines.
  for (let line = 0; line < 12; line += 1) {
    const top = 130 + line * 36;
    for (let word = 0; word < 9; word += 1) {
      const left = 400 + word * 64;
      const len = 20 + ((line * 31 + word * 17 + seed * 7) % 40);
      for (let row = top; row < top + 18; row += 1) {
        for (let col = left; col < left + len && col < W; col += 1) {
          if ((row + col) % 5 !== 0) k.data[row * W + col] = 1;
        }
      }
    }
  }
  // Full varnish except a chip-like window.
  o.data.fill(1);
  for (let row = 106; row < 320; row += 1) for (let col = 71; col < 307; col += 1) o.data[row * W + col] = 0;
  // An asymmetric mark so orientation errors show.
  for (let row = 0; row < 10; row += 1) for (let col = 0; col < 30; col += 1) y.data[row * W + col] = 255;
  return { y, m, c, k, o };
}

export function makeTestJob(id: string, seed = 1, back?: SidePanels): PrintJob {
  return { id, front: makeTestSide(seed), ...(back ? { back } : {}) };
}

/** A K-only side with a few strokes. */
export function makeMonoSide(seed = 1): SidePanels {
  const k = makeMonoPlane();
  for (let row = 300; row < 340; row += 1) for (let col = 100 + seed; col < 900; col += 3) k.data[row * W + col] = 1;
  return { k };
}

/** What the emulator should decode for a colour plane at `levels` (top bits kept). */
export function reduced(plane: GrayPlane, levels: 32 | 64 | 128): Uint8Array {
  const shift = levels === 32 ? 3 : levels === 64 ? 2 : 1;
  return plane.data.map((v) => v >> shift);
}

export function monoBits(plane: MonoPlane): Uint8Array {
  return plane.data.map((v) => (v ? 1 : 0));
}

function clamp(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v)));
}

export { W as TEST_CARD_WIDTH, H as TEST_CARD_HEIGHT };

/** Byte-for-byte equality with a short message (vitest's deep diff of 658,368 bytes is far too slow). */
export function firstDifference(actual: Uint8Array | undefined, expected: Uint8Array): string {
  if (!actual) return 'no data';
  if (actual.length !== expected.length) return `length ${actual.length} instead of ${expected.length}`;
  if (Buffer.from(actual.buffer, actual.byteOffset, actual.length).equals(Buffer.from(expected.buffer, expected.byteOffset, expected.length))) return 'equal';
  const i = actual.findIndex((v, j) => v !== expected[j]);
  return `first difference at ${i} (x ${i % W}, y ${Math.floor(i / W)}): ${actual[i]} instead of ${expected[i]}`;
}

/** Describe how a card the emulator decoded differs from a job's panels ('equal' when it doesn't). */
export function compareCardToSide(
  record: { readonly [letter: string]: { readonly levels: number; data?: Uint8Array } | undefined },
  side: SidePanels,
  levels: 32 | 64 | 128 = 32,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const letter of ['y', 'm', 'c'] as const) {
    const plane = side[letter];
    if (plane) result[letter] = firstDifference(record[letter]?.data, reduced(plane, levels));
  }
  for (const letter of ['k', 'o'] as const) {
    const plane = side[letter];
    if (plane) result[letter] = firstDifference(record[letter]?.data, monoBits(plane));
  }
  return result;
}

export function allEqual(side: SidePanels): Record<string, string> {
  return Object.fromEntries((['y', 'm', 'c', 'k', 'o'] as const).filter((l) => side[l]).map((l) => [l, 'equal']));
}
