import { describe, expect, it } from 'vitest';
import { renderBarChart } from '../../src/domain/forecast-chart.js';

describe('renderBarChart', () => {
  it('draws one column per value in eighth blocks, tallest at full height', () => {
    expect(renderBarChart([0, 1, 2, 4, 8], 5, 1, { ascii: false })).toEqual([' ▁▂▄█']);
    expect(renderBarChart([0, 4, 8, 16], 4, 2, { ascii: false })).toEqual(['   █', ' ▄██']);
  });

  it('falls back to ASCII for consoles without block characters', () => {
    expect(renderBarChart([0, 1, 4, 8], 4, 1, { ascii: true })).toEqual([' .:#']);
    expect(renderBarChart([0, 4, 8, 16], 4, 2, { ascii: true }).join('\n')).toMatch(/^[ .:#\n]+$/);
  });

  it('keeps a burst visible when squeezing more values than columns, and pads fewer', () => {
    const values = Array.from({ length: 30 }, (_, i) => (i === 13 ? 1000 : 200));
    const [line] = renderBarChart(values, 10, 1, { ascii: false });
    expect(line).toHaveLength(10);
    expect([...line!].filter((c) => c === '█')).toHaveLength(1);
    expect(renderBarChart([5], 4, 1, { ascii: false })).toEqual(['█   ']);
  });

  it('shows a sliver for small non-zero values, nothing for zeros, negatives or NaN, and is empty at size 0', () => {
    expect(renderBarChart([1, 1000], 2, 2, { ascii: false })).toEqual([' █', '▁█']);
    expect(renderBarChart([0, -3, Number.NaN], 3, 1, { ascii: false })).toEqual(['   ']);
    expect(renderBarChart([1, 2], 0, 3, { ascii: false })).toEqual([]);
  });
});
