/**
 * The emulator's own panel decoders, written from printer-protocols.md §3.2–§3.7 (independent of
 * hardware/evolis/). They turn a `Db`/`Dbc` payload back into a landscape plane of level values
 * (0 … levels-1, or 0/1 for K/O) so tests can compare pixels with what the driver meant to send.
 */

export const EMULATOR_LINES = 1016;
export const EMULATOR_LINE_PIXELS = 648;
const MONO_LINE_BYTES = EMULATOR_LINE_PIXELS / 8;

export class EmulatorDecodeError extends Error {
  readonly code = 'bad-panel-data';
  constructor(message: string) {
    super(message);
    this.name = 'EmulatorDecodeError';
  }
}

const BITS_FOR_LEVELS: Readonly<Record<number, number>> = { 2: 1, 32: 5, 64: 6, 128: 7 };

function emulatorBitsForLevels(levels: number): number {
  const bits = BITS_FOR_LEVELS[levels];
  if (bits === undefined) throw new EmulatorDecodeError(`Level count ${levels} is not one of 2, 32, 64, 128.`);
  return bits;
}

/** Unpack a big-endian bit stream of `bits`-bit values, first value in the top bits (§3.4). */
export function emulatorUnpack(packed: Uint8Array, bits: number, count: number): Uint8Array {
  const out = new Uint8Array(count);
  let bitPos = 0;
  for (let n = 0; n < count; n += 1) {
    let value = 0;
    for (let b = 0; b < bits; b += 1) {
      const byte = packed[bitPos >> 3]!;
      value = (value << 1) | ((byte >> (7 - (bitPos & 7))) & 1);
      bitPos += 1;
    }
    out[n] = value;
  }
  return out;
}

/** K/O per-line decompression (§3.7) to packed bytes; the stream must hold exactly 1016 lines. */
export function emulatorDecompressMono(data: Uint8Array, lines = EMULATOR_LINES): Uint8Array {
  const out = new Uint8Array(lines * MONO_LINE_BYTES);
  let p = 0;
  for (let line = 0; line < lines; line += 1) {
    if (p >= data.length) throw new EmulatorDecodeError(`K/O data ended after ${line} of ${lines} lines.`);
    const first = data[p++]!;
    const base = line * MONO_LINE_BYTES;
    if (first === 0x00) continue;
    if (first === 0xff) {
      out.fill(0xff, base, base + MONO_LINE_BYTES);
      continue;
    }
    if (first > MONO_LINE_BYTES) throw new EmulatorDecodeError(`K/O line ${line} announces ${first} bytes; at most ${MONO_LINE_BYTES} fit.`);
    if (p + first > data.length) throw new EmulatorDecodeError(`K/O line ${line} is cut short.`);
    out.set(data.subarray(p, p + first), base);
    p += first;
  }
  if (p !== data.length) throw new EmulatorDecodeError(`K/O data has ${data.length - p} bytes left after ${lines} lines.`);
  return out;
}

/**
 * Y/M/C counter decompression (§3.6) to one value per pixel in wire order. Count 0 blanks the rest
 * of the current line (§3.6 convention); high-count bits `40`/`20` add 256 each at 64/32 levels.
 */
export function emulatorDecompressCounter(data: Uint8Array, levels: number, lines = EMULATOR_LINES): Uint8Array {
  const bits = emulatorBitsForLevels(levels);
  if (bits === 1) throw new EmulatorDecodeError('Counter compression is for Y/M/C panels only.');
  const total = lines * EMULATOR_LINE_PIXELS;
  const out = new Uint8Array(total);
  const valueMask = (1 << bits) - 1;
  let px = 0;
  let p = 0;
  while (px < total) {
    if (p >= data.length) throw new EmulatorDecodeError(`Colour data ended at pixel ${px} of ${total}.`);
    const first = data[p++]!;
    if ((first & 0x80) === 0) {
      out[px++] = first & valueMask;
      continue;
    }
    if (p >= data.length) throw new EmulatorDecodeError('Colour data ended inside a run.');
    const countByte = data[p++]!;
    const value = first & valueMask;
    if (countByte === 0) {
      const lineEnd = (Math.floor(px / EMULATOR_LINE_PIXELS) + 1) * EMULATOR_LINE_PIXELS;
      px = px % EMULATOR_LINE_PIXELS === 0 ? px + EMULATOR_LINE_PIXELS : lineEnd;
      continue;
    }
    let count = countByte;
    if (bits <= 6 && first & 0x40) count += 256;
    if (bits === 5 && first & 0x20) count += 256;
    if (px + count > total) throw new EmulatorDecodeError(`Colour run of ${count} at pixel ${px} overruns the panel.`);
    out.fill(value, px, px + count);
    px += count;
  }
  if (p !== data.length) throw new EmulatorDecodeError(`Colour data has ${data.length - p} bytes left after the last pixel.`);
  return out;
}

/** Wire order (line L = column x, pixel i = row 647 - i; §3.2) back to a landscape row-major plane. */
export function emulatorWireToLandscape(wire: Uint8Array): Uint8Array {
  const width = EMULATOR_LINES;
  const height = EMULATOR_LINE_PIXELS;
  const out = new Uint8Array(width * height);
  for (let line = 0; line < width; line += 1) {
    const base = line * height;
    for (let i = 0; i < height; i += 1) out[(height - 1 - i) * width + line] = wire[base + i]!;
  }
  return out;
}

/** Decode a `Db` (compressed=false) or `Dbc` payload for a panel to a landscape plane of level values. */
export function emulatorDecodePanel(panel: string, levels: number, payload: Uint8Array, compressed: boolean): Uint8Array {
  const bits = emulatorBitsForLevels(levels);
  const mono = panel === 'k' || panel === 'o';
  if (mono !== (bits === 1)) throw new EmulatorDecodeError(`Panel ${panel} cannot use ${levels} levels.`);
  const pixels = EMULATOR_LINES * EMULATOR_LINE_PIXELS;
  let wire: Uint8Array;
  if (!compressed) {
    wire = emulatorUnpack(payload, bits, pixels);
  } else if (mono) {
    wire = emulatorUnpack(emulatorDecompressMono(payload), 1, pixels);
  } else {
    wire = emulatorDecompressCounter(payload, levels);
  }
  return emulatorWireToLandscape(wire);
}
