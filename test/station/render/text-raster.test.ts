import { describe, expect, it } from 'vitest';
import { TextRaster } from '../../../src/station/render/text-raster.js';

function rasterise(raster: TextRaster, text: string, weight: 'regular' | 'bold', size: number): Map<string, number> {
  const pixels = new Map<string, number>();
  raster.draw(text, weight, size, 10, 40, (x, y, coverage) => pixels.set(`${x},${y}`, coverage));
  return pixels;
}

describe('TextRaster', () => {
  const raster = TextRaster.shared();

  it('measures with Arial metrics (Arimo) and kerning', () => {
    // Arial "NIK" advance: N 1479 + I 569 + K 1479 units of 2048 (bold) at 2048 dots.
    expect(raster.measure('NIK', 'bold', 2048)).toBe(1479 + 569 + 1479);
    expect(raster.measure('AV', 'regular', 100)).toBeLessThan(raster.measure('A', 'regular', 100) + raster.measure('V', 'regular', 100));
    expect(raster.capHeightDots('regular', 24)).toBe(17);
  });

  it('draws capitals from the cap line down to the baseline', () => {
    const pixels = rasterise(raster, 'H', 'regular', 24);
    const ys = [...pixels.keys()].map((key) => Number(key.split(',')[1]));
    expect(Math.min(...ys)).toBe(40 - 17);
    expect(Math.max(...ys)).toBe(39);
  });

  it('knows which characters it can print', () => {
    expect(raster.canPrint('JL. EL TARI NO. 12, RT/RW 004/002 - Á', 'regular')).toBe(true);
    expect(raster.canPrint('\u{1F600}', 'regular')).toBe(false);
  });

  it('gives the same pixels from the cache and from a cold raster', () => {
    const first = rasterise(raster, 'KEWARGANEGARAAN', 'bold', 31);
    expect(rasterise(raster, 'KEWARGANEGARAAN', 'bold', 31)).toEqual(first);
    expect(first.size).toBeGreaterThan(300);
  });
});
