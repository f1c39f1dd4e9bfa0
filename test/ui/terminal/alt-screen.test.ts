import { describe, expect, it } from 'vitest';
import { AltScreen, ENTER_ALT_SCREEN, HIDE_CURSOR, LEAVE_ALT_SCREEN, SHOW_CURSOR } from '../../../ui/terminal/alt-screen.js';

function terminal() {
  const written: string[] = [];
  const raw: boolean[] = [];
  return {
    written,
    raw,
    stdout: { write: (s: string) => (written.push(s), true) },
    stdin: { isTTY: true, setRawMode: (m: boolean) => raw.push(m) },
  };
}

describe('AltScreen', () => {
  it('enters once and leaves once, restoring the cursor and cooked mode, however often it is asked', () => {
    const t = terminal();
    const screen = new AltScreen(t.stdout, t.stdin);
    screen.leave();
    expect(t.written).toEqual([]);
    screen.enter();
    screen.enter();
    expect(t.written.join('')).toContain(ENTER_ALT_SCREEN + HIDE_CURSOR);
    expect(screen.active).toBe(true);
    screen.leave();
    screen.leave();
    const out = t.written.join('');
    expect(out.split(LEAVE_ALT_SCREEN)).toHaveLength(2);
    expect(out.endsWith(SHOW_CURSOR + LEAVE_ALT_SCREEN)).toBe(true);
    expect(t.raw).toEqual([false]);
    expect(screen.active).toBe(false);
  });

  it('still marks itself left when the terminal is already gone', () => {
    const screen = new AltScreen({ write: () => { throw new Error('EIO'); } }, { isTTY: true, setRawMode: () => { throw new Error('EIO'); } });
    expect(() => screen.enter()).toThrow('EIO');
    expect(() => screen.leave()).not.toThrow();
  });
});
