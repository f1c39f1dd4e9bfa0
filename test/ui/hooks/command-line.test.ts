import { describe, expect, it } from 'vitest';
import { REQUESTS } from '../../../src/api/protocol.js';
import { parseCommandLine } from '../../../ui/hooks/command-line.js';

describe('parseCommandLine', () => {
  it('switches screens and quits', () => {
    expect(parseCommandLine('queue')).toEqual({ kind: 'screen', screen: 'queue' });
    expect(parseCommandLine('dash')).toEqual({ kind: 'screen', screen: 'dashboard' });
    expect(parseCommandLine('q')).toEqual({ kind: 'quit' });
  });

  it('builds stock requests whose params the protocol accepts', () => {
    const cases = [
      'receive blanks SPB-2026-114 4000',
      'receive rolls fargo-film 5 F2311-07 500',
      'borrow fargo-ribbon 2 R2310-44 2026-12-15 Kab. Kupang',
      'lend R-1,R-2 2026-12-01 Kab. TTS',
      'return L-5 R-1',
    ];
    for (const text of cases) {
      const result = parseCommandLine(text);
      if (result.kind !== 'request') throw new Error(`${text}: ${JSON.stringify(result)}`);
      expect(REQUESTS[result.op].safeParse(result.params).success, text).toBe(true);
    }
  });

  it('explains the usage instead of sending half a request', () => {
    expect(parseCommandLine('receive blanks SPB-1')).toMatchObject({ kind: 'error', text: expect.stringContaining('usage: :receive blanks') });
    expect(parseCommandLine('borrow fargo-film 2 LOT 15-12-2026 Kab')).toMatchObject({ kind: 'error' });
    expect(parseCommandLine('launch')).toMatchObject({ kind: 'error', text: expect.stringContaining('unknown command') });
  });
});
