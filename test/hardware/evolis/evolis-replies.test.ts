import { describe, expect, it } from 'vitest';
import { evolisReasonsForReply, parseEvolisCount, parseEvolisReply } from '../../../hardware/evolis/evolis-replies.js';

const parse = (s: string) => parseEvolisReply(Buffer.from(s, 'latin1'));

describe('parseEvolisReply (§1.4, §2.13)', () => {
  it('reads OK, values and errors', () => {
    expect(parse('OK')).toEqual({ kind: 'ok', text: 'OK' });
    expect(parse('OK\r\n')).toEqual({ kind: 'ok', text: 'OK' });
    expect(parse('Evolis Primacy')).toEqual({ kind: 'value', text: 'Evolis Primacy' });
    expect(parse('ERROR CDE')).toMatchObject({ kind: 'error', reasons: ['other'] });
    expect(parse('OKAY')).toEqual({ kind: 'value', text: 'OKAY' });
  });

  it.each([
    ['FEEDER EMPTY', 'media-empty'],
    ['CARD JAM', 'media-jam'],
    ['COVER OPEN', 'cover-open'],
    ['ERROR RIBBON', 'marker-supply-empty'],
    ['ERR RIB DETECTION', 'marker-supply-empty'],
    ['NEED CLEANING', 'cleaning-needed'],
    ['ERR NEED CLEANING', 'cleaning-needed'],
    ['HOPPER FULL', 'output-area-full'],
    ['ERROR HEAD', 'other'],
    ['ERROR PARAMETRES', 'other'],
  ])('maps %s to %s', (text, reason) => {
    const reply = parse(text);
    expect(reply.kind).toBe('error');
    expect(reply.kind === 'error' && reply.reasons).toEqual([reason]);
    expect(evolisReasonsForReply(text)).toEqual([reason]);
  });

  it('calls binary junk garbled', () => {
    expect(parse('\xff\x8a\x13')).toEqual({ kind: 'garbled', byteCount: 3 });
    expect(parse('')).toEqual({ kind: 'garbled', byteCount: 0 });
  });

  it('reads decimal counts', () => {
    expect(parseEvolisCount(parse('1234'))).toBe(1234);
    expect(parseEvolisCount(parse('ERROR CDE'))).toBeUndefined();
    expect(parseEvolisCount(parse('abc'))).toBeUndefined();
  });
});
