import { afterEach, describe, expect, it } from 'vitest';
import { ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN, SHOW_CURSOR } from '../../ui/terminal/alt-screen.js';
import { FakeConnection } from './fake-connection.js';
import { buildSnapshot } from './snapshot-fixture.js';
import { CLEAR_SEQUENCES, KEYS, startConsole, wait, type Session } from './tty-harness.js';

// Ink renders only a final frame when CI is set; the console must work in CI all the same, so every
// session in this file runs with CI set.
process.env['CI'] = 'true';

// Colour SGR parameters: 30–39, 40–49, 90–97, 100–107, and 38/48 extended colours.
const COLOUR_SGR = /\u001B\[(?:[\d;]*;)?(?:3\d|4\d|9[0-7]|10[0-7])(?:;[\d;]*)?m/;

let session: Session | null = null;
afterEach(async () => {
  if (session) {
    session.events.emit('SIGTERM');
    await session.done.catch(() => undefined);
    session = null;
  }
});

async function open(connection = new FakeConnection(), options: Parameters<typeof startConsole>[1] = {}): Promise<Session> {
  session = startConsole(connection, options);
  await session.ready;
  return session;
}

function afterFirstFrame(s: Session): string {
  // Chunk 0 enters the alternate screen; the first frame follows. Everything after it is an update.
  const all = s.stdout.all();
  const firstFrameEnd = all.indexOf('\u001B[?2026l') + 1 || 1;
  return all.slice(firstFrameEnd);
}

describe('runConsole on an 80×24 terminal', () => {
  it('draws the dashboard in the alternate screen, one row short of the terminal, with CI set', async () => {
    const s = await open();
    expect(s.stdout.chunks[0]?.startsWith(ENTER_ALT_SCREEN)).toBe(true);
    const screen = s.screen();
    expect(screen.altScreen).toBe(true);
    const lines = screen.lines();
    expect(lines[0]).toContain('Kota Kupang / ws-1');
    expect(lines[22]).toContain('1 Dash 2 Queue');
    // The last row stays empty: a frame as tall as the terminal would make Ink clear on every update.
    expect(lines[23]).toBe('');
    expect(process.env['CI']).toBe('true');
  });

  it('leaves the alternate screen and shows the cursor on q', async () => {
    const s = await open();
    await s.press('q');
    await s.done;
    expect(s.stdout.all().endsWith(SHOW_CURSOR + LEAVE_ALT_SCREEN)).toBe(true);
    expect(s.screen().altScreen).toBe(false);
    expect(s.screen().cursorVisible).toBe(true);
    expect(s.stdin.isRaw).toBe(false);
    session = null;
  });

  it.each([
    ['Ctrl+C', (s: Session) => s.stdin.write(KEYS.ctrlC)],
    ['SIGTERM', (s: Session) => s.events.emit('SIGTERM')],
    ['SIGHUP (SSH hang-up)', (s: Session) => s.events.emit('SIGHUP')],
    ['SIGINT', (s: Session) => s.events.emit('SIGINT')],
    ['stdin closing', (s: Session) => s.stdin.end()],
  ])('restores the terminal on %s', async (_name, exit) => {
    const s = await open();
    await s.press('2');
    exit(s);
    await s.done;
    expect(s.screen().altScreen).toBe(false);
    expect(s.screen().cursorVisible).toBe(true);
    expect(s.stdin.isRaw).toBe(false);
    session = null;
  });

  it('restores the terminal and rejects on an uncaught error', async () => {
    const s = await open();
    const boom = new Error('boom');
    s.events.emit('uncaughtException', boom);
    await expect(s.done).rejects.toBe(boom);
    expect(s.screen().altScreen).toBe(false);
    expect(s.screen().cursorVisible).toBe(true);
    session = null;
  });

  it('writes no clear-screen sequence after the first frame through a whole session', async () => {
    const connection = new FakeConnection();
    const s = await open(connection);
    await s.press('2', 'j', 'j', KEYS.pgdn, 'G', 'g');
    await s.press(KEYS.enter);
    await s.press(KEYS.esc, '/', 'y', 'o', 'h', KEYS.enter, '3', 'j', '4', '5', '?', KEYS.esc, '1');
    const printers = connection.getState().snapshot!.printers;
    connection.pushPatch({ printers: printers.map((p) => ({ ...p, cardsToday: p.cardsToday + 1 })) });
    connection.setConnection('disconnected', new Date().toISOString());
    connection.setConnection('connected');
    s.stdout.resize(100, 30);
    await s.settle();
    s.stdout.resize(80, 24);
    await s.settle();
    const updates = afterFirstFrame(s);
    expect(updates.length).toBeGreaterThan(1000);
    for (const clear of CLEAR_SEQUENCES) expect(updates.includes(clear), JSON.stringify(clear)).toBe(false);
    expect(s.screen().clears).toBe(0);
    expect(s.screen().lines()[0]).toContain('Kota Kupang');
  });

  it('writes at most 300 bytes when one printer counter changes', async () => {
    const connection = new FakeConnection();
    const s = await open(connection);
    const bytes: number[] = [];
    for (let i = 1; i <= 3; i += 1) {
      const update = await s.measure(() => {
        const printers = connection.getState().snapshot!.printers;
        connection.pushPatch({ printers: printers.map((p) => (p.id === 'P1' && p.film ? { ...p, film: { ...p.film, remaining: p.film.remaining - 1 } } : p)) });
      });
      bytes.push(Buffer.byteLength(update));
      expect(update).toContain(`${412 - i}`);
    }
    // Each update lands on the right rows: the frame has not drifted or smeared.
    const lines = s.screen().lines();
    expect(lines[0]).toContain('Kota Kupang / ws-1');
    expect(lines[3]).toMatch(/^│   film ████████░░ 409 /);
    expect(lines[22]).toContain('1 Dash 2 Queue');
    expect(lines[23]).toBe('');
    for (const n of bytes) expect(n).toBeGreaterThan(0);
    for (const n of bytes) expect(n).toBeLessThanOrEqual(300);
  });

  it('writes nothing while nothing changes, not even for a patch that changes nothing on screen', async () => {
    const connection = new FakeConnection();
    const s = await open(connection);
    const quiet = await s.measure(() => wait(1_000));
    expect(quiet).toBe('');
    const same = await s.measure(() => {
      const snap = connection.getState().snapshot!;
      connection.pushPatch({ printers: snap.printers.map((p) => ({ ...p })) });
    });
    expect(same).toBe('');
  });

  it('re-lays out on resize and shows "terminal too small" below 80×24, which still quits on q', async () => {
    const s = await open();
    s.stdout.resize(100, 30);
    await s.settle();
    let lines = s.screen().lines();
    expect(lines[28]).toContain('1 Dash 2 Queue');
    expect(lines[1]?.length).toBe(100);
    s.stdout.resize(70, 20);
    await s.settle();
    expect(s.screen().text()).toContain('terminal too small (need 80×24, have 70×20)');
    await s.press('q');
    await s.done;
    expect(s.screen().altScreen).toBe(false);
    session = null;
    lines = [];
  });

  it('uses colour normally, and no colour code at all with NO_COLOR', async () => {
    const coloured = await open(new FakeConnection());
    await coloured.press('2');
    await coloured.press(KEYS.enter);
    expect(COLOUR_SGR.test(coloured.stdout.all())).toBe(true);
    coloured.events.emit('SIGTERM');
    await coloured.done;

    const plain = await open(new FakeConnection(), { env: { TERM: 'xterm-256color', NO_COLOR: '1' } });
    await plain.press('2');
    await plain.press(KEYS.enter);
    await plain.press(KEYS.esc, '3', '4', '5', '1');
    const out = plain.stdout.all();
    expect(COLOUR_SGR.test(out)).toBe(false);
    // State still reads without colour: words plus bold/inverse.
    expect(out).toContain('\u001B[7m');
    expect(plain.screen().text()).toContain('STOPPED film empty');
  });

  it('writes only ASCII on the Linux text console (TERM=linux)', async () => {
    const connection = new FakeConnection({ snapshot: buildSnapshot() });
    const s = await open(connection, { env: { TERM: 'linux' } });
    await s.press('2');
    await s.press(KEYS.enter);
    await s.press(KEYS.esc, '3', '4', '5', '?', KEYS.esc, '1');
    const out = s.stdout.all();
    expect(/^[\x00-\x7f]*$/.test(out), out.match(/[^\x00-\x7f]/)?.[0]).toBe(true);
    const text = s.screen().text();
    expect(text).toContain('+- Printers');
    expect(text).toMatch(/film \[#######\.\] 412/);
  });
});
