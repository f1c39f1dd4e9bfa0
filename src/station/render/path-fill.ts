/**
 * Deterministic scanline fill of outline paths (glyphs), nonzero winding as TrueType requires.
 *
 * Curves are flattened with a fixed number of steps and every vertex is rounded to 26.6 fixed point
 * (1/64 dot) before filling, so the same path gives the same pixels on every machine. Each pixel is
 * sampled on a 4 × 4 grid; its coverage is the number of samples inside (0–16). K text thresholds that
 * at half (≥ 8), which is "50 % coverage" without anti-aliasing.
 */

/** The path commands opentype.js produces (coordinates in dots, y down). */
export type PathCommand =
  | { readonly type: 'M' | 'L'; readonly x: number; readonly y: number }
  | { readonly type: 'Q'; readonly x1: number; readonly y1: number; readonly x: number; readonly y: number }
  | {
      readonly type: 'C';
      readonly x1: number;
      readonly y1: number;
      readonly x2: number;
      readonly y2: number;
      readonly x: number;
      readonly y: number;
    }
  | { readonly type: 'Z' };

/** Samples per pixel along each axis. */
export const SUBSAMPLES_PER_AXIS = 4;
/** Coverage value of a pixel fully inside the path. */
export const FULL_COVERAGE = SUBSAMPLES_PER_AXIS * SUBSAMPLES_PER_AXIS;

const QUAD_STEPS = 8;
const CUBIC_STEPS = 12;
const FIXED_ONE = 64;
const SAMPLE_PITCH = FIXED_ONE / SUBSAMPLES_PER_AXIS;
const SAMPLE_OFFSET = SAMPLE_PITCH / 2;

/** Pixel coverage of a filled path: `coverage[row * width + column]` in 0…FULL_COVERAGE. */
export interface CoverageBitmap {
  /** Pixel column of the bitmap's left edge, relative to the path origin. */
  readonly left: number;
  /** Pixel row of the bitmap's top edge, relative to the path origin. */
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly coverage: Uint8Array;
}

const EMPTY: CoverageBitmap = { left: 0, top: 0, width: 0, height: 0, coverage: new Uint8Array(0) };

/** Flattens commands into closed contours of 26.6 fixed-point vertices `[x0, y0, x1, y1, …]`. */
export function flattenPath(commands: readonly PathCommand[]): Int32Array[] {
  const contours: Int32Array[] = [];
  let points: number[] = [];
  let penX = 0;
  let penY = 0;
  const push = (x: number, y: number): void => {
    points.push(Math.round(x * FIXED_ONE), Math.round(y * FIXED_ONE));
  };
  const close = (): void => {
    if (points.length >= 6) contours.push(Int32Array.from(points));
    points = [];
  };
  for (const command of commands) {
    switch (command.type) {
      case 'M':
        close();
        push(command.x, command.y);
        break;
      case 'L':
        push(command.x, command.y);
        break;
      case 'Q':
        for (let step = 1; step <= QUAD_STEPS; step += 1) {
          const t = step / QUAD_STEPS;
          const u = 1 - t;
          push(
            u * u * penX + 2 * u * t * command.x1 + t * t * command.x,
            u * u * penY + 2 * u * t * command.y1 + t * t * command.y,
          );
        }
        break;
      case 'C':
        for (let step = 1; step <= CUBIC_STEPS; step += 1) {
          const t = step / CUBIC_STEPS;
          const u = 1 - t;
          push(
            u * u * u * penX + 3 * u * u * t * command.x1 + 3 * u * t * t * command.x2 + t * t * t * command.x,
            u * u * u * penY + 3 * u * u * t * command.y1 + 3 * u * t * t * command.y2 + t * t * t * command.y,
          );
        }
        break;
      case 'Z':
        close();
        continue;
    }
    penX = command.x;
    penY = command.y;
  }
  close();
  return contours;
}

/** Fills closed 26.6 contours with the nonzero winding rule. */
export function fillContours(contours: readonly Int32Array[]): CoverageBitmap {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const edges: number[] = []; // x0, y0, x1, y1 per non-horizontal edge
  for (const contour of contours) {
    const count = contour.length / 2;
    for (let index = 0; index < count; index += 1) {
      const x0 = contour[index * 2]!;
      const y0 = contour[index * 2 + 1]!;
      const next = (index + 1) % count;
      const x1 = contour[next * 2]!;
      const y1 = contour[next * 2 + 1]!;
      minX = Math.min(minX, x0);
      maxX = Math.max(maxX, x0);
      minY = Math.min(minY, y0);
      maxY = Math.max(maxY, y0);
      if (y0 !== y1) edges.push(x0, y0, x1, y1);
    }
  }
  if (edges.length === 0) return EMPTY;
  const left = Math.floor(minX / FIXED_ONE);
  const top = Math.floor(minY / FIXED_ONE);
  const width = Math.ceil(maxX / FIXED_ONE) - left;
  const height = Math.ceil(maxY / FIXED_ONE) - top;
  if (width <= 0 || height <= 0) return EMPTY;
  const coverage = new Uint8Array(width * height);
  const originX = left * FIXED_ONE;
  const sampleColumns = width * SUBSAMPLES_PER_AXIS;
  const crossingX: number[] = [];
  const crossingDir: number[] = [];
  const order: number[] = [];
  for (let sampleRow = 0; sampleRow < height * SUBSAMPLES_PER_AXIS; sampleRow += 1) {
    const sampleY = top * FIXED_ONE + SAMPLE_OFFSET + sampleRow * SAMPLE_PITCH;
    crossingX.length = 0;
    crossingDir.length = 0;
    for (let e = 0; e < edges.length; e += 4) {
      const x0 = edges[e]!;
      const y0 = edges[e + 1]!;
      const x1 = edges[e + 2]!;
      const y1 = edges[e + 3]!;
      // Half-open in y so a vertex shared by two edges counts once.
      const down = y0 < y1;
      if (down ? sampleY < y0 || sampleY >= y1 : sampleY < y1 || sampleY >= y0) continue;
      crossingX.push(x0 + ((sampleY - y0) * (x1 - x0)) / (y1 - y0));
      crossingDir.push(down ? 1 : -1);
    }
    if (crossingX.length < 2) continue;
    order.length = 0;
    for (let index = 0; index < crossingX.length; index += 1) order.push(index);
    order.sort((a, b) => crossingX[a]! - crossingX[b]! || a - b);
    const rowBase = Math.floor(sampleRow / SUBSAMPLES_PER_AXIS) * width;
    let winding = 0;
    for (let k = 0; k < order.length - 1; k += 1) {
      winding += crossingDir[order[k]!]!;
      if (winding === 0) continue;
      const xa = crossingX[order[k]!]! - originX;
      const xb = crossingX[order[k + 1]!]! - originX;
      const first = Math.max(0, Math.ceil((xa - SAMPLE_OFFSET) / SAMPLE_PITCH));
      const last = Math.min(sampleColumns - 1, Math.ceil((xb - SAMPLE_OFFSET) / SAMPLE_PITCH) - 1);
      for (let column = first; column <= last; column += 1) {
        coverage[rowBase + Math.floor(column / SUBSAMPLES_PER_AXIS)]! += 1;
      }
    }
  }
  return { left, top, width, height, coverage };
}
