import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { PRINT_OUTCOMES } from '../../../hardware/types.js';
import { beginAttempt, finishAttempt, markInterruptedAttempts, resolveInDoubt, RESOLUTIONS } from '../../../src/station/jobs/attempts.js';
import { importFile } from '../../../src/station/import/import-file.js';
import { applyJobAction } from '../../../src/station/jobs/job-actions.js';
import { verifyLedger } from '../../../src/station/stock/ledger-verify.js';
import { isStationError } from '../../../src/station/station-error.js';
import {
  adjustBlanks, borrowRolls, defineConsumableType, lendRolls, loadRoll, receiveBlanks, receiveRolls, returnLoan, unloadRoll,
} from '../../../src/station/stock/stock-service.js';
import { writeRecordsFile } from '../../fixtures/records-fixture.js';
import { addPrinter, createStationFixture, STATION_DIALECTS, stopTestPostgres, type StationFixture } from '../../fixtures/station-fixture.js';

/**
 * Random sequences of everything people and printers do to jobs and stock, on a real database.
 * Each operation either succeeds or is refused with a StationError; after every step the ledger
 * must balance against the movements and the attempts, and jobs must agree with their attempts.
 */

const pick = <T>(items: readonly T[], i: number): T | undefined => (items.length ? items[i % items.length] : undefined);

type Op =
  | { kind: 'receive-blanks'; n: number }
  | { kind: 'receive-roll'; type: number }
  | { kind: 'load'; roll: number; printer: number }
  | { kind: 'unload'; roll: number; finished: boolean }
  | { kind: 'begin'; job: number; printer: number }
  | { kind: 'finish'; attempt: number; outcome: number }
  | { kind: 'resolve'; attempt: number; resolution: number }
  | { kind: 'job'; job: number; action: number }
  | { kind: 'adjust'; delta: number }
  | { kind: 'borrow'; type: number }
  | { kind: 'lend'; roll: number }
  | { kind: 'return'; loan: number; roll: number }
  | { kind: 'crash' };

const i = fc.nat(50);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('receive-blanks' as const), n: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('receive-roll' as const), type: i }),
  fc.record({ kind: fc.constant('load' as const), roll: i, printer: i }),
  fc.record({ kind: fc.constant('unload' as const), roll: i, finished: fc.boolean() }),
  { arbitrary: fc.record({ kind: fc.constant('begin' as const), job: i, printer: i }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('finish' as const), attempt: i, outcome: i }), weight: 4 },
  fc.record({ kind: fc.constant('resolve' as const), attempt: i, resolution: i }),
  fc.record({ kind: fc.constant('job' as const), job: i, action: i }),
  fc.record({ kind: fc.constant('adjust' as const), delta: fc.integer({ min: -3, max: 3 }).filter((d) => d !== 0) }),
  fc.record({ kind: fc.constant('borrow' as const), type: i }),
  fc.record({ kind: fc.constant('lend' as const), roll: i }),
  fc.record({ kind: fc.constant('return' as const), loan: i, roll: i }),
  fc.constant({ kind: 'crash' as const }),
);

const PRINTERS = [
  { id: 'p1', family: 'datacard', film: true },
  { id: 'p2', family: 'evolis', film: false },
];
const JOB_ACTIONS = ['hold', 'release', 'cancel', 'reprint', 'pass-qc', 'fail-qc'] as const;

async function jobsAgreeWithAttempts(fx: StationFixture): Promise<string[]> {
  const rows = await fx.station.db
    .selectFrom('jobs')
    .leftJoin('attempts', 'attempts.job_id', 'jobs.id')
    .select(['jobs.id', 'jobs.state as job', 'attempts.state as attempt'])
    .execute();
  const byJob = new Map<string, { job: string; attempts: string[] }>();
  for (const r of rows) {
    const e = byJob.get(r.id) ?? { job: r.job, attempts: [] };
    if (r.attempt) e.attempts.push(r.attempt);
    byJob.set(r.id, e);
  }
  const problems: string[] = [];
  for (const [id, { job, attempts }] of byJob) {
    const n = (s: string) => attempts.filter((a) => a === s).length;
    if ((job === 'printing') !== (n('printing') === 1) || n('printing') > 1) problems.push(`${id} is ${job} with ${n('printing')} printing attempts`);
    if ((job === 'in-doubt') !== (n('in-doubt') === 1) || n('in-doubt') > 1) problems.push(`${id} is ${job} with ${n('in-doubt')} in-doubt attempts`);
    if (n('printed') > 1) problems.push(`${id} has ${n('printed')} good cards`);
    if ((job === 'printed' || job === 'completed') !== (n('printed') === 1)) problems.push(`${id} is ${job} with ${n('printed')} good cards`);
  }
  return problems;
}

afterAll(() => stopTestPostgres());

describe.each(STATION_DIALECTS)('ledger and jobs under random operations on %s', (dialect) => {
  it('keep every invariant after every step', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cetak-prop-'));
    const { path } = await writeRecordsFile(dir, 8);
    const succeeded = new Map<Op['kind'], number>();
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 60 }), async (ops) => {
          const fx = await createStationFixture({ dialect });
          try {
            const s = fx.station;
            await importFile(s, fx.operator, path);
            for (const p of PRINTERS) await addPrinter(s, p.id, p.family);
            const types = [
              await defineConsumableType(s, fx.operator, { family: 'datacard', kind: 'film', nominalImages: 3 }),
              await defineConsumableType(s, fx.operator, { family: 'datacard', kind: 'ribbon', nominalImages: 4 }),
              await defineConsumableType(s, fx.operator, { family: 'evolis', kind: 'ribbon', nominalImages: 2 }),
            ];
            // Start from a working office so prints happen; the random steps then take it apart.
            await receiveBlanks(s, fx.operator, { documentNo: 'BA-0', quantity: 6 });
            for (const [t, printer] of [[0, 'p1'], [1, 'p1'], [2, 'p2']] as const) {
              const [roll] = await receiveRolls(s, fx.operator, { typeId: types[t]!, count: 1, lot: 'L0' });
              await loadRoll(s, fx.operator, { rollId: roll!, printerId: printer });
            }
            const jobs = (await s.db.selectFrom('jobs').select('id').orderBy('id').execute()).map((j) => j.id);
            for (const op of ops) {
              const rolls = await s.db.selectFrom('rolls').select(['id', 'state', 'type_id']).orderBy('id').execute();
              const attempts = (await s.db.selectFrom('attempts').select(['id', 'state']).orderBy('id').execute());
              const loans = (await s.db.selectFrom('loans').select(['id', 'direction']).where('closed_at', 'is', null).orderBy('id').execute());
              try {
                switch (op.kind) {
                  case 'receive-blanks': await receiveBlanks(s, fx.operator, { documentNo: `BA-${fx.clock.now().getTime()}-${Math.random()}`, quantity: op.n }); break;
                  case 'receive-roll': await receiveRolls(s, fx.operator, { typeId: pick(types, op.type)!, count: 1, lot: 'L' }); break;
                  case 'load': {
                    // Mostly a roll from the shelf into a printer of its family; sometimes any roll anywhere.
                    const shelf = rolls.filter((x) => x.state === 'in-stock');
                    const r = op.printer % 4 === 0 ? pick(rolls, op.roll) : pick(shelf, op.roll);
                    const printer = op.printer % 4 === 0 ? pick(PRINTERS, op.printer) : PRINTERS.find((p) => r?.type_id.startsWith(p.family));
                    if (r && printer) await loadRoll(s, fx.operator, { rollId: r.id, printerId: printer.id });
                    break;
                  }
                  case 'unload': { const r = pick(rolls.filter((x) => x.state === 'loaded'), op.roll); if (r) await unloadRoll(s, fx.operator, { rollId: r.id, finished: op.finished }); break; }
                  case 'begin': { const p = pick(PRINTERS, op.printer)!; await beginAttempt(s, { jobId: pick(jobs, op.job)!, printerId: p.id, sides: 1, needsFilm: p.film }); break; }
                  case 'finish': { const a = pick(attempts, op.attempt); if (a) await finishAttempt(s, { attemptId: a.id, outcome: pick(PRINT_OUTCOMES, op.outcome)! }); break; }
                  case 'resolve': { const a = pick(attempts, op.attempt); if (a) await resolveInDoubt(s, 'op', { attemptId: a.id, resolution: pick(RESOLUTIONS, op.resolution)!, reason: 'checked' }); break; }
                  case 'job': await applyJobAction(s, fx.supervisor, { action: pick(JOB_ACTIONS, op.action)!, jobId: pick(jobs, op.job)!, reason: 'because' }); break;
                  case 'adjust': await adjustBlanks(s, fx.supervisor, { delta: op.delta, reason: 'count' }); break;
                  case 'borrow': await borrowRolls(s, fx.operator, { counterparty: 'Kab. Kupang', typeId: pick(types, op.type)!, count: 1, lot: 'B', dueDate: '2026-12-01' }); break;
                  case 'lend': { const r = pick(rolls.filter((x) => x.state === 'in-stock'), op.roll); if (r) await lendRolls(s, fx.operator, { counterparty: 'Kab. TTS', rollIds: [r.id], dueDate: '2026-12-01' }); break; }
                  case 'return': { const l = pick(loans, op.loan); const r = pick(rolls, op.roll); if (l && r) await returnLoan(s, fx.operator, { loanId: l.id, rollIds: [r.id] }); break; }
                  case 'crash': await markInterruptedAttempts(s); break;
                }
                succeeded.set(op.kind, (succeeded.get(op.kind) ?? 0) + 1);
              } catch (error) {
                if (!isStationError(error)) throw error;
              }
              fx.clock.advanceMs(60_000);
              const problems = [...(await verifyLedger(s)), ...(await jobsAgreeWithAttempts(fx))];
              if (problems.length) throw new Error(`after ${JSON.stringify(op)}: ${problems.join('; ')}`);
            }
          } finally {
            await fx.cleanup();
          }
        }),
        { numRuns: 40 },
      );
      // The property is only worth something if the interesting steps actually happened.
      for (const kind of ['begin', 'finish', 'resolve', 'load', 'unload', 'borrow', 'return', 'adjust'] as const) {
        expect(succeeded.get(kind) ?? 0, `${kind}: ${JSON.stringify([...succeeded])}`).toBeGreaterThan(3);
      }
      for (const kind of ['job', 'lend', 'crash'] as const) expect(succeeded.get(kind) ?? 0, kind).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it('would notice a broken invariant (the check itself can fail)', async () => {
    const fx = await createStationFixture({ dialect });
    try {
      await receiveBlanks(fx.station, fx.operator, { documentNo: 'BA-1', quantity: 5 });
      await fx.station.db.updateTable('stock_balances').set({ quantity: 4 }).where('item', '=', 'blank').where('bucket', '=', 'in-stock').execute();
      expect(await verifyLedger(fx.station)).toContain('balance blank in-stock is 4 but the movements sum to 5');
    } finally {
      await fx.cleanup();
    }
  });
});
