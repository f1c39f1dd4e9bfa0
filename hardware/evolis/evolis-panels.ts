/**
 * Pure panel encoders for Evolis bitmap downloads (printer-protocols.md §3): orientation (§3.2),
 * level reduction and bit packing (§3.1, §3.4), Y/M/C counter compression (§3.6) and K/O per-line
 * compression (§3.7).
 */
import type { GrayPlane, MonoPlane } from '../types.js';
import { CARD_HEIGHT_DOTS, CARD_WIDTH_DOTS } from '../types.js';
import type { EvolisColourLevels, EvolisLevels, EvolisPanelLetter } from './evolis-commands.js';
import { evolisDownloadCompressedPanel, evolisDownloadPanel } from './evolis-commands.js';

/** Pixels per line on the wire, one line per landscape column (§3.2). */
const EVOLIS_LINE_PIXELS = CARD_HEIGHT_DOTS;
/** Packed bytes in one K/O line (§3.2, §3.7). */
const EVOLIS_MONO_LINE_BYTES = EVOLIS_LINE_PIXELS / 8;

/** Bits per pixel for a level count (§3.1). */
function evolisBitsPerPixel(levels: EvolisLevels): number {
  switch (levels) {
    case 2:
      return 1;
    case 32:
      return 5;
    case 64:
      return 6;
    case 128:
      return 7;
  }
}

/**
 * Landscape (x across, y down, front viewed as printed) to wire order (§3.2): line L is column
 * x = L, and pixel i of that line is row y = 647 - i. Throws on a plane of the wrong size.
 */
export function evolisLandscapeToWire(plane: GrayPlane | MonoPlane, what = 'panel'): Uint8Array {
  const { width, height, data } = plane;
  if (width !== CARD_WIDTH_DOTS || height !== CARD_HEIGHT_DOTS || data.length !== width * height) {
    throw new RangeError(`Evolis ${what} must be ${CARD_WIDTH_DOTS}x${CARD_HEIGHT_DOTS} with ${CARD_WIDTH_DOTS * CARD_HEIGHT_DOTS} bytes, got ${width}x${height} with ${data.length}.`);
  }
  const out = new Uint8Array(data.length);
  let o = 0;
  for (let line = 0; line < width; line += 1) {
    for (let i = 0; i < height; i += 1) {
      out[o++] = data[(height - 1 - i) * width + line]!;
    }
  }
  return out;
}

/** 8-bit ink (0–255) to `levels` values (0 … levels-1) by keeping the top bits (§3.4, [L]). */
export function evolisReduceLevels(data: Uint8Array, levels: EvolisColourLevels): Uint8Array {
  const shift = 8 - evolisBitsPerPixel(levels);
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i += 1) out[i] = data[i]! >> shift;
  return out;
}

/** Big-endian bit packing, first pixel in the top bits (§3.4). `values.length * bits` must be a multiple of 8. */
export function evolisPackPixels(values: Uint8Array, bits: number): Uint8Array {
  if ((values.length * bits) % 8 !== 0) throw new RangeError(`Cannot pack ${values.length} pixels of ${bits} bits into whole bytes.`);
  const out = new Uint8Array((values.length * bits) / 8);
  const mask = (1 << bits) - 1;
  let acc = 0;
  let accBits = 0;
  let o = 0;
  for (let i = 0; i < values.length; i += 1) {
    acc = ((acc << bits) | (values[i]! & mask)) & 0xffff;
    accBits += bits;
    if (accBits >= 8) {
      accBits -= 8;
      out[o++] = (acc >> accBits) & 0xff;
    }
  }
  return out;
}

/** K/O per-line compression (§3.7): `00` white line, `FF` black line, else N + first N bytes. */
export function evolisCompressMono(packed: Uint8Array, lineBytes = EVOLIS_MONO_LINE_BYTES): Uint8Array {
  if (packed.length % lineBytes !== 0) throw new RangeError(`Packed mono panel of ${packed.length} bytes is not whole ${lineBytes}-byte lines.`);
  const out = new Uint8Array(packed.length + packed.length / lineBytes);
  let o = 0;
  for (let start = 0; start < packed.length; start += lineBytes) {
    let last = -1;
    let allOnes = true;
    for (let j = 0; j < lineBytes; j += 1) {
      const byte = packed[start + j]!;
      if (byte !== 0) last = j;
      if (byte !== 0xff) allOnes = false;
    }
    if (last < 0) {
      out[o++] = 0x00;
    } else if (allOnes) {
      out[o++] = 0xff;
    } else {
      out[o++] = last + 1;
      out.set(packed.subarray(start, start + last + 1), o);
      o += last + 1;
    }
  }
  return out.slice(0, o);
}

/**
 * Y/M/C counter compression (§3.6) of reduced values in wire order. Runs never cross a line end;
 * an all-blank line is `80 00`; a single pixel is one `0vvvvvvv` byte; a run is `1…v` + count,
 * with the 64/32-level high-count bits (`40`, `20`) each adding 256. Count bytes are never 0
 * (0 means "blank rest of line"), so 256 and 512 are split.
 */
export function evolisCompressCounter(values: Uint8Array, levels: EvolisColourLevels, linePixels = EVOLIS_LINE_PIXELS): Uint8Array {
  if (values.length % linePixels !== 0) throw new RangeError(`Colour panel of ${values.length} pixels is not whole ${linePixels}-pixel lines.`);
  const bits = evolisBitsPerPixel(levels);
  const maxValue = (1 << bits) - 1;
  const highBits = bits === 7 ? [] : bits === 6 ? [0x40] : [0x40, 0x20];
  const maxCount = 255 + 256 * highBits.length;
  const out = new Uint8Array(values.length + (2 * values.length) / linePixels);
  let o = 0;
  for (let start = 0; start < values.length; start += linePixels) {
    const end = start + linePixels;
    let blank = true;
    for (let i = start; i < end; i += 1) {
      if (values[i] !== 0) {
        blank = false;
        break;
      }
    }
    if (blank) {
      out[o++] = 0x80;
      out[o++] = 0x00;
      continue;
    }
    let i = start;
    while (i < end) {
      const v = values[i]!;
      if (v > maxValue) throw new RangeError(`Pixel value ${v} exceeds ${levels} levels.`);
      let run = 1;
      while (i + run < end && values[i + run] === v) run += 1;
      i += run;
      while (run > 0) {
        if (run === 1) {
          out[o++] = v;
          run = 0;
          break;
        }
        let count = Math.min(run, maxCount);
        if (count === 256 || count === 512) count -= 1;
        const extra = Math.floor((count - 1) / 256);
        let first = 0x80 | v;
        for (let h = 0; h < extra; h += 1) first |= highBits[h]!;
        out[o++] = first;
        out[o++] = count - 256 * extra;
        run -= count;
      }
    }
  }
  return out.slice(0, o);
}

/** One panel ready for the wire. */
export interface EncodedPanel {
  readonly panel: EvolisPanelLetter;
  readonly levels: EvolisLevels;
  /** The complete `Db`/`Dbc` frame. */
  readonly frame: Buffer;
  /** Bytes of panel data inside the frame (compressed or packed). */
  readonly dataBytes: number;
}

/**
 * Encode one panel as a `Db` or `Dbc` frame (§3.5). Colour planes are reduced to `levels`
 * (default 32); mono planes must hold 0/1 per pixel (anything non-zero counts as 1).
 */
export function evolisEncodePanel(
  panel: EvolisPanelLetter,
  plane: GrayPlane | MonoPlane,
  options: { compressed: boolean; colourLevels?: EvolisColourLevels },
): EncodedPanel {
  const wire = evolisLandscapeToWire(plane, `${panel} panel`);
  if (panel === 'k' || panel === 'o') {
    for (let i = 0; i < wire.length; i += 1) if (wire[i] !== 0) wire[i] = 1;
    const packed = evolisPackPixels(wire, 1);
    if (!options.compressed) return { panel, levels: 2, frame: evolisDownloadPanel(panel, 2, packed), dataBytes: packed.length };
    const compressed = evolisCompressMono(packed);
    return { panel, levels: 2, frame: evolisDownloadCompressedPanel(panel, 2, compressed), dataBytes: compressed.length };
  }
  const levels = options.colourLevels ?? 32;
  const reduced = evolisReduceLevels(wire, levels);
  if (!options.compressed) {
    const packed = evolisPackPixels(reduced, evolisBitsPerPixel(levels));
    return { panel, levels, frame: evolisDownloadPanel(panel, levels, packed), dataBytes: packed.length };
  }
  const compressed = evolisCompressCounter(reduced, levels);
  return { panel, levels, frame: evolisDownloadCompressedPanel(panel, levels, compressed), dataBytes: compressed.length };
}
