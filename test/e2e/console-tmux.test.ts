import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRecordsFile } from '../fixtures/records-fixture.js';
import type { ImportRow } from '../../src/station/demo/demo-office.js';
import { CETAK_BIN, runCetak } from '../support/run-cetak.js';
import { TmuxSession } from '../support/tmux.js';
import { t as tr } from '../../src/i18n/i18n.js';
import { openStation } from '../../src/station/open-station.js';
import { verifyAuditLog } from '../../src/station/audit/audit-verify.js';
import { verifyLedger } from '../../src/station/stock/ledger-verify.js';

/**
 * The real `cetak` in tmux at 80×24 against a real `cetak station` whose printer is an emulated
 * Evolis in its own process: sign in, filter the queue, hold and release a job, watch the cards
 * print, quit. Then the same with NO_COLOR=1, and as a technician (no full NIK on any screen).
 */

let home: string;
let rows: ImportRow[];
const processes: ChildProcess[] = [];
const sessions: TmuxSession[] = [];
const cetak = (args: string[], extra: Record<string, string> = {}) => runCetak(args, { CETAK_HOME: home, ...extra });
const asSupervisor = { CETAK_OPERATOR: 'sup', CETAK_PIN: '1234' };

function spawnListening(args: string[], pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CETAK_BIN, ...args], { env: { ...process.env, CETAK_HOME: home, CETAK_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    processes.push(child);
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = pattern.exec(out);
      if (m) resolve(m);
    });
    child.on('exit', (code) => reject(new Error(`cetak ${args[0]} exited ${code}: ${out}`)));
  });
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'cetak-tmux-'));
  const port = Number((await spawnListening(['emulator', '--tcp', '0', '--speedup', '20'], /127\.0\.0\.1:(\d+)/))[1]);
  await writeFile(join(home, 'station.json'), JSON.stringify({ station: { id: 'ws-1', office: 'Kota Kupang' }, printers: [{ id: 'p1', name: 'P1', uri: `tcp://127.0.0.1:${port}`, family: 'evolis' }], pollIntervalMs: 500 }));
  for (const [id, role, pin] of [['sup', 'supervisor', '1234'], ['op', 'operator', '1111'], ['tech', 'technician', '2222']] as const) {
    const added = await cetak(['operator', 'add', '--id', id, '--name', id.toUpperCase(), '--role', role], { ...asSupervisor, CETAK_NEW_PIN: pin });
    expect(added.code, added.stderr).toBe(0);
  }
  ({ rows } = await writeRecordsFile(join(home, 'batch'), 4, { seed: 21 }));
  expect((await cetak(['import', join(home, 'batch', 'records.csv')], asSupervisor)).code).toBe(0);
  expect((await cetak(['stock', 'receive-blanks', '--document', 'BA-1', '--quantity', '50'], asSupervisor)).code).toBe(0);
  expect((await cetak(['stock', 'define-type', '--family', 'evolis', '--kind', 'ribbon', '--images', '400'], asSupervisor)).code).toBe(0);
  await spawnListening(['station'], /ready/);
}, 120_000);

afterAll(async () => {
  for (const s of sessions) s.kill();
  for (const p of processes) if (p.exitCode === null) p.kill('SIGTERM');
  await rm(home, { recursive: true, force: true });
});

function open(name: string, args: string, env: Record<string, string> = {}): TmuxSession {
  const session = new TmuxSession(`cetak-e2e-${name}-${process.pid}`, `${process.execPath} ${CETAK_BIN} ${args}`, { env: { CETAK_HOME: home, TERM: 'xterm-256color', ...env } });
  sessions.push(session);
  return session;
}

async function signIn(t: TmuxSession, id: string, pin: string, role: string): Promise<void> {
  await t.waitFor('Sign in');
  t.type(id);
  t.keys('Tab');
  t.type(pin);
  t.keys('Enter');
  await t.waitFor(`${id.toUpperCase()} (${role})`);
  await t.waitFor('1 Dash 2 Queue');
}

/** Filters the queue, holds the first match with a reason, finds it held, releases it. */
async function holdAndRelease(t: TmuxSession, name: string): Promise<void> {
  t.keys('2');
  await t.waitFor(/NIK\s+NAME/);
  t.keys('/');
  t.type(`state:queued ${name}`);
  t.keys('Enter');
  await t.waitFor(/\b1 match/);
  t.keys('h');
  await t.waitFor('Reason for holding');
  t.type('address to check');
  t.keys('Enter');
  await t.waitFor(/\b0 match/);
  t.keys('Escape');
  await t.waitUntil(() => !t.screen().includes('/state:queued'), 'the filter to clear');
  t.keys('/');
  t.type(`state:held ${name}`);
  t.keys('Enter');
  const held = await t.waitFor(/\b1 match/);
  expect(held).toMatch(/held/);
  t.keys('r');
  await t.waitFor(/\b0 match/);
}

describe('the console in a real terminal', () => {
  it('signs in, filters, holds and releases a job, watches the cards print, quits', async () => {
    const t = open('op', '');
    await signIn(t, 'op', '1111', 'operator');
    await t.waitFor('no ribbon loaded for evolis');
    await holdAndRelease(t, rows[0]!.name.split(' ').slice(0, 2).join(' ').slice(0, 12));
    // A ribbon received from a shell is loaded from the console by picking it, never by typing its id.
    const [ribbon] = (await cetak(['stock', 'receive-roll', '--type', 'evolis-ribbon', '--lot', 'R1'], asSupervisor)).stdout.match(/roll_\w+/) ?? [];
    t.keys('3');
    await t.waitFor(/[>▶] p1 /);
    t.keys('l');
    await t.waitFor('Load which roll on p1?');
    await t.waitFor(`${ribbon!}  evolis-ribbon  lot R1`);
    t.keys('Enter');
    await t.waitFor(/ribbon .*\(roll roll_/, 30_000);
    t.keys('1');
    await t.waitFor(/printed today 4/, 60_000);
    expect(t.screen()).toMatch(/P1 printed a card/);
    // A test card and a cleaning from the printers screen, each a row of its own in the ledger and the audit log.
    t.keys('3');
    await t.waitFor(/[>▶] p1 /);
    await t.waitUntil(() => /state idle/.test(t.screen()), 'P1 to be idle', 30_000);
    t.keys('t');
    await t.waitFor('Print a test card on p1?');
    t.keys('y');
    await t.waitFor(/test card tst_\w+ printed/, 30_000);
    await t.waitUntil(() => /state idle/.test(t.screen()), 'P1 to be idle after the test card', 30_000);
    t.keys('c');
    await t.waitFor('Start a cleaning cycle on p1?');
    t.keys('y');
    await t.waitFor(/P1 cleaned by op after 5 card/, 30_000);
    await t.waitFor(tr('printers:detail.cleaningEvery', { count: 0, every: 500 }));
    // The feeder refilled from a shell: the running station records it (and refuses what does not fit).
    const refilled = await cetak(['printers', 'refill', 'p1', '--count', '10'], { CETAK_OPERATOR: 'op', CETAK_PIN: '1111' });
    expect(refilled.stdout + refilled.stderr).toMatch(/10 blank\(s\) recorded in the feeder of p1/);
    expect(refilled.code).toBe(0);
    const tooMany = await cetak(['printers', 'refill', 'p1', '--count', '500'], { CETAK_OPERATOR: 'op', CETAK_PIN: '1111' });
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toMatch(/holds 100 blanks: 500 do not fit/);
    await t.waitFor(/P1: 10 blank\(s\) put in the feeder by op/, 10_000);
    const station = await openStation({ home });
    try {
      const tests = await station.db.selectFrom('test_cards').selectAll().execute();
      expect(tests).toEqual([expect.objectContaining({ printer_id: 'p1', state: 'printed', requested_by: 'op' })]);
      const moves = await station.db.selectFrom('movements').select(['item', 'from_bucket', 'to_bucket', 'reason']).where('reason', 'like', `%${tests[0]!.id}%`).orderBy('audit_seq').execute();
      expect(moves.map((m) => `${m.item} ${m.from_bucket}>${m.to_bucket}`)).toEqual(['blank in-stock>printing', 'images remaining>in-use', 'blank printing>spoiled', 'images in-use>used']);
      expect(moves[2]!.reason).toMatch(/^test: /);
      const care = await station.db.selectFrom('printer_care').selectAll().orderBy('at').execute();
      expect(care.map((c) => `${c.kind} ${c.actor} ${c.cards}`)).toEqual(['cleaning op 5', 'refill op 10']);
      const audit = await station.db.selectFrom('audit_log').select(['action', 'actor']).where('action', 'in', ['printer.test-card', 'printer.test-card-printed', 'printer.clean', 'printer.refill']).orderBy('seq').execute();
      expect(audit.map((a) => `${a.action} ${a.actor}`)).toEqual(['printer.test-card op', 'printer.test-card-printed system:dispatcher', 'printer.clean op', 'printer.refill op']);
      expect(await verifyLedger(station)).toEqual([]);
      expect((await verifyAuditLog(station)).ok).toBe(true);
    } finally {
      await station.close();
    }
    t.keys('q');
    await t.waitUntil(() => t.exited(), 'the console to exit');
    // The alternate screen is gone: the shell's screen is back, without the console's frame.
    expect(t.screen()).not.toContain('1 Dash 2 Queue');
  }, 120_000);

  it('works the same with NO_COLOR=1, and writes no colour at all', async () => {
    const t = open('nocolor', '', { NO_COLOR: '1' });
    await signIn(t, 'op', '1111', 'operator');
    const dashboard = t.screen({ escapes: true });
    t.keys('2');
    await t.waitFor(/NIK\s+NAME/);
    await t.waitFor(/\b\d{16}\b/);
    const coloured = dashboard + t.screen({ escapes: true });
    // State is told in words and bold/inverse, never by colour.
    expect(coloured).toMatch(/queued|printed/);
    expect(coloured).not.toMatch(/\x1b\[[0-9;]*(3[0-7]|9[0-7]|4[0-7]|10[0-7]|38;[25]|48;[25])[;m]/);
    t.keys('q');
    await t.waitUntil(() => t.exited(), 'the console to exit');
  }, 60_000);

  it('shows a technician the printers in full and never a full NIK or a name', async () => {
    const t = open('tech', '--technician');
    await signIn(t, 'tech', '2222', 'technician');
    const screens: string[] = [t.screen()];
    for (const key of ['2', '3', '4', '5', '1']) {
      t.keys(key);
      await new Promise((r) => setTimeout(r, 1200));
      screens.push(t.screen());
    }
    t.keys('2');
    t.keys('Enter');
    await new Promise((r) => setTimeout(r, 1200));
    screens.push(t.screen());
    const all = screens.join('\n');
    expect(all).toMatch(/5371\*{10}\d{4}/);
    expect(all).toContain('P1');
    for (const r of rows) {
      expect(all).not.toContain(r.nik);
      expect(all).not.toContain(r.name);
    }
    expect(all).not.toMatch(/\b\d{16}\b/);
    t.keys('q');
    await t.waitUntil(() => t.exited(), 'the console to exit');
  }, 60_000);

  it('signs an idle console out by itself, after the time station.json gives', async () => {
    // Read by the console when it starts; the running station does not reread its file.
    await writeFile(join(home, 'station.json'), JSON.stringify({ ...JSON.parse(await readFile(join(home, 'station.json'), 'utf8')), console: { idleSignOutSeconds: 3 } }));
    const t = open('idle', '');
    await signIn(t, 'op', '1111', 'operator');
    await t.waitFor('signed out: no key for 3 s', 30_000);
    await t.waitFor('Operator ID');
    t.keys('C-c');
    await t.waitUntil(() => t.exited(), 'the console to exit');
  }, 60_000);
});
