// What the console does with a station in its own process, in a real terminal (tmux): without a
// station it says to run the service; a technician never gets a station of its own; a closed
// terminal (SIGHUP) and Ctrl+C let the cards on the printers finish; a second Ctrl+C stops at once.
import BetterSqlite3 from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STATION_CONFIG } from '../../src/station/demo/demo-station.js';
import { CETAK_BIN } from '../support/run-cetak.js';
import { TmuxSession } from '../support/tmux.js';

let scratch: string;
const sessions: TmuxSession[] = [];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cetak-lifecycle-'));
});

afterAll(async () => {
  for (const s of sessions) s.kill();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** The screen with all white space removed: a sentence wrapped at 80 columns still matches. */
const flat = (t: TmuxSession): string => t.screen().replace(/\s+/g, '');

function open(name: string, home: string, args: string): TmuxSession {
  const session = new TmuxSession(`cetak-life-${name}-${process.pid}`, `${process.execPath} ${CETAK_BIN} ${args}`, { env: { CETAK_HOME: home, TERM: 'xterm-256color', CETAK_LOG_LEVEL: 'warn' } });
  sessions.push(session);
  return session;
}

function attempts(home: string): Record<string, number> {
  const file = join(home, 'cetak.sqlite');
  if (!existsSync(file)) return {};
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    if (!db.prepare("select 1 from sqlite_master where name = 'attempts'").get()) return {};
    return Object.fromEntries((db.prepare('select state, count(*) as n from attempts group by state').all() as { state: string; n: number }[]).map((r) => [r.state, r.n]));
  } finally {
    db.close();
  }
}

/** A demo home whose simulated printers are slow enough that a card is surely on one when we act. */
async function slowDemoHome(name: string): Promise<string> {
  const home = join(scratch, name);
  await mkdir(home, { recursive: true, mode: 0o700 });
  const config = { ...DEMO_STATION_CONFIG, printers: DEMO_STATION_CONFIG.printers.map((p) => ({ ...p, uri: p.uri.replace('speedup=4', 'speedup=2') })) };
  await writeFile(join(home, 'station.json'), JSON.stringify(config));
  return home;
}

async function untilPrinting(t: TmuxSession, home: string): Promise<void> {
  await t.waitUntil(() => (attempts(home)['printing'] ?? 0) >= 1, 'a card on a printer', 90_000);
}

describe('the console and its in-process station', () => {
  it('without a station, says to run the service and how to start one here', async () => {
    const t = open('none', join(scratch, 'none'), 'console');
    await t.waitUntil(() => t.exited(), 'the console to end');
    // The sentence's start (the socket path) can scroll out of a 24-row pane after a long path; its advice stays.
    expect(flat(t)).toMatch(/stationshouldrunasaservice/);
    expect(flat(t)).toMatch(/`cetakconsole--here`/);
    expect(existsSync(join(scratch, 'none', 'cetak.sqlite'))).toBe(false);
  });

  it('a technician without a station is told so and gets no empty station of its own', async () => {
    const t = open('tech', join(scratch, 'tech'), 'console --technician');
    await t.waitUntil(() => t.exited(), 'the console to end');
    expect(flat(t)).toMatch(/stationrunsasaservice\(systemctlstatuscetak-station\);asktheofficetostartit/);
    expect(existsSync(join(scratch, 'tech', 'cetak.sqlite'))).toBe(false);
  });

  it('a closed terminal (SIGHUP) lets the cards on the printers finish: none left printing or in doubt', async () => {
    const home = await slowDemoHome('hup');
    const t = open('hup', home, 'demo');
    await untilPrinting(t, home);
    const pid = Number(execFileSync('tmux', ['display-message', '-p', '-t', t.name, '#{pane_pid}'], { encoding: 'utf8' }).trim());
    process.kill(pid, 'SIGHUP');
    await t.waitUntil(() => t.exited(), 'the station to finish and end', 120_000);
    const after = attempts(home);
    expect(after['printing'] ?? 0).toBe(0);
    expect(after['in-doubt'] ?? 0).toBe(0);
    expect(after['printed'] ?? 0).toBeGreaterThanOrEqual(1);
  }, 240_000);

  it('Ctrl+C finishes the cards on the printers; a second Ctrl+C stops at once naming the cards in doubt', async () => {
    const home = await slowDemoHome('ctrlc');
    const t = open('ctrlc', home, 'demo');
    await t.waitFor('Sign in', 60_000);
    await untilPrinting(t, home);
    t.keys('C-c');
    await t.waitFor('finishing the cards on the printers', 30_000);
    t.keys('C-c');
    await t.waitUntil(() => t.exited(), 'the console to end');
    expect(flat(t)).toMatch(/stoppedatonce;thesecardsgoindoubt:P\d\(jobjob_\w+\)/);
    // Nothing was finished for them: the next start turns them in doubt for a person.
    expect(attempts(home)['printing'] ?? 0).toBeGreaterThanOrEqual(1);
  }, 240_000);

  it('a single Ctrl+C ends with every card finished', async () => {
    const home = await slowDemoHome('ctrlc1');
    const t = open('ctrlc1', home, 'demo');
    await t.waitFor('Sign in', 60_000);
    await untilPrinting(t, home);
    t.keys('C-c');
    await t.waitUntil(() => t.exited(), 'the console to end', 120_000);
    const after = attempts(home);
    expect(after['printing'] ?? 0).toBe(0);
    expect(after['in-doubt'] ?? 0).toBe(0);
  }, 240_000);
});
