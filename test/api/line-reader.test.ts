import { describe, expect, it } from 'vitest';
import { LineReader } from '../../src/api/line-reader.js';

function collect(maxBytes: number) {
  const lines: string[] = [];
  let oversize = 0;
  const reader = new LineReader({ maxBytes, onLine: (l) => lines.push(l), onOversize: () => oversize++ });
  return { reader, lines, get oversize() { return oversize; } };
}

const INPUT = Buffer.from('{"id":1}\n\n{"op":"ÉÀ ☃"}\nlast line\n', 'utf8');
const EXPECTED = ['{"id":1}', '', '{"op":"ÉÀ ☃"}', 'last line'];

describe('LineReader', () => {
  it('gives the same lines however the bytes are split, including inside a UTF-8 character', () => {
    for (let cut = 0; cut <= INPUT.length; cut++) {
      const c = collect(100);
      c.reader.push(INPUT.subarray(0, cut));
      c.reader.push(INPUT.subarray(cut));
      expect(c.lines, `cut at ${cut}`).toEqual(EXPECTED);
    }
    const bytewise = collect(100);
    for (const byte of INPUT) bytewise.reader.push(Buffer.from([byte]));
    expect(bytewise.lines).toEqual(EXPECTED);
  });

  it('keeps a partial line until its newline arrives', () => {
    const c = collect(100);
    c.reader.push(Buffer.from('abc'));
    expect(c.lines).toEqual([]);
    c.reader.push(Buffer.from('def\n'));
    expect(c.lines).toEqual(['abcdef']);
  });

  it('accepts a line of exactly maxBytes and reports a longer one once, then goes on', () => {
    for (let cut = 0; cut <= 12; cut++) {
      const c = collect(5);
      const input = Buffer.from('12345\n123456\nok\n');
      c.reader.push(input.subarray(0, cut));
      c.reader.push(input.subarray(cut));
      expect([c.lines, c.oversize], `cut at ${cut}`).toEqual([['12345', 'ok'], 1]);
    }
  });

  it('reports a long line spread over many chunks once and keeps none of it', () => {
    const c = collect(10);
    for (let i = 0; i < 1000; i++) c.reader.push(Buffer.from('xxxxxxxx'));
    c.reader.push(Buffer.from('tail\nnext\n'));
    expect(c.oversize).toBe(1);
    expect(c.lines).toEqual(['next']);
  });
});
