import { describe, expect, it } from 'vitest';
import { formatBar } from '../../../ui/format/format-bar.js';
import { fit, fitRight, shortenNik } from '../../../ui/format/format-cell.js';
import { formatDays, formatNumber } from '../../../ui/format/format-number.js';
import { formatAge } from '../../../ui/format/format-time.js';
import { ASCII_GLYPHS, UNICODE_GLYPHS } from '../../../ui/theme/glyphs.js';

describe('fitRight', () => {
  it('never cuts a figure: 199,326 in six columns is 199326, not 99,326', () => {
    expect(fitRight('12', 6)).toBe('    12');
    expect(fitRight('99,326', 6)).toBe('99,326');
    expect(fitRight('199,326', 6)).toBe('199326');
    expect(fitRight('199.326', 6)).toBe('199326');
    expect(fitRight('1.234.567', 6)).toBe('1234567');
    expect(fitRight('12,5', 3)).toBe('12,5');
  });
});

describe('format', () => {
  it('groups thousands and words days of cover', () => {
    expect(formatNumber(1204)).toBe('1,204');
    expect(formatNumber(100000)).toBe('100,000');
    expect(formatNumber(-3500)).toBe('-3,500');
    expect(formatDays(7.62)).toBe('7.6 d');
    expect(formatDays(null)).toBe('---');
  });

  it('draws bars with at least one cell while anything is left, in Unicode or ASCII', () => {
    expect(formatBar(412, 500, 10, UNICODE_GLYPHS)).toBe('████████░░');
    expect(formatBar(1, 500, 10, UNICODE_GLYPHS)).toBe('█░░░░░░░░░');
    expect(formatBar(0, 500, 10, UNICODE_GLYPHS)).toBe('░░░░░░░░░░');
    expect(formatBar(412, 500, 10, ASCII_GLYPHS)).toBe('[#######.]');
  });

  it('fits cells to a width with the theme ellipsis and shortens a NIK without unmasking', () => {
    expect(fit('AGUSTINUS LODO', 10)).toBe('AGUSTINUS…');
    expect(fit('SITI', 6)).toBe('SITI  ');
    expect(fit('AGUSTINUS LODO', 10, '~')).toBe('AGUSTINUS~');
    expect(shortenNik('5371014501900003')).toBe('5371…0003');
    expect(shortenNik('5371**********0003')).toBe('5371…0003');
  });

  it('words waiting time', () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    expect(formatAge('2026-11-24T06:00:00Z', now)).toBe('3d 4h');
    expect(formatAge('2026-11-27T04:48:00Z', now)).toBe('5h 12m');
    expect(formatAge('2026-11-27T09:56:00Z', now)).toBe('4m');
  });
});
