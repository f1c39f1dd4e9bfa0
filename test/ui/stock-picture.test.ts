import { describe, expect, it } from 'vitest';
import { pictureLines } from '../../ui/screens/stock-screen.js';

const picture = {
  days: Array.from({ length: 30 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`),
  cardsPrinted: Array.from({ length: 30 }, (_, i) => (i % 7 === 5 || i % 7 === 6 ? 0 : 200)),
  blanks: { id: 'blanks', label: 'blanks', levels: Array.from({ length: 30 }, (_, i) => 4000 - i * 100), runOutDate: '2026-12-20' },
  consumables: [{ id: 'datacard-film', label: 'film datacard', levels: Array.from({ length: 30 }, (_, i) => Math.max(0, 300 - i * 20)), runOutDate: '2026-11-15' }],
};

describe('the 30-day picture on the Stock screen', () => {
  it('draws cards per day as bars and each level with its run-out date, within the width', () => {
    const lines = pictureLines(picture, 80, 8, false);
    expect(lines[0]).toContain('cards printed per day (most 200), 2026-11-01 to today');
    expect(lines.some((l) => /█/.test(l))).toBe(true);
    expect(lines.find((l) => l.includes('film datacard'))).toMatch(/film datacard .* 0  out 2026-11-15$/);
    expect(lines.find((l) => l.includes('blanks'))).toMatch(/1,100  out 2026-12-20$/);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('uses only ASCII on the text console', () => {
    const lines = pictureLines(picture, 80, 8, true);
    for (const l of lines) expect(l).toMatch(/^[\x20-\x7e]*$/);
    expect(lines.join('\n')).toContain('#');
  });
});

describe('the monthly report on the Audit screen', () => {
  it('lists every section with its columns, rows and notes', async () => {
    const { reportLines } = await import('../../ui/screens/audit-screen.js');
    const lines = reportLines({
      month: '2026-10',
      complete: false,
      sections: [
        { title: 'Blank stock', columns: ['opening', 'closing'], rows: [['4,000', '3,900']], notes: ['balances'], empty: '' },
        { title: 'Damaged cards', columns: ['NIK'], rows: [], notes: [], empty: 'no damaged cards' },
      ],
    });
    expect(lines).toEqual([
      '  Monthly report 2026-10 (month not over yet)',
      '  Blank stock',
      '    opening | closing',
      '    4,000 | 3,900',
      '    balances',
      '  Damaged cards',
      '    no damaged cards',
    ]);
  });
});
