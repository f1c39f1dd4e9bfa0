import { describe, expect, it } from 'vitest';
import { afterCard, MAX_FAILURES_IN_A_ROW } from '../../src/domain/pause-policy.js';

describe('when a printer pauses after a card', () => {
  it('goes on after a printed card and forgets earlier failures', () => {
    expect(afterCard(1, { outcome: 'printed', recorded: true, reasons: [] })).toEqual({ failuresInARow: 0, pause: null });
  });

  it('pauses at once for a card in doubt, whatever came before', () => {
    const after = afterCard(0, { outcome: 'unknown', recorded: true, reasons: ['other'] });
    expect(after.failuresInARow).toBe(1);
    expect(after.pause).toMatch(/card in doubt/);
  });

  it(`pauses after ${MAX_FAILURES_IN_A_ROW} failed cards in a row, naming the failure`, () => {
    const first = afterCard(0, { outcome: 'spoiled', recorded: true, reasons: ['media-jam'] });
    expect(first).toEqual({ failuresInARow: 1, pause: null });
    const second = afterCard(first.failuresInARow, { outcome: 'not-consumed', recorded: true, reasons: ['media-jam'], detail: 'card jam at the feeder' });
    expect(second.failuresInARow).toBe(2);
    expect(second.pause).toBe('2 cards failed in a row (card jam at the feeder): check the printer, then resume');
  });

  it('pauses when the outcome could not be recorded, even for a printed card', () => {
    const after = afterCard(0, { outcome: 'printed', recorded: false, reasons: [] });
    expect(after.failuresInARow).toBe(0);
    expect(after.pause).toMatch(/could not record that the last card ended printed/);
  });
});
