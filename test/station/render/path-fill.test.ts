import { describe, expect, it } from 'vitest';
import { FULL_COVERAGE, fillContours, flattenPath, type PathCommand } from '../../../src/station/render/path-fill.js';

function square(x: number, y: number, size: number, clockwise = true): PathCommand[] {
  const corners: [number, number][] = clockwise
    ? [[x, y], [x + size, y], [x + size, y + size], [x, y + size]]
    : [[x, y], [x, y + size], [x + size, y + size], [x + size, y]];
  return [
    { type: 'M', x: corners[0]![0], y: corners[0]![1] },
    ...corners.slice(1).map(([cx, cy]) => ({ type: 'L' as const, x: cx, y: cy })),
    { type: 'Z' },
  ];
}

function pixel(bitmap: ReturnType<typeof fillContours>, x: number, y: number): number {
  return bitmap.coverage[(y - bitmap.top) * bitmap.width + (x - bitmap.left)] ?? 0;
}

describe('fillContours', () => {
  it('covers a pixel-aligned square exactly', () => {
    const bitmap = fillContours(flattenPath(square(2, 3, 4)));
    expect([bitmap.left, bitmap.top, bitmap.width, bitmap.height]).toEqual([2, 3, 4, 4]);
    expect(bitmap.coverage.every((value) => value === FULL_COVERAGE)).toBe(true);
  });

  it('gives half coverage to a pixel half inside', () => {
    const bitmap = fillContours(flattenPath(square(0, 0, 2.5)));
    expect(pixel(bitmap, 0, 0)).toBe(16);
    expect(pixel(bitmap, 2, 0)).toBe(8);
    expect(pixel(bitmap, 2, 2)).toBe(4);
  });

  it('uses nonzero winding: same-direction overlap stays filled, an opposite inner contour is a hole', () => {
    const overlap = fillContours(flattenPath([...square(0, 0, 6), ...square(2, 2, 2)]));
    expect(pixel(overlap, 3, 3)).toBe(16);
    const hole = fillContours(flattenPath([...square(0, 0, 6), ...square(2, 2, 2, false)]));
    expect(pixel(hole, 3, 3)).toBe(0);
    expect(pixel(hole, 1, 1)).toBe(16);
  });

  it('flattens curves with a fixed number of steps', () => {
    const contours = flattenPath([
      { type: 'M', x: 0, y: 0 },
      { type: 'Q', x1: 10, y1: 0, x: 10, y: 10 },
      { type: 'C', x1: 5, y1: 12, x2: 2, y2: 8, x: 0, y: 10 },
      { type: 'Z' },
    ]);
    expect(contours).toHaveLength(1);
    expect(contours[0]!.length / 2).toBe(1 + 8 + 12);
    expect(Array.from(contours[0]!.subarray(16, 18))).toEqual([640, 640]); // end of the quadratic, 26.6
  });

  it('returns an empty bitmap for an empty or flat path', () => {
    expect(fillContours(flattenPath([])).width).toBe(0);
    expect(fillContours(flattenPath([{ type: 'M', x: 0, y: 1 }, { type: 'L', x: 5, y: 1 }, { type: 'L', x: 9, y: 1 }, { type: 'Z' }])).width).toBe(0);
  });
});
