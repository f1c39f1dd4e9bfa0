import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRecordsFile } from '../fixtures/records-fixture.js';
import { runCetak } from '../support/run-cetak.js';
import { spawnStation, stopStation } from '../support/station-process.js';

/**
 * `cetak jobs …` acts through a real running station as the console does: the same sign-in, roles
 * and reasons. The only printer has no blank cards, so the 6 imported jobs stay queued.
 */

let scratch: string;
let home: string;
let station: ChildProcess | undefined;
const supervisor = { CETAK_OPERATOR: 'sup', CETAK_PIN: '4321' };
const technician = { CETAK_OPERATOR: 'tek', CETAK_PIN: '8765' };
const cetak = (args: string[], env: Record<string, string> = {}) => runCetak(args, { CETAK_HOME: home, CETAK_LANG: 'en', ...env });

interface Page { total: number; offset: number; rows: { id: string; nik: string; name: string; state: string; reason: string | null }[] }

async function listJson(args: string[] = [], env: Record<string, string> = supervisor): Promise<Page> {
  const r = await cetak(['jobs', 'list', '--json', ...args], env);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Page;
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cetak-jobs-cli-'));
  home = join(scratch, 'home');
  await mkdir(home, { mode: 0o700 });
  await writeFile(join(home, 'station.json'), JSON.stringify({
    station: { id: 'ws-9', office: 'Kota Kupang' },
    printers: [{ id: 'p1', name: 'P1', uri: 'sim://evolis-primacy?cards=0&speedup=1000', family: 'evolis' }],
    pollIntervalMs: 300,
  }));
  for (const [id, role, pin] of [['sup', 'supervisor', '4321'], ['tek', 'technician', '8765']] as const) {
    const made = await runCetak(['operator', 'add', '--id', id, '--name', id.toUpperCase(), '--role', role], { CETAK_HOME: home, CETAK_NEW_PIN: pin, ...(id === 'sup' ? {} : supervisor) });
    expect(made.code, made.stderr).toBe(0);
  }
  await writeRecordsFile(join(home, 'batch'), 6, { seed: 9 });
  const imported = await cetak(['import', join(home, 'batch', 'records.csv')], supervisor);
  expect(imported.code, imported.stderr).toBe(0);
  station = await spawnStation(home);
}, 120_000);

afterAll(async () => {
  await stopStation(station);
  await rm(scratch, { recursive: true, force: true });
});

describe('cetak jobs through the running station', () => {
  it('lists jobs as JSON and as a table, filtered by state', async () => {
    const page = await listJson();
    expect(page.total).toBe(6);
    expect(page.rows).toHaveLength(6);
    expect(page.rows.every((r) => /^\d{16}$/.test(r.nik))).toBe(true);
    const limited = await listJson(['--limit', '2', '--offset', '1']);
    expect(limited.rows.map((r) => r.id)).toEqual(page.rows.slice(1, 3).map((r) => r.id));
    expect((await listJson(['--state', 'held'])).total).toBe(0);
    const table = await cetak(['jobs', 'list'], supervisor);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^JOB\s+NIK\s+NAME\s+STATE/m);
    expect(table.stdout).toContain(page.rows[0]!.id);
    expect(table.stdout).toMatch(/jobs 1 to 6 of 6/);
  });

  it('holds a job named by its NIK with a reason, shows it held, and releases it', async () => {
    const target = (await listJson()).rows[2]!;
    const held = await cetak(['jobs', 'hold', target.nik, '--reason', 'photo unclear'], supervisor);
    expect(held.code, held.stderr).toBe(0);
    expect(held.stdout).toContain(`held ${target.id}`);
    const heldPage = await listJson(['--state', 'held']);
    expect(heldPage.rows.map((r) => r.id)).toEqual([target.id]);
    expect(heldPage.rows[0]!.reason).toContain('photo unclear');
    const shown = await cetak(['jobs', 'show', target.id, '--json'], supervisor);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout).job).toMatchObject({ id: target.id, state: 'held' });
    const released = await cetak(['jobs', 'release', target.id, '--json'], supervisor);
    expect(released.code, released.stderr).toBe(0);
    expect(JSON.parse(released.stdout)).toMatchObject({ ok: true, action: 'release', jobId: target.id, by: 'sup' });
    expect((await listJson(['--state', 'held'])).total).toBe(0);
  });

  it('needs a reason to hold, refuses an unknown state, and says so without touching the queue', async () => {
    const target = (await listJson()).rows[0]!;
    const noReason = await cetak(['jobs', 'hold', target.id], supervisor);
    expect(noReason.code).not.toBe(0);
    expect(noReason.stderr).toMatch(/--reason/);
    const badState = await cetak(['jobs', 'list', '--state', 'lost'], supervisor);
    expect(badState.code).toBe(2);
    expect(badState.stderr).toMatch(/unknown job state "lost"/);
    expect((await listJson(['--state', 'queued'])).total).toBe(6);
  });

  it('refuses a technician what the role may not do, and masks personal data on the technician socket', async () => {
    const target = (await listJson()).rows[1]!;
    const refused = await cetak(['jobs', 'cancel', target.id, '--reason', 'test', '--technician'], technician);
    expect(refused.code).toBe(1);
    // The station's own sentence: the technician console has no job actions at all.
    expect(refused.stderr).toMatch(/"job\.cancel" is not available on the technician console/);
    // Nor may a technician's account act on the operators' socket.
    const onOperatorSocket = await cetak(['jobs', 'hold', target.id, '--reason', 'test'], technician);
    expect(onOperatorSocket.code).toBe(1);
    expect(onOperatorSocket.stderr).toMatch(/station refused/);
    expect((await listJson(['--state', 'held'])).total).toBe(0);
    expect((await listJson(['--state', 'canceled'])).total).toBe(0);
    const masked = await listJson(['--technician'], technician);
    expect(masked.total).toBe(6);
    const rows = masked.rows.map((r) => `${r.nik} ${r.name}`).join('\n');
    for (const full of (await listJson()).rows) {
      expect(rows).not.toContain(full.nik);
      expect(rows).not.toContain(full.name);
    }
  });

  it('cancels a job with a reason; a second cancel is refused with the station\'s sentence', async () => {
    const target = (await listJson()).rows[5]!;
    const canceled = await cetak(['jobs', 'cancel', target.nik, '--reason', 'resident moved away'], supervisor);
    expect(canceled.code, canceled.stderr).toBe(0);
    expect((await listJson(['--state', 'canceled'])).rows.map((r) => r.id)).toEqual([target.id]);
    const again = await cetak(['jobs', 'cancel', target.id, '--reason', 'again'], supervisor);
    expect(again.code).toBe(1);
    expect(again.stderr).not.toMatch(/\d{16}/);
  });

  it('changes a job\'s priority, which moves it in queue order, and shows the job as aligned text in both languages', async () => {
    const first = (await listJson(['--state', 'queued'])).rows[0]!;
    const moved = await cetak(['jobs', 'priority', first.id, 'replacement'], supervisor);
    expect(moved.code, moved.stderr).toBe(0);
    const after = (await listJson(['--state', 'queued'])).rows as unknown as { id: string; priority: string }[];
    expect(after.find((r) => r.id === first.id)!.priority).toBe('replacement');
    // Queue order follows the classes: the job now stands among the replacements, after the rest.
    const ranks = after.map((r) => ['first-card', 'data-change', 'replacement'].indexOf(r.priority));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const bad = await cetak(['jobs', 'priority', first.id, 'urgent'], supervisor);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown priority "urgent"/);
    for (const [lang, label] of [['en', 'job'], ['id', 'pekerjaan']] as const) {
      const shown = await cetak(['jobs', 'show', first.id], { ...supervisor, CETAK_LANG: lang });
      expect(shown.code, shown.stderr).toBe(0);
      const lines = shown.stdout.split('\n');
      const jobLine = lines.find((l) => l.startsWith(label))!;
      const nikLine = lines.find((l) => l.startsWith('NIK'))!;
      // The values start in one column whatever the label's length in this language.
      expect(jobLine.indexOf(first.id)).toBe(nikLine.indexOf(first.nik));
    }
  });

  it('says which home and socket it tried when no station runs', async () => {
    const empty = join(scratch, 'empty');
    await mkdir(empty);
    const r = await runCetak(['jobs', 'list'], { CETAK_HOME: empty, CETAK_LANG: 'en' });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(empty);
  });
});
