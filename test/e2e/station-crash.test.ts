import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSimulatedPrinter } from '../../hardware/sim/index.js';
import { markInterruptedAttempts, resolveInDoubt } from '../../src/station/jobs/attempts.js';
import { verifyAuditLog } from '../../src/station/audit/audit-verify.js';
import { importFile } from '../../src/station/import/import-file.js';
import { verifyLedger } from '../../src/station/stock/ledger-verify.js';
import { openStation } from '../../src/station/open-station.js';
import { renderJob } from '../../src/station/jobs/job-card.js';
import { defaultCardLayout } from '../../src/station/render/index.js';
import { defineConsumableType, loadRoll, receiveBlanks, receiveRolls } from '../../src/station/stock/stock-service.js';
import { writeRecordsFile } from '../fixtures/records-fixture.js';
import { CETAK_BIN } from '../support/run-cetak.js';
import { emulatorCards, printedHashes, startEmulatorProcess, type EmulatorCard } from '../support/emulator-process.js';

/**
 * Kills the station with SIGKILL at random moments while it prints, many times over, with the
 * printers (emulators) in their own processes so they outlive each crash as real printers do.
 * Between crashes a "person" looks at each printer's own record (what came out printed, what the
 * reset threw into the reject box, what is still in the feeder) and resolves cards in doubt by it.
 * At the end: no card was printed twice, every attempt has an outcome, the ledger's printed and
 * spoiled blanks equal what the printers counted, blanks balance, the audit chain holds.
 *
 * `npm run test:soak` runs the nightly size (CETAK_SOAK=1: 50 kills over 150 jobs).
 */

const SOAK = process.env['CETAK_SOAK'] === '1';
const JOBS = SOAK ? 150 : 30;
const CRASHES = SOAK ? 50 : 6;
/** Blanks each emulator starts with (test/support/emulator-process.ts). */
const FEEDER_CARDS = 500;
const children: ChildProcess[] = [];
let home: string;

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  if (home) await rm(home, { recursive: true, force: true });
});


/** What a technician does by pressing reset: a half-printed card goes to the reject box. */
function pressReset(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('\x1bSrs\r'));
    socket.on('data', (d) => {
      if (d.includes(0)) socket.end(resolve);
    });
    socket.on('error', reject);
    setTimeout(() => socket.destroy(new Error('reset timed out')), 10_000);
  });
}

/** The printer's own count of cards it took from its feeder (`Rco;c`, printer-protocols.md). */
function cardsTakenCount(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let reply = '';
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('\x1bRco;c\r'));
    socket.on('data', (d) => {
      reply += d.toString('latin1');
      if (reply.includes('\r') || reply.includes('\0')) {
        socket.end();
        const n = /\d+/.exec(reply)?.[0];
        if (n === undefined) reject(new Error(`no card count in ${JSON.stringify(reply)}`));
        else resolve(Number(n));
      }
    });
    socket.on('error', reject);
    setTimeout(() => socket.destroy(new Error('card count timed out')), 10_000);
  });
}

const stderrOf = new WeakMap<ChildProcess, string>();

function startStation(): ChildProcess {
  const child = spawn(process.execPath, [CETAK_BIN, 'station'], { env: { ...process.env, CETAK_HOME: home, CETAK_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  child.stderr!.setEncoding('utf8').on('data', (d: string) => stderrOf.set(child, ((stderrOf.get(child) ?? '') + d).slice(-2000)));
  return child;
}

/** Stops the station with `signal`; a station that already ended by itself is a failure, said with its last words. */
async function stopStation(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  if (child.exitCode !== null || child.signalCode !== null) {
    throw new Error(`the station ended by itself (exit ${child.exitCode ?? child.signalCode}): ${stderrOf.get(child) ?? ''}`);
  }
  child.kill(signal);
  await exited;
}


describe('SIGKILL at random moments during a batch', () => {
  it('never prints a card twice and loses nothing', async () => {
    home = await mkdtemp(join(tmpdir(), 'cetak-crash-'));
    const records = [join(home, 'e1.jsonl'), join(home, 'e2.jsonl')];
    const ports = [await startEmulatorProcess(records[0]!, children), await startEmulatorProcess(records[1]!, children)];
    await writeFile(join(home, 'station.json'), JSON.stringify({
      station: { id: 'ws-crash', office: 'Test' },
      printers: ports.map((port, i) => ({ id: `e${i + 1}`, name: `E${i + 1}`, uri: `tcp://127.0.0.1:${port}`, family: 'evolis' })),
      pollIntervalMs: 500,
    }));

    const station = await openStation({ home, stationId: 'ws-crash' });
    const person = { id: 'sup', name: 'SUP', role: 'supervisor' as const };
    await station.db.insertInto('operators').values({ id: 'sup', name: 'SUP', role: 'supervisor', pin_hash: 'x', created_at: 'x', created_by: 'test', disabled_at: null }).execute();
    for (const [i, port] of ports.entries()) {
      await station.db.insertInto('printers').values({ id: `e${i + 1}`, name: `E${i + 1}`, family: 'evolis', uri: `tcp://127.0.0.1:${port}`, station_id: 'ws-crash', simulated: 0, created_at: 'x' }).execute();
    }
    const { path } = await writeRecordsFile(join(home, 'import'), JOBS);
    await importFile(station, person, path);
    await receiveBlanks(station, person, { documentNo: 'BA-1', quantity: 200 });
    const ribbon = await defineConsumableType(station, person, { family: 'evolis', kind: 'ribbon', nominalImages: 500 });
    for (const printerId of ['e1', 'e2']) {
      const [roll] = await receiveRolls(station, person, { typeId: ribbon, count: 1, lot: 'R' });
      await loadRoll(station, person, { rollId: roll!, printerId });
    }

    const printerIds = ['e1', 'e2'];
    /** Per printer, how many of its record's cards the person has already looked at. */
    const looked = printerIds.map(() => 0);
    const accounted = new Set<EmulatorCard>();

    // Each job's card as the emulator will hash it: rendered, then printed through the same driver.
    const hashOfJob = new Map<string, string>();
    const jobOfHash = new Map<string, string>();
    for (const { id } of await station.db.selectFrom('jobs').select('id').execute()) {
      const card = await renderJob(station, id, defaultCardLayout());
      if (!card.ok) throw new Error(card.holdReason);
      const reference = createSimulatedPrinter('sim://evolis-primacy?speedup=100000');
      await reference.print({ id, front: card.front });
      const sha = reference.simulator.cards[0]!.sha256;
      await reference.close();
      hashOfJob.set(id, sha);
      jobOfHash.set(sha, id);
    }
    expect(jobOfHash.size).toBe(JOBS);

    /**
     * The person between crashes: first lets each printer finish what it is doing and clears it
     * (reset waits for a card under the head), then looks at the output tray and resolves each
     * card in doubt by what is there. Looking before the printer is done would be a person's error.
     */
    const lookAndResolve = async () => {
      for (const port of ports) await pressReset(port);
      await markInterruptedAttempts(station);
      const doubts = await station.db.selectFrom('attempts').select(['id', 'job_id', 'printer_id']).where('state', '=', 'in-doubt').orderBy('started_at').execute();
      for (const d of doubts) {
        const i = printerIds.indexOf(d.printer_id);
        // What this printer let out since the person last looked: at most the one card in flight.
        const fresh = emulatorCards(records[i]!).slice(looked[i]);
        const ours = fresh.find((c) => c.outcome === 'printed' && c.sha256 === hashOfJob.get(d.job_id));
        const rejected = fresh.find((c) => c.outcome !== 'printed' && !accounted.has(c));
        if (ours) {
          await resolveInDoubt(station, person.id, { attemptId: d.id, resolution: 'printed' });
        } else if (rejected) {
          accounted.add(rejected);
          await resolveInDoubt(station, person.id, { attemptId: d.id, resolution: 'spoiled', reason: `the printer's record shows it ${rejected.outcome}` });
        } else {
          // Not in the printer's record: the blank never left the feeder.
          await resolveInDoubt(station, person.id, { attemptId: d.id, resolution: 'not-printed' });
        }
      }
      for (const [i, file] of records.entries()) {
        const cards = emulatorCards(file);
        for (const c of cards.slice(looked[i])) if (c.outcome !== 'printed') accounted.add(c);
        looked[i] = cards.length;
      }
      return doubts.length;
    };

    let resolved = 0;
    for (let crash = 0; crash < CRASHES; crash++) {
      const child = startStation();
      // Kill while cards are on the printers: once an attempt is printing, at a random moment.
      const started = Date.now();
      while (Date.now() - started < 30_000) {
        const printing = await station.db.selectFrom('attempts').select('id').where('state', '=', 'printing').executeTakeFirst();
        if (printing) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 600)));
      await stopStation(child, 'SIGKILL');
      resolved += await lookAndResolve();
    }
    // Finally let it finish the batch.
    const last = startStation();
    const deadline = Date.now() + 90_000;
    for (;;) {
      const left = await station.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('state', 'in', ['queued', 'printing']).executeTakeFirstOrThrow();
      if (Number(left.n) === 0) break;
      if (Date.now() > deadline) throw new Error(`${left.n} jobs still waiting`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await stopStation(last, 'SIGTERM');
    await lookAndResolve();

    // No card came out twice; every job has exactly the one card that came out.
    const out = printedHashes(records);
    for (const [sha, n] of out) {
      expect(jobOfHash.has(sha), `printed card ${sha} matches no job; emulator records:\n${records.map((f) => readFileSync(f, 'utf8')).join('\n')}`).toBe(true);
      expect(n, `job ${jobOfHash.get(sha)} printed ${n} times`).toBe(1);
    }
    const attempts = await station.db.selectFrom('attempts').select(['job_id', 'state']).execute();
    expect(new Set(attempts.map((a) => a.state))).toEqual(new Set(['printed', ...attempts.filter((a) => a.state !== 'printed').map((a) => a.state)]));
    for (const a of attempts) expect(['printed', 'spoiled', 'not-consumed', 'in-doubt']).toContain(a.state);
    const printedJobs = attempts.filter((a) => a.state === 'printed').map((a) => a.job_id);
    expect(new Set(printedJobs).size).toBe(printedJobs.length);
    // A card the reset threw into the reject box is spoiled: that job waits for a person to reprint it.
    const jobStates = await station.db.selectFrom('jobs').select('state').execute();
    const spoiledJobs = jobStates.filter((j) => j.state === 'spoiled').length;
    expect(printedJobs.length + spoiledJobs).toBe(JOBS);
    expect(out.size).toBe(printedJobs.length);
    for (const job of printedJobs) expect(out.get(hashOfJob.get(job)!)).toBe(1);
    // The ledger against the printers' own counts: every blank that left a feeder is printed or spoiled.
    const cards = records.flatMap((f) => emulatorCards(f));
    const bucket = async (name: string) => Number((await station.db.selectFrom('stock_balances').select('quantity').where('item', '=', 'blank').where('bucket', '=', name).executeTakeFirst())?.quantity ?? 0);
    expect(await bucket('printed')).toBe(cards.filter((c) => c.outcome === 'printed').length);
    expect(await bucket('spoiled')).toBe(cards.filter((c) => c.outcome !== 'printed').length);
    expect(attempts.filter((a) => a.state === 'spoiled').length).toBe(cards.filter((c) => c.outcome !== 'printed').length);
    // What is not in the records is still in the feeders: the printers' own counters say so too.
    const taken = await Promise.all(ports.map((port) => cardsTakenCount(port)));
    expect(taken.reduce((a, b) => a + b, 0)).toBe(cards.length);
    expect(FEEDER_CARDS * ports.length - cards.length).toBeGreaterThan(0);
    expect(await verifyLedger(station)).toEqual([]);
    expect((await verifyAuditLog(station)).ok).toBe(true);
    expect(resolved, 'the crashes should have caught cards in flight').toBeGreaterThan(0);
    await station.close();
  }, SOAK ? 3_600_000 : 240_000);
});
