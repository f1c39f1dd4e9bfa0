import { crc32 } from 'node:zlib';
import { PNG } from 'pngjs';
import type { GrayPlane, MonoPlane, SidePanels } from '../types.js';
import { IppError } from './ipp-error.js';

export interface IppCardImageOptions {
  /** Resolution written into the PNG's pHYs chunk so a CUPS filter sizes it as a card. Default 300. */
  readonly dpi?: number;
  /** Used in error messages only. */
  readonly uri?: string;
}

const INCHES_PER_METRE = 39.3700787;
const PNG_SIGNATURE_BYTES = 8;
const IHDR_CHUNK_BYTES = 25; // length + type + 13 data bytes + CRC

/**
 * Turns one side's panels into the page image a vendor CUPS driver takes (§6: Fargo HDP and
 * Datacard drivers accept a page image and do their own ribbon separation): an 8-bit RGB PNG of
 * the panels' size (normally 1016 × 648, landscape) with a pHYs chunk at `dpi`.
 *
 * Compositing is subtractive: red = 255 − C, green = 255 − M, blue = 255 − Y (missing colour
 * planes count as no ink); a K resin dot is black whatever lies under it. The O overlay is clear
 * varnish and is not drawn: the vendor driver applies overlay from its own settings.
 *
 * @throws IppError `invalid-job` when the side has no Y/M/C/K plane, or planes disagree in size
 *   or have a `data` length other than width × height (programming errors).
 */
export function ippCardImage(side: SidePanels, options: IppCardImageOptions = {}): Buffer {
  const uri = options.uri ?? 'ipp';
  const planes = [side.y, side.m, side.c, side.k].filter((p): p is GrayPlane | MonoPlane => p !== undefined);
  const first = planes[0];
  if (!first) throw new IppError('invalid-job', uri, 'Card side has no Y, M, C or K panel to print.');
  const { width, height } = first;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new IppError('invalid-job', uri, `Card panel size ${width}×${height} is not a positive whole size.`);
  }
  for (const [letter, plane] of Object.entries({ y: side.y, m: side.m, c: side.c, k: side.k })) {
    if (!plane) continue;
    if (plane.width !== width || plane.height !== height || plane.data.length !== width * height) {
      throw new IppError(
        'invalid-job',
        uri,
        `Card panel ${letter.toUpperCase()} is ${plane.width}×${plane.height} with ${plane.data.length} bytes; expected ${width}×${height}.`,
      );
    }
  }

  const pixels = width * height;
  const rgb = Buffer.alloc(pixels * 3);
  const { y, m, c, k } = side;
  for (let i = 0; i < pixels; i++) {
    const o = i * 3;
    if (k && k.data[i] !== 0) continue; // resin black: leave 0,0,0
    rgb[o] = 255 - (c ? c.data[i]! : 0);
    rgb[o + 1] = 255 - (m ? m.data[i]! : 0);
    rgb[o + 2] = 255 - (y ? y.data[i]! : 0);
  }

  const png = new PNG({ width, height });
  png.data = rgb;
  const encoded = PNG.sync.write(png, {
    colorType: 2,
    inputColorType: 2,
    inputHasAlpha: false,
    deflateLevel: 6,
  });
  return withPhysChunk(encoded, options.dpi ?? 300);
}

/** Inserts a pHYs chunk (pixels per metre, unit = metre) right after IHDR; pngjs does not write one. */
function withPhysChunk(png: Buffer, dpi: number): Buffer {
  const pixelsPerMetre = Math.round(dpi * INCHES_PER_METRE);
  const chunk = Buffer.alloc(12 + 9);
  chunk.writeUInt32BE(9, 0);
  chunk.write('pHYs', 4, 'latin1');
  chunk.writeUInt32BE(pixelsPerMetre, 8);
  chunk.writeUInt32BE(pixelsPerMetre, 12);
  chunk[16] = 1;
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 17)) >>> 0, 17);
  const at = PNG_SIGNATURE_BYTES + IHDR_CHUNK_BYTES;
  return Buffer.concat([png.subarray(0, at), chunk, png.subarray(at)]);
}
