/**
 * A station process printing on simulated printers while 1,000 console clients connect, subscribe
 * and never read. Prints the station's resident memory (VmRSS from /proc, sampled every second),
 * before and during the soak, and how many cards it printed meanwhile, so the bound holds:
 * the station stays below BOUND_MIB and printing goes on.
 *
 * Bound (CONNECTION_LIMITS): 128 connections per socket, 64 MiB queued over all clients, 4 MiB per
 * client; so the station's RSS stays within its idle size + ~64 MiB queued + per-connection state.
 *
 *   npx tsx bench/socket-soak.bench.ts        (BENCH_CLIENTS, BENCH_SECONDS to change)
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFile } from '../src/station/import/import-file.js';
import { openStation } from '../src/station/open-station.js';
import { defineConsumableType, loadRoll, receiveBlanks, receiveRolls } from '../src/station/stock/stock-service.js';
import { CETAK_BIN } from '../test/support/run-cetak.js';
import { writeRecordsFile } from '../test/fixtures/records-fixture.js';

const CLIENTS = Number(process.env['BENCH_CLIENTS'] ?? 1000);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 60);
const JOBS = 400;
/** The stated bound on the station's resident memory during the soak, in MiB. */
const BOUND_MIB = 400;

const rssMiB = (pid: number): number => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(/\d+/.exec(line ?? '')?.[0] ?? NaN) / 1024;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function printedCount(home: string): Promise<number> {
  const station = await openStation({ home, stationId: 'ws-soak' });
  try {
    const row = await station.db.selectFrom('attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'printed').executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await station.close();
  }
}

async function main(): Promise<void> {
  const home = await mkdtemp(join(tmpdir(), 'cetak-soak-'));
  const printers = ['s1', 's2'];
  await writeFile(join(home, 'station.json'), JSON.stringify({
    station: { id: 'ws-soak', office: 'Soak' },
    printers: printers.map((id) => ({ id, name: id.toUpperCase(), uri: 'sim://datacard-cd800?speedup=20', family: 'datacard' })),
    pollIntervalMs: 500,
  }));
  const station = await openStation({ home, stationId: 'ws-soak' });
  const person = { id: 'sup', name: 'SUP', role: 'supervisor' as const };
  await station.db.insertInto('operators').values({ id: 'sup', name: 'SUP', role: 'supervisor', pin_hash: 'x', created_at: 'x', created_by: 'bench', disabled_at: null }).execute();
  for (const id of printers) {
    await station.db.insertInto('printers').values({ id, name: id.toUpperCase(), family: 'datacard', uri: 'sim://datacard-cd800', station_id: 'ws-soak', simulated: 1, created_at: 'x' }).execute();
  }
  const { path } = await writeRecordsFile(join(home, 'import'), JOBS);
  await importFile(station, person, path);
  await receiveBlanks(station, person, { documentNo: 'BA-1', quantity: JOBS });
  for (const kind of ['ribbon'] as const) {
    const type = await defineConsumableType(station, person, { family: 'datacard', kind, nominalImages: 1000 });
    for (const printerId of printers) {
      const [roll] = await receiveRolls(station, person, { typeId: type, count: 1, lot: kind });
      await loadRoll(station, person, { rollId: roll!, printerId });
    }
  }
  await station.close();

  const child = spawn(process.execPath, [CETAK_BIN, 'station'], { env: { ...process.env, CETAK_HOME: home, CETAK_LOG_LEVEL: 'error' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const sockets: Socket[] = [];
  try {
    await sleep(5_000);
    const idle = rssMiB(child.pid!);
    const printedBefore = await printedCount(home);
    let connected = 0;
    let refusedAtConnect = 0;
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => new Promise<void>((resolve) => {
      let up = false;
      const socket = createConnection(join(home, i % 2 ? 'technician.sock' : 'operator.sock'), () => {
        up = true;
        connected++;
        socket.write(`${JSON.stringify({ id: 1, op: 'subscribe', params: {} })}\n`);
        // Never read: the station must bound what it keeps for us.
        socket.pause();
        resolve();
      });
      socket.on('error', () => {
        // Later errors (the station closing a connection past its limits) are not connect failures.
        if (up) return;
        refusedAtConnect++;
        resolve();
      });
      sockets.push(socket);
    })));
    let peak = idle;
    const started = Date.now();
    while (Date.now() - started < SECONDS * 1000) {
      peak = Math.max(peak, rssMiB(child.pid!));
      await sleep(1_000);
    }
    const end = rssMiB(child.pid!);
    for (const s of sockets) s.destroy();
    const printed = (await printedCount(home)) - printedBefore;
    console.log(`clients           ${CLIENTS} (connected ${connected}, refused at connect ${refusedAtConnect}), never reading, ${SECONDS} s`);
    console.log(`station RSS       idle ${idle.toFixed(0)} MiB, peak ${peak.toFixed(0)} MiB, at the end ${end.toFixed(0)} MiB (bound ${BOUND_MIB} MiB: ${peak < BOUND_MIB ? 'held' : 'EXCEEDED'})`);
    console.log(`printed meanwhile ${printed} cards (${(printed / SECONDS * 3600).toFixed(0)} an hour)`);
    if (peak >= BOUND_MIB || printed === 0) process.exitCode = 1;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await rm(home, { recursive: true, force: true });
  }
}

await main();
