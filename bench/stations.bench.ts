/**
 * Several stations on one PostgreSQL queue: jobs dispatched per second, and the gap from "printer
 * free" (its print call returned) to "next card's bytes start" (its next print call), with 1, 2
 * and 4 stations of two simulated printers each, all in this process. The gap holds committing
 * the outcome, taking the next job (SELECT … FOR UPDATE SKIP LOCKED) and committing its attempt;
 * the card itself was rendered while the previous one printed.
 *
 *   npx tsx bench/stations.bench.ts        (BENCH_JOBS, BENCH_SPEEDUP, BENCH_MODEL to change)
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import type { PrinterDriver } from '../hardware/types.js';
import { createOffice, type OfficePrinterModel } from '../test/station/postgres/office-fixture.js';
import { stopSharedPostgresServer } from '../test/support/postgres-server.js';

const JOBS = Number(process.env['BENCH_JOBS'] ?? 240);
const SPEEDUP = Number(process.env['BENCH_SPEEDUP'] ?? 100);
const MODEL = (process.env['BENCH_MODEL'] ?? 'datacard-cd800') as OfficePrinterModel;
const PRINTERS_PER_STATION = 2;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function run(stations: number) {
  let lostRaces = 0;
  // The dispatcher logs (debug) each job it rendered but found taken when it tried to begin it.
  const log = pino({ level: 'debug' }, new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (chunk.includes('taken by another printer')) lostRaces++;
      done();
    },
  }));
  const office = await createOffice({ stations, printersPerStation: PRINTERS_PER_STATION, jobs: JOBS, model: MODEL, speedup: SPEEDUP, log });
  try {
    const gaps: number[] = [];
    await office.start();
    for (const s of office.stations) {
      for (const h of s.runtime.printers.handles) {
        const driver = h.driver as PrinterDriver;
        const print = driver.print.bind(driver);
        let freeAt: number | null = null;
        driver.print = async (job) => {
          if (freeAt !== null) gaps.push(performance.now() - freeAt);
          try {
            return await print(job);
          } finally {
            freeAt = performance.now();
          }
        };
      }
    }
    const t0 = performance.now();
    await office.loadRibbons();
    await office.waitFor('all printed', async () => (await office.jobStates())['printed'] === JOBS, 600_000);
    const seconds = (performance.now() - t0) / 1000;
    gaps.sort((a, b) => a - b);
    return { stations, printers: stations * PRINTERS_PER_STATION, lostRaces, seconds, perSecond: JOBS / seconds, p50: percentile(gaps, 50), p95: percentile(gaps, 95), max: gaps.at(-1) ?? NaN };
  } finally {
    await office.cleanup();
  }
}

console.log(`${JOBS} jobs per run, simulated ${MODEL} at speed-up ${SPEEDUP}, ${PRINTERS_PER_STATION} printers per station, one PostgreSQL (throwaway, loopback), all stations in one process`);
try {
  for (const stations of [1, 2, 4]) {
    const r = await run(stations);
    console.log(
      `${r.stations} station(s), ${r.printers} printers: ${JOBS} jobs in ${r.seconds.toFixed(1)} s = ${r.perSecond.toFixed(1)} jobs dispatched/s; ` +
        `printer free -> next card's bytes start: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, max ${r.max.toFixed(1)} ms; ` +
        `${r.lostRaces} lost race(s)`,
    );
  }
} finally {
  await stopSharedPostgresServer();
}
