import { describe, expect, it } from 'vitest';
import { createInkOutput, toAscii } from '../../../ui/terminal/ink-output.js';
import { FakeTtyOut } from '../tty-harness.js';

describe('createInkOutput', () => {
  it('moves the cursor back onto the frame after each frame write, and only then', () => {
    const real = new FakeTtyOut(80, 24);
    const out = createInkOutput(real as unknown as NodeJS.WriteStream);
    out.write('line 1\nline 2\n');
    out.write('\u001B[22A\u001B[E\u001B[E');
    out.write('\u001B[?2026h');
    out.write('\u001B[2K\u001B[1A\u001B[2K\u001B[G');
    expect(real.chunks).toEqual(['line 1\nline 2\n\u001B[1A', '\u001B[22A\u001B[E\u001B[E\u001B[1A', '\u001B[?2026h', '\u001B[2K\u001B[1A\u001B[2K\u001B[G']);
  });

  it('reports the real width but a very tall terminal, so Ink never takes its clear-screen path', () => {
    const real = new FakeTtyOut(100, 30);
    const out = createInkOutput(real as unknown as NodeJS.WriteStream);
    expect(out.columns).toBe(100);
    expect(out.rows).toBeGreaterThan(1000);
    expect(out.isTTY).toBe(true);
  });

  it('writes ASCII only when asked, one character for one', () => {
    const real = new FakeTtyOut(80, 24);
    const out = createInkOutput(real as unknown as NodeJS.WriteStream, { ascii: true });
    out.write('P1 printed 5371…0007 → need 80×24 • é\n');
    expect(real.chunks[0]).toBe('P1 printed 5371~0007 > need 80x24 * e\n\u001B[1A');
    expect(toAscii('│█░…')).toHaveLength(4);
  });
});
