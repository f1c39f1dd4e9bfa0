/**
 * Throughput of the dispatcher with several emulated printers at a speed-up factor, against the sum
 * of the printers' rated speeds (target: at least 97%), and against a naive loop that renders,
 * commits and prints one job at a time. Figures are in real-printer cards per hour (measured rate
 * divided by the speed-up).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulatedPrinter } from '../hardware/sim/index.js';
import { beginAttempt, finishAttempt } from '../src/station/jobs/attempts.js';
import { parseStationConfig } from '../src/station/config/station-config.js';
import { importFile } from '../src/station/import/import-file.js';
import { openStation } from '../src/station/open-station.js';
import { renderJob } from '../src/station/jobs/job-card.js';
import { defaultCardLayout } from '../src/station/render/index.js';
import { StationRuntime } from '../src/station/runtime/station-runtime.js';
import { defineConsumableType, loadRoll, receiveBlanks, receiveRolls } from '../src/station/stock/stock-service.js';
import { writeRecordsFile } from '../test/fixtures/records-fixture.js';

const PRINTERS = Number(process.env['BENCH_PRINTERS'] ?? 3);
const SPEEDUP = Number(process.env['BENCH_SPEEDUP'] ?? 20);
const CARDS_PER_PRINTER = Number(process.env['BENCH_CARDS_PER_PRINTER'] ?? 12);
const RATED = 150; // cards per hour per printer (Evolis Primacy, one-sided colour)
const JOBS = PRINTERS * CARDS_PER_PRINTER;

async function setup(dir: string) {
  const station = await openStation({ home: join(dir, 'home'), stationId: 'bench' });
  await station.db.insertInto('operators').values({ id: 'b', name: 'B', role: 'supervisor', pin_hash: 'x', created_at: 'x', created_by: 'b', disabled_at: null }).execute();
  const by = { id: 'b', name: 'B', role: 'supervisor' as const };
  const { path } = await writeRecordsFile(join(dir, 'records'), JOBS, { seed: 11 });
  await importFile(station, by, path);
  await receiveBlanks(station, by, { documentNo: 'BA', quantity: JOBS * 2 });
  const type = await defineConsumableType(station, by, { family: 'evolis', kind: 'ribbon', nominalImages: 1000 });
  return { station, by, type };
}

async function dispatcherRun(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'cetak-bench-dispatch-'));
  try {
    const { station, by, type } = await setup(dir);
    const printers = Array.from({ length: PRINTERS }, (_, i) => ({ id: `e${i + 1}`, name: `E${i + 1}`, uri: `sim://evolis-primacy?speedup=${SPEEDUP}`, family: 'evolis' }));
    const config = parseStationConfig({ printers, pollIntervalMs: 1000 }, 'bench');
    const runtime = new StationRuntime(station, { config, dataVersion: () => station.database.dataVersion(), idleRecheckMs: 100 });
    await runtime.start();
    for (const p of printers) {
      const [roll] = await receiveRolls(station, by, { typeId: type, count: 1, lot: 'L' });
      await loadRoll(station, by, { rollId: roll!, printerId: p.id });
    }
    while (runtime.printers.handles.some((h) => !h.status)) await new Promise((r) => setTimeout(r, 20));
    const t0 = performance.now();
    runtime.noteChange(['stock']);
    for (;;) {
      const done = await station.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'printed').executeTakeFirstOrThrow();
      if (Number(done.n) === JOBS) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (performance.now() - t0) / 1000;
    await runtime.stop();
    await station.close();
    return seconds;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function naiveRun(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'cetak-bench-naive-'));
  try {
    const { station, by, type } = await setup(dir);
    const drivers = Array.from({ length: PRINTERS }, () => createSimulatedPrinter(`sim://evolis-primacy?speedup=${SPEEDUP}`));
    for (let i = 0; i < PRINTERS; i++) {
      await station.db.insertInto('printers').values({ id: `e${i + 1}`, name: `E${i + 1}`, family: 'evolis', uri: 'sim://', station_id: 'bench', simulated: 1, created_at: 'x' }).execute();
      const [roll] = await receiveRolls(station, by, { typeId: type, count: 1, lot: 'L' });
      await loadRoll(station, by, { rollId: roll!, printerId: `e${i + 1}` });
    }
    const jobs = await station.db.selectFrom('jobs').select('id').orderBy('priority_rank').orderBy('queued_at').execute();
    const t0 = performance.now();
    for (const [n, { id }] of jobs.entries()) {
      const card = await renderJob(station, id, defaultCardLayout());
      if (!card.ok) throw new Error(card.holdReason);
      const began = await beginAttempt(station, { jobId: id, printerId: `e${(n % PRINTERS) + 1}`, sides: 1, needsFilm: false });
      const result = await drivers[n % PRINTERS]!.print({ id: began!.attemptId, front: card.front });
      await finishAttempt(station, { attemptId: began!.attemptId, outcome: result.outcome });
    }
    const seconds = (performance.now() - t0) / 1000;
    await Promise.all(drivers.map((d) => d.close()));
    await station.close();
    return seconds;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const perHour = (seconds: number) => (JOBS / seconds) * 3600 / SPEEDUP;
const rated = PRINTERS * RATED;
console.log(`${PRINTERS} emulated Evolis printers rated ${RATED} cards/h each (sum ${rated}/h), speed-up ${SPEEDUP}, ${JOBS} cards`);
const d = await dispatcherRun();
console.log(`dispatcher: ${JOBS} cards in ${d.toFixed(2)} s = ${perHour(d).toFixed(0)} cards/h = ${((perHour(d) / rated) * 100).toFixed(1)}% of rated (target >= 97%)`);
const n = await naiveRun();
console.log(`naive one-at-a-time loop: ${n.toFixed(2)} s = ${perHour(n).toFixed(0)} cards/h = ${((perHour(n) / rated) * 100).toFixed(1)}% of rated`);
console.log(`dispatcher / naive: ${(n / d).toFixed(2)}x`);
