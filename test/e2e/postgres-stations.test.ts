import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSimulatedPrinter } from '../../hardware/sim/index.js';
import { verifyAuditLog } from '../../src/station/audit/audit-verify.js';
import { importFile } from '../../src/station/import/import-file.js';
import { verifyLedger } from '../../src/station/stock/ledger-verify.js';
import { openStation } from '../../src/station/open-station.js';
import { renderJob } from '../../src/station/jobs/job-card.js';
import { defaultCardLayout } from '../../src/station/render/index.js';
import { defineConsumableType, loadRoll, receiveBlanks, receiveRolls } from '../../src/station/stock/stock-service.js';
import { writeRecordsFile } from '../fixtures/records-fixture.js';
import { createTestDatabase, sharedPostgresServer, stopSharedPostgresServer } from '../support/postgres-server.js';
import { CETAK_BIN } from '../support/run-cetak.js';
import { printedHashes, startEmulatorProcess } from '../support/emulator-process.js';

/**
 * Two real `cetak station` processes, each driving its own emulated Evolis printer (the emulator
 * in its own process, recording every card), share one queue on one PostgreSQL database. One
 * station is killed with SIGKILL in the middle and started again. Every job comes out exactly
 * once, the ledger balances and the audit chain holds. Each station has its own data folder and
 * none has an images/ folder: the record images are read from the database.
 */

const JOBS = 24;
const children: ChildProcess[] = [];
const stationErrors: string[] = [];
let root: string;

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await stopSharedPostgresServer();
  if (root) await rm(root, { recursive: true, force: true });
});


function startStation(home: string, url: string): ChildProcess {
  const child = spawn(process.execPath, [CETAK_BIN, 'station'], { env: { ...process.env, CETAK_HOME: home, CETAK_DATABASE_URL: url, CETAK_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.setEncoding('utf8').on('data', (text: string) => stationErrors.push(`${home}: ${text}`));
  children.push(child);
  return child;
}


describe('two cetak station processes on one PostgreSQL', () => {
  it('share one queue: every job printed exactly once, even with a station killed mid-batch', async () => {
    root = await mkdtemp(join(tmpdir(), 'cetak-pg-office-'));
    const database = await createTestDatabase(await sharedPostgresServer());
    const setupHome = join(root, 'setup');
    const station = await openStation({ home: setupHome, databaseUrl: database.url, stationId: 'office' });
    const person = { id: 'sup', name: 'SUP', role: 'supervisor' as const };
    await station.db.insertInto('operators').values({ id: 'sup', name: 'SUP', role: 'supervisor', pin_hash: 'x', created_at: 'x', created_by: 'test', disabled_at: null }).execute();
    const { path } = await writeRecordsFile(join(root, 'import'), JOBS);
    await importFile(station, person, path);

    const records: string[] = [];
    const homes: string[] = [];
    for (const n of [1, 2]) {
      const home = join(root, `ws-${n}`);
      // A data folder of its own: no shared images/ folder, the record images are in the database.
      await mkdir(home, { recursive: true, mode: 0o700 });
      const record = join(root, `e${n}.jsonl`);
      const port = await startEmulatorProcess(record, children);
      const printer = { id: `ws-${n}-e1`, name: `WS${n}E1`, uri: `tcp://127.0.0.1:${port}`, family: 'evolis' };
      await writeFile(join(home, 'station.json'), JSON.stringify({ station: { id: `ws-${n}`, office: 'Test' }, printers: [printer], pollIntervalMs: 500 }));
      await station.db.insertInto('printers').values({ ...printer, station_id: `ws-${n}`, simulated: 0, created_at: 'x' }).execute();
      records.push(record);
      homes.push(home);
    }
    await receiveBlanks(station, person, { documentNo: 'BA-1', quantity: 100 });
    const ribbon = await defineConsumableType(station, person, { family: 'evolis', kind: 'ribbon', nominalImages: 500 });
    for (const n of [1, 2]) {
      const [roll] = await receiveRolls(station, person, { typeId: ribbon, count: 1, lot: 'R' });
      await loadRoll(station, person, { rollId: roll!, printerId: `ws-${n}-e1` });
    }

    // Each job's card as the emulator will hash it.
    const jobOfHash = new Map<string, string>();
    for (const { id } of await station.db.selectFrom('jobs').select('id').execute()) {
      const card = await renderJob(station, id, defaultCardLayout());
      if (!card.ok) throw new Error(card.holdReason);
      const reference = createSimulatedPrinter('sim://evolis-primacy?speedup=100000');
      await reference.print({ id, front: card.front });
      jobOfHash.set(reference.simulator.cards[0]!.sha256, id);
      await reference.close();
    }
    expect(jobOfHash.size).toBe(JOBS);

    const stations = homes.map((home) => startStation(home, database.url));
    const countState = async (state: string) => Number((await station.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', state).executeTakeFirstOrThrow()).n);
    const waitUntil = async (what: string, check: () => Promise<boolean>, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (!(await check())) {
        if (Date.now() > deadline) {
          const jobs = await station.db.selectFrom('jobs').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
          throw new Error(`timed out waiting for ${what}: jobs ${JSON.stringify(jobs)}; station stderr:\n${stationErrors.join('').slice(-3000)}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    // Kill station 1 while it has a card on its printer, then start it again.
    await waitUntil('station 1 printing', async () => (await countState('printed')) >= 4 && !!(await station.db.selectFrom('attempts').select('id').where('station_id', '=', 'ws-1').where('state', '=', 'printing').executeTakeFirst()), 60_000);
    stations[0]!.kill('SIGKILL');
    await new Promise((r) => stations[0]!.once('exit', r));
    stations[0] = startStation(homes[0]!, database.url);

    // The card that was under the head when station 1 died is in doubt (recovery at restart); a person
    // resolves it by looking at the tray, as in station-crash.test.ts.
    await waitUntil('the batch done', async () => (await countState('queued')) + (await countState('printing')) === 0, 90_000);
    for (const child of stations) child.kill('SIGTERM');
    await Promise.all(stations.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
    const doubts = await station.db.selectFrom('attempts').select(['id', 'job_id']).where('state', '=', 'in-doubt').execute();
    const out = printedHashes(records);
    const { resolveInDoubt } = await import('../../src/station/jobs/attempts.js');
    const hashOfJob = new Map([...jobOfHash].map(([h, j]) => [j, h]));
    for (const d of doubts) await resolveInDoubt(station, person.id, { attemptId: d.id, resolution: out.has(hashOfJob.get(d.job_id)!) ? 'printed' : 'not-printed' });

    // Every card that came out matches a job and came out once; both stations printed.
    for (const [sha, n] of out) {
      expect(jobOfHash.has(sha)).toBe(true);
      expect(n, `job ${jobOfHash.get(sha)} printed ${n} times`).toBe(1);
    }
    const attempts = await station.db.selectFrom('attempts').select(['job_id', 'state', 'station_id']).execute();
    for (const a of attempts) expect(['printed', 'spoiled', 'not-consumed', 'in-doubt']).toContain(a.state);
    const printed = attempts.filter((a) => a.state === 'printed');
    expect(new Set(printed.map((a) => a.station_id))).toEqual(new Set(['ws-1', 'ws-2']));
    expect(new Set(printed.map((a) => a.job_id)).size).toBe(printed.length);
    // A job resolved "not printed" went back to the queue after the stations stopped: the rest are out.
    expect(printed.length + (await countState('queued'))).toBe(JOBS);
    expect(out.size).toBe(printed.length);
    expect(await verifyLedger(station)).toEqual([]);
    // No station, nor the one that imported, has an images/ folder: every card came from the database.
    for (const home of [setupHome, ...homes]) expect(await access(join(home, 'images')).then(() => true, () => false), home).toBe(false);
    expect((await verifyAuditLog(station)).ok).toBe(true);
    await station.close();
    await database.drop();
  }, 180_000);
});
