import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatedPrinter } from '../../../hardware/sim/index.js';
import { verifyAuditLog } from '../../../src/station/audit/audit-verify.js';
import { verifyLedger } from '../../../src/station/stock/ledger-verify.js';
import { markInterruptedAttempts, resolveInDoubt } from '../../../src/station/jobs/attempts.js';
import { renderJob } from '../../../src/station/jobs/job-card.js';
import { defaultCardLayout } from '../../../src/station/render/index.js';
import { createRuntimeFixture, type RuntimeFixture } from './runtime-fixture.js';

let fx: RuntimeFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

const sim = (f: RuntimeFixture, id: string) => (f.runtime.printers.get(id)!.driver as SimulatedPrinter).simulator;
/** The NIK line of the default layout, in landscape dots. */
const NIK_REGION = { x0: 250, x1: 740, y0: 110, y1: 160 };

function region(plane: Uint8Array, width: number): string {
  let bits = '';
  for (let y = NIK_REGION.y0; y < NIK_REGION.y1; y++) for (let x = NIK_REGION.x0; x < NIK_REGION.x1; x++) bits += plane[y * width + x] ? '1' : '0';
  return bits;
}

describe('the station prints a batch on two printers of different families', () => {
  it('prints every job once; the emulator decoded each card with its own NIK; ledger and audit agree', async () => {
    fx = await createRuntimeFixture({
      records: 12,
      printers: [
        { id: 'p1', uri: 'sim://evolis-primacy?speedup=400', family: 'evolis' },
        { id: 'p2', uri: 'sim://fargo-hdp5000?speedup=400', family: 'fargo-hdp' },
      ],
    });
    const f = fx;
    await f.waitFor('P1 says why it waits', async () => f.runtime.printers.get('p1')!.waitingReason === 'no ribbon loaded for evolis on P1');
    await f.loadNew('p1', 'evolis', 'ribbon', 100);
    await f.loadNew('p2', 'fargo-hdp', 'film', 100);
    await f.loadNew('p2', 'fargo-hdp', 'ribbon', 100);
    await f.waitFor('all printed', async () => (await f.jobStates())['printed'] === 12);

    const evolis = sim(f, 'p1').cards;
    const fargo = sim(f, 'p2').cards;
    expect(evolis.length + fargo.length).toBe(12);
    expect(evolis.length).toBeGreaterThan(0);
    expect(fargo.length).toBeGreaterThan(0);
    // Each card the Evolis emulator decoded carries exactly one job's NIK line.
    const expected = new Map<string, string>();
    for (const jobId of f.jobs) {
      const card = await renderJob(f.station, jobId, defaultCardLayout());
      if (!card.ok) throw new Error(card.holdReason);
      expected.set(region(card.front.k!.data, card.front.k!.width), jobId);
    }
    expect(expected.size).toBe(12);
    const seen = new Set<string>();
    for (const card of evolis.slice(-8)) {
      const k = card.front.k!;
      const job = expected.get(region(k.data!, k.width));
      expect(job, `emulator card ${card.index} matches no job's NIK`).toBeDefined();
      expect(seen.has(job!)).toBe(false);
      seen.add(job!);
    }
    // Every card hash is distinct: no job was printed twice.
    expect(new Set([...evolis, ...fargo].map((c) => c.sha256)).size).toBe(12);
    expect(await verifyLedger(f.station)).toEqual([]);
    expect((await verifyAuditLog(f.station)).ok).toBe(true);
    const printers = await f.station.db.selectFrom('attempts').select(['printer_id', (eb) => eb.fn.countAll<number>().as('n')]).where('state', '=', 'printed').groupBy('printer_id').execute();
    expect(Object.fromEntries(printers.map((p) => [p.printer_id, Number(p.n)]))).toEqual({ p1: evolis.length, p2: fargo.length });
  }, 60_000);
});

describe('faults', () => {
  it('moves the queue to the other printer of the family when one runs out of film, then waits with the reason', async () => {
    fx = await createRuntimeFixture({
      records: 10,
      printers: [
        { id: 'd1', uri: 'sim://datacard-cr805?speedup=400', family: 'datacard' },
        { id: 'd2', uri: 'sim://datacard-cr805?speedup=400', family: 'datacard' },
      ],
    });
    const f = fx;
    await f.waitFor('printers polled', async () => f.runtime.printers.handles.every((h) => h.status !== null));
    await f.loadNew('d1', 'datacard', 'ribbon', 100);
    await f.loadNew('d1', 'datacard', 'film', 2);
    await f.loadNew('d2', 'datacard', 'ribbon', 100);
    await f.loadNew('d2', 'datacard', 'film', 5);
    await f.waitFor('film used up on both', async () => (await f.jobStates())['printed'] === 7);
    // The printer says so itself, or the ledger does first: either way the reason names the film.
    const filmReason = /^(printer stopped: film empty|film for datacard on D\d is used up \(0 images left\))$/;
    await f.waitFor('both printers waiting for film', async () => f.runtime.printers.handles.every((h) => h.current === null && filmReason.test(h.waitingReason ?? '')));
    expect(sim(f, 'd1').cards.length).toBe(2);
    expect(sim(f, 'd2').cards.length).toBe(5);
    expect(await f.jobStates()).toEqual({ printed: 7, queued: 3 });
    expect(await verifyLedger(f.station)).toEqual([]);
  }, 60_000);

  it('leaves a card in doubt when the printer drops mid-card, pauses that printer, and never prints the card again by itself', async () => {
    fx = await createRuntimeFixture({ records: 3, printers: [{ id: 'e1', uri: 'sim://evolis-primacy?speedup=20', family: 'evolis' }] });
    const f = fx;
    await f.waitFor('printer polled', async () => f.runtime.printers.get('e1')!.status !== null);
    sim(f, 'e1').inject({ kind: 'drop-mid-job' });
    await f.loadNew('e1', 'evolis', 'ribbon', 100);
    await f.waitFor('a card in doubt', async () => (await f.jobStates())['in-doubt'] === 1);
    const h = f.runtime.printers.get('e1')!;
    await f.waitFor('printer paused with the reason', async () => h.waitingReason === 'card in doubt on this printer: check it, resolve the card, then resume');
    expect(await f.jobStates()).toEqual({ 'in-doubt': 1, queued: 2 });
    const doubt = await f.station.db.selectFrom('attempts').select(['id', 'job_id']).where('state', '=', 'in-doubt').executeTakeFirstOrThrow();

    // A person looks: the card did come out. They resolve it, clear the printer and resume.
    await resolveInDoubt(f.station, f.operator.id, { attemptId: doubt.id, resolution: 'printed' });
    await h.driver.reset();
    await f.runtime.printerAction(f.operator, 'e1', 'resume');
    await f.waitFor('the others printed', async () => (await f.jobStates())['printed'] === 3);
    const attempts = await f.station.db.selectFrom('attempts').select(['job_id', 'state']).where('job_id', '=', doubt.job_id).execute();
    expect(attempts).toEqual([{ job_id: doubt.job_id, state: 'printed' }]);
    expect(await verifyLedger(f.station)).toEqual([]);
  }, 60_000);

  it('pauses the printer when the outcome of its card cannot be recorded', async () => {
    fx = await createRuntimeFixture({ records: 3, printers: [{ id: 'e1', uri: 'sim://evolis-primacy?speedup=5', family: 'evolis' }] });
    const f = fx;
    await f.waitFor('printer polled', async () => f.runtime.printers.get('e1')!.status !== null);
    await f.loadNew('e1', 'evolis', 'ribbon', 100);
    const h = f.runtime.printers.get('e1')!;
    await f.waitFor('a card on the printer', async () => h.current !== null);
    // Someone else settles the attempt while the card is under the head (as a second recovery
    // would): the printer's answer then cannot be written, and a person must look.
    expect(await markInterruptedAttempts(f.station)).toBe(1);
    await f.waitFor('printer paused with the reason', async () => h.paused && /could not record that the last card ended/.test(h.pausedReason ?? ''));
    expect(await f.jobStates()).toEqual({ 'in-doubt': 1, queued: 2 });
    expect(await verifyLedger(f.station)).toEqual([]);
  }, 60_000);
});
