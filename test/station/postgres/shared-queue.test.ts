import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { beginAttempt } from '../../../src/station/jobs/attempts.js';
import { parseStationConfig } from '../../../src/station/config/station-config.js';
import { importFile } from '../../../src/station/import/import-file.js';
import { verifyLedger } from '../../../src/station/stock/ledger-verify.js';
import { StationRuntime, type RuntimePart } from '../../../src/station/runtime/station-runtime.js';
import { defineConsumableType, loadRoll, receiveBlanks, receiveRolls } from '../../../src/station/stock/stock-service.js';
import { writeRecordsFile } from '../../fixtures/records-fixture.js';
import { addPrinter, createStationFixture, STATION_DIALECTS, stopTestPostgres, type StationFixture } from '../../fixtures/station-fixture.js';

afterAll(() => stopTestPostgres());

const open: StationFixture[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const fx of open.splice(0).reverse()) await fx.cleanup();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** Two stations on one database, each with one printer loaded with a ribbon, and `records` queued jobs. */
async function twoStations(dialect: 'sqlite' | 'postgres', records: number) {
  const a = await createStationFixture({ dialect, stationId: 'ws-a' });
  open.push(a);
  // The second station shares the first one's folder (record images) and database.
  const b = await createStationFixture({ databaseUrl: a.databaseUrl, stationId: 'ws-b' });
  open.push(b);
  const dir = await mkdtemp(join(tmpdir(), 'cetak-shared-'));
  dirs.push(dir);
  const { path } = await writeRecordsFile(dir, records);
  await importFile(a.station, a.operator, path);
  await receiveBlanks(a.station, a.operator, { documentNo: 'BA-1', quantity: 50 });
  await addPrinter(a.station, 'a-p1', 'datacard');
  await addPrinter(b.station, 'b-p1', 'datacard');
  const type = await defineConsumableType(a.station, a.operator, { family: 'datacard', kind: 'ribbon', nominalImages: 100 });
  const rolls = await receiveRolls(a.station, a.operator, { typeId: type, count: 2, lot: 'R' });
  await loadRoll(a.station, a.operator, { rollId: rolls[0]!, printerId: 'a-p1' });
  await loadRoll(a.station, a.operator, { rollId: rolls[1]!, printerId: 'b-p1' });
  const jobs = (await a.station.db.selectFrom('jobs').select('id').orderBy('id').execute()).map((j) => j.id);
  return { a, b, jobs };
}

describe.each(STATION_DIALECTS)('many stations, one queue on %s', (dialect) => {
  it('gives each job to exactly one of many simultaneous takers; the losers get null, not an error', async () => {
    const { a, b, jobs } = await twoStations(dialect, 3);
    // better-sqlite3 is synchronous: two connections in one process would wait on each other's
    // write lock inside one thread, so on SQLite the takers share a connection (two processes are
    // covered by test/db/sqlite/two-processes.test.ts).
    const other = dialect === 'sqlite' ? a : b;
    for (const jobId of jobs) {
      const tries = Array.from({ length: 8 }, (_, i) =>
        beginAttempt(i % 2 === 0 ? a.station : other.station, { jobId, printerId: i % 2 === 0 ? 'a-p1' : 'b-p1', sides: 1, needsFilm: false }),
      );
      const results = await Promise.all(tries);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
    }
    const attempts = await a.station.db.selectFrom('attempts').select(['job_id', 'station_id']).execute();
    expect(attempts.map((x) => x.job_id).sort()).toEqual([...jobs].sort());
    expect(await verifyLedger(a.station)).toEqual([]);
  });
});

describe('live across stations on PostgreSQL', () => {
  it('a change committed by one station reaches another station\'s runtime within a second', async () => {
    const { a, b } = await twoStations('postgres', 1);
    const config = parseStationConfig({ station: { id: 'ws-b', office: 'Test' }, printers: [] }, 'test');
    const runtime = new StationRuntime(b.station, {
      config,
      // Never called on PostgreSQL: changes arrive by LISTEN/NOTIFY.
      dataVersion: async () => {
        throw new Error('data_version polled on PostgreSQL');
      },
    });
    await runtime.start();
    try {
      // Let the listening connection come up, then commit on the other station.
      await new Promise((r) => setTimeout(r, 300));
      const heard = new Promise<{ parts: ReadonlySet<RuntimePart>; ms: number }>((resolve) => {
        const t0 = performance.now();
        const off = runtime.onChange((parts) => {
          if (parts.has('stock')) {
            off();
            resolve({ parts, ms: performance.now() - t0 });
          }
        });
      });
      await receiveBlanks(a.station, a.operator, { documentNo: 'BA-2', quantity: 5 });
      const { ms } = await heard;
      expect(ms).toBeLessThan(1_000);
      expect(runtime.databaseState.state).toBe('ok');
    } finally {
      await runtime.stop();
    }
  });
});
