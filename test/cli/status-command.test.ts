import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRecordsFile } from '../fixtures/records-fixture.js';
import { runCetak, type CetakRun } from '../support/run-cetak.js';
import { spawnStation, stopStation } from '../support/station-process.js';
import { until } from '../support/until.js';

/**
 * `cetak status` asks the running station (a real `cetak station` process) and exits as a
 * monitoring check does: its only printer has no blank cards and 15 cards wait, so CRITICAL
 * naming the printer; no station is UNKNOWN; a missing data folder is an error and stays missing.
 */

let scratch: string;
let home: string;
let station: ChildProcess | undefined;
const supervisor = { CETAK_OPERATOR: 'sup', CETAK_PIN: '4321', CETAK_LANG: 'en' };
const cetak = (args: string[], env: Record<string, string> = {}) => runCetak(args, { CETAK_HOME: home, CETAK_LANG: 'en', ...env });

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cetak-status-'));
  home = join(scratch, 'home');
  await mkdir(home, { mode: 0o700 });
  // The feeder of the only printer is empty: it stops with media-empty while work waits.
  await writeFile(join(home, 'station.json'), JSON.stringify({
    station: { id: 'ws-7', office: 'Kota Kupang' },
    printers: [{ id: 'p1', name: 'P1', uri: 'sim://evolis-primacy?cards=0&speedup=1000', family: 'evolis' }],
    pollIntervalMs: 300,
  }));
  const made = await runCetak(['operator', 'add', '--id', 'sup', '--name', 'SUPERVISOR', '--role', 'supervisor'], { CETAK_HOME: home, CETAK_NEW_PIN: '4321' });
  expect(made.code, made.stderr).toBe(0);
  await writeRecordsFile(join(home, 'batch'), 15, { seed: 5 });
  for (const args of [
    ['import', join(home, 'batch', 'records.csv')],
    ['stock', 'receive-blanks', '--document', 'BA-1', '--quantity', '50'],
    ['stock', 'define-type', '--family', 'evolis', '--kind', 'ribbon', '--images', '400'],
  ]) {
    const r = await cetak(args, supervisor);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  }
  const roll = (await cetak(['stock', 'receive-roll', '--type', 'evolis-ribbon', '--lot', 'R1'], supervisor)).stdout.match(/roll_\w+/)?.[0];
  station = await spawnStation(home);
  // The station registers its printers; then a shell loads the ribbon, as an office does.
  const loaded = await cetak(['stock', 'load', '--roll', roll!, '--printer', 'p1'], supervisor);
  expect(loaded.code, loaded.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await stopStation(station);
  await rm(scratch, { recursive: true, force: true });
});

describe('cetak status asks the running station', () => {
  it('says CRITICAL (exit 2) naming the printer that stopped with work waiting, as text and as JSON', async () => {
    let run: CetakRun | undefined;
    await until('status to turn critical', async () => (run = await cetak(['status'])).code === 2, 30_000);
    const lines = run!.stdout.split('\n');
    expect(lines[0]).toMatch(/^CRITICAL: P1 stopped/);
    expect(lines[0]).toContain('15 cards waiting');
    expect(run!.stdout).toMatch(/p1 +P1 +evolis +stopped \(.*media-empty/);
    expect(run!.stdout).toMatch(/queue +queued 15/);

    const asJson = await cetak(['status', '--json']);
    expect(asJson.code).toBe(2);
    const parsed = JSON.parse(asJson.stdout) as { status: string; exitCode: number; station: { id: string }; findings: { level: string; code: string; printerId: string | null }[]; printers: { id: string; state: string; reasons: string[] }[]; queue: { counts: Record<string, number> } };
    expect(parsed.status).toBe('CRITICAL');
    expect(parsed.exitCode).toBe(2);
    expect(parsed.station.id).toBe('ws-7');
    expect(parsed.findings).toContainEqual(expect.objectContaining({ level: 'critical', code: 'printer-stopped', printerId: 'p1' }));
    expect(parsed.printers[0]).toMatchObject({ id: 'p1', state: 'stopped' });
    expect(parsed.printers[0]!.reasons).toContain('media-empty');
    expect(parsed.queue.counts['queued']).toBe(15);
  }, 60_000);

  it('speaks Bahasa Indonesia by default', async () => {
    // The harness speaks English; a station with no language set speaks Bahasa Indonesia.
    const r = await runCetak(['status'], { CETAK_HOME: home, CETAK_LANG: '' });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/kartu menunggu/);
    expect(r.stdout).toMatch(/antrean +antre 15/);
  });

  it('one-shot commands act as station.json\'s station, never a phantom named after the host', () => {
    const db = new Database(join(home, 'cetak.sqlite'), { readonly: true });
    const stations = db.prepare('select id from stations order by id').all() as { id: string }[];
    db.close();
    expect(stations.map((s) => s.id)).toEqual(['ws-7']);
  });

  it('says UNKNOWN (exit 3) naming the home and socket it tried when no station answers', async () => {
    const quiet = join(scratch, 'quiet');
    expect((await runCetak(['operator', 'add', '--id', 'sup', '--name', 'S', '--role', 'supervisor'], { CETAK_HOME: quiet, CETAK_NEW_PIN: '4321' })).code).toBe(0);
    const r = await runCetak(['status'], { CETAK_HOME: quiet, CETAK_LANG: 'en' });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('UNKNOWN');
    expect(r.stderr).toContain(join(quiet, 'operator.sock'));
    expect(r.stderr).toContain(`data folder ${quiet}`);
    const asJson = await runCetak(['status', '--json'], { CETAK_HOME: quiet, CETAK_LANG: 'en' });
    expect(asJson.code).toBe(3);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ status: 'UNKNOWN', exitCode: 3 });
  });

  it('a missing data folder is an error and nothing is created, for every command that only looks', async () => {
    const missing = join(scratch, 'nonexistent');
    for (const args of [['status'], ['stock', 'rolls'], ['operator', 'list'], ['audit', 'verify']]) {
      const r = await runCetak(['--home', missing, ...args], { CETAK_LANG: 'en' });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(3);
      expect(r.stderr).toContain(`the data folder ${missing} does not exist`);
      expect(existsSync(missing), args.join(' ')).toBe(false);
    }
  });
});
