import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { ippCardImage } from '../../../hardware/ipp/ipp-card-image.js';
import { IppError } from '../../../hardware/ipp/ipp-error.js';
import { CARD_HEIGHT_DOTS, CARD_WIDTH_DOTS, makeGrayPlane, makeMonoPlane } from '../../../hardware/types.js';

function pixel(png: PNG, x: number, y: number): number[] {
  const o = (y * png.width + x) * 4; // pngjs decodes to RGBA
  return [png.data[o]!, png.data[o + 1]!, png.data[o + 2]!];
}

/** Reads chunk types and the pHYs payload straight from the bytes (pngjs does not expose pHYs). */
function chunks(bytes: Buffer): { type: string; data: Buffer }[] {
  const out: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    out.push({ type: bytes.toString('latin1', at + 4, at + 8), data: bytes.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

describe('ippCardImage', () => {
  it('composites Y/M/C ink and K resin into a 1016×648 RGB PNG at 300 dpi', () => {
    const y = makeGrayPlane();
    const m = makeGrayPlane();
    const c = makeGrayPlane();
    const k = makeMonoPlane();
    const at = (x: number, row: number): number => row * CARD_WIDTH_DOTS + x;
    c.data[at(10, 20)] = 255; // cyan → red channel off
    m.data[at(11, 20)] = 128;
    y.data[at(12, 20)] = 64;
    y.data[at(13, 20)] = 255;
    m.data[at(13, 20)] = 255;
    c.data[at(13, 20)] = 255;
    k.data[at(1015, 647)] = 1;
    y.data[at(1015, 647)] = 200; // resin covers ink
    const bytes = ippCardImage({ y, m, c, k, o: makeMonoPlane() });

    const png = PNG.sync.read(bytes);
    expect([png.width, png.height]).toEqual([CARD_WIDTH_DOTS, CARD_HEIGHT_DOTS]);
    expect(png.colorType).toBe(2);
    expect(pixel(png, 0, 0)).toEqual([255, 255, 255]);
    expect(pixel(png, 10, 20)).toEqual([0, 255, 255]);
    expect(pixel(png, 11, 20)).toEqual([255, 127, 255]);
    expect(pixel(png, 12, 20)).toEqual([255, 255, 191]);
    expect(pixel(png, 13, 20)).toEqual([0, 0, 0]);
    expect(pixel(png, 1015, 647)).toEqual([0, 0, 0]);

    const list = chunks(bytes);
    expect(list.map((ch) => ch.type).slice(0, 2)).toEqual(['IHDR', 'pHYs']);
    const phys = list[1]!.data;
    expect([phys.readUInt32BE(0), phys.readUInt32BE(4), phys[8]]).toEqual([11811, 11811, 1]);
  });

  it('draws a mono (K only) side as black on white', () => {
    const k = makeMonoPlane();
    k.data[5] = 1;
    const png = PNG.sync.read(ippCardImage({ k }));
    expect(pixel(png, 5, 0)).toEqual([0, 0, 0]);
    expect(pixel(png, 6, 0)).toEqual([255, 255, 255]);
  });

  it('rejects sides with no panels or planes of the wrong size', () => {
    const invalid = (fn: () => unknown): IppError => {
      try {
        fn();
      } catch (error) {
        if (error instanceof IppError) return error;
        throw error;
      }
      throw new Error('no error');
    };
    expect(invalid(() => ippCardImage({ o: makeMonoPlane() })).code).toBe('invalid-job');
    const e = invalid(() => ippCardImage({ y: makeGrayPlane(), k: makeMonoPlane(648, 1016) }));
    expect(e.code).toBe('invalid-job');
    expect(e.message).toBe('Card panel K is 648×1016 with 658368 bytes; expected 1016×648.');
    expect(invalid(() => ippCardImage({ y: { width: 2, height: 2, data: new Uint8Array(3) } })).message).toMatch(/panel Y/);
  });
});
