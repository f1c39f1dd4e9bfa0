import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { beginAttempt, finishAttempt, markInterruptedAttempts, resolveInDoubt } from '../../../src/station/jobs/attempts.js';
import { importFile } from '../../../src/station/import/import-file.js';
import { applyJobAction } from '../../../src/station/jobs/job-actions.js';
import { verifyLedger } from '../../../src/station/stock/ledger-verify.js';
import { balanceOf } from '../../../src/station/stock/stock-ledger.js';
import { defineConsumableType, loadRoll, receiveBlanks, receiveRolls } from '../../../src/station/stock/stock-service.js';
import { writeTransaction } from '../../../db/index.js';
import { writeRecordsFile } from '../../fixtures/records-fixture.js';
import { addPrinter, createStationFixture, STATION_DIALECTS, stopTestPostgres, type StationFixture } from '../../fixtures/station-fixture.js';

afterAll(() => stopTestPostgres());

describe.each(STATION_DIALECTS)('attempts on %s', (dialect) => {
  let fx: StationFixture;
  let dir: string;
  let jobs: string[];
  let film: string;
  let ribbon: string;

  beforeEach(async () => {
    fx = await createStationFixture({ dialect });
    dir = await mkdtemp(join(tmpdir(), 'cetak-attempts-'));
    const { path } = await writeRecordsFile(dir, 4);
    await importFile(fx.station, fx.operator, path);
    jobs = (await fx.station.db.selectFrom('jobs').select('id').orderBy('id').execute()).map((j) => j.id);
    await addPrinter(fx.station, 'p1', 'datacard');
    await receiveBlanks(fx.station, fx.operator, { documentNo: 'BA-1', quantity: 10 });
    const filmType = await defineConsumableType(fx.station, fx.operator, { family: 'datacard', kind: 'film', nominalImages: 3 });
    const ribbonType = await defineConsumableType(fx.station, fx.operator, { family: 'datacard', kind: 'ribbon', nominalImages: 100 });
    [film] = (await receiveRolls(fx.station, fx.operator, { typeId: filmType, count: 1, lot: 'F1' })) as [string];
    [ribbon] = (await receiveRolls(fx.station, fx.operator, { typeId: ribbonType, count: 1, lot: 'R1' })) as [string];
    await loadRoll(fx.station, fx.operator, { rollId: film, printerId: 'p1' });
    await loadRoll(fx.station, fx.operator, { rollId: ribbon, printerId: 'p1' });
  });
  afterEach(async () => {
    await fx.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  const db = () => fx.station.db;
  const jobState = async (id: string) => (await db().selectFrom('jobs').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;
  const blanks = async (bucket: string) => db().transaction().execute((trx) => balanceOf(trx, 'blank', '', bucket));
  const images = async (roll: string, bucket: string) => db().transaction().execute((trx) => balanceOf(trx, 'images', roll, bucket));

    it('commits printing with its blank and images before any byte, and settles a printed card in one go', async () => {
      const began = await beginAttempt(fx.station, { jobId: jobs[0]!, printerId: 'p1', sides: 1, needsFilm: true });
      expect(began).toMatchObject({ filmRollId: film, ribbonRollId: ribbon });
      expect(await jobState(jobs[0]!)).toBe('printing');
      expect(await blanks('printing')).toBe(1);
      expect(await images(film, 'in-use')).toBe(1);
      await finishAttempt(fx.station, { attemptId: began!.attemptId, outcome: 'printed' });
      expect(await jobState(jobs[0]!)).toBe('printed');
      expect([await blanks('printed'), await blanks('in-stock')]).toEqual([1, 9]);
      expect([await images(film, 'used'), await images(film, 'remaining'), await images(ribbon, 'used')]).toEqual([1, 2, 1]);
      expect(await verifyLedger(fx.station)).toEqual([]);
    });

    it('puts a not-consumed card back in the queue with its blank and images', async () => {
      const began = await beginAttempt(fx.station, { jobId: jobs[0]!, printerId: 'p1', sides: 1, needsFilm: true });
      await finishAttempt(fx.station, { attemptId: began!.attemptId, outcome: 'not-consumed', reasons: ['media-empty'] });
      expect(await jobState(jobs[0]!)).toBe('queued');
      expect([await blanks('in-stock'), await images(film, 'remaining')]).toEqual([10, 3]);
      expect(await verifyLedger(fx.station)).toEqual([]);
    });

    it('keeps an unknown outcome in doubt until a person resolves it, and never requeues it by itself', async () => {
      const began = await beginAttempt(fx.station, { jobId: jobs[0]!, printerId: 'p1', sides: 1, needsFilm: true });
      await finishAttempt(fx.station, { attemptId: began!.attemptId, outcome: 'unknown' });
      expect(await jobState(jobs[0]!)).toBe('in-doubt');
      expect(await beginAttempt(fx.station, { jobId: jobs[0]!, printerId: 'p1', sides: 1, needsFilm: true })).toBeNull();
      expect(await blanks('in-doubt')).toBe(1);
      await expect(resolveInDoubt(fx.station, 'op', { attemptId: began!.attemptId, resolution: 'spoiled' })).rejects.toMatchObject({ code: 'job-reason-required' });
      await resolveInDoubt(fx.station, 'op', { attemptId: began!.attemptId, resolution: 'spoiled', reason: 'laminate peeled' });
      expect(await jobState(jobs[0]!)).toBe('spoiled');
      expect([await blanks('spoiled'), await images(film, 'used')]).toEqual([1, 1]);
      await applyJobAction(fx.station, fx.operator, { action: 'reprint', jobId: jobs[0]!, reason: 'laminate peeled' });
      expect(await jobState(jobs[0]!)).toBe('queued');
      expect(await verifyLedger(fx.station)).toEqual([]);
    });

    it('marks attempts left printing by a crash as in doubt at start', async () => {
      const a = await beginAttempt(fx.station, { jobId: jobs[0]!, printerId: 'p1', sides: 1, needsFilm: true });
      const b = await beginAttempt(fx.station, { jobId: jobs[1]!, printerId: 'p1', sides: 1, needsFilm: true });
      expect(await markInterruptedAttempts(fx.station)).toBe(2);
      expect([await jobState(jobs[0]!), await jobState(jobs[1]!)]).toEqual(['in-doubt', 'in-doubt']);
      await expect(finishAttempt(fx.station, { attemptId: a!.attemptId, outcome: 'printed' })).rejects.toMatchObject({ code: 'attempt-state-changed' });
      await resolveInDoubt(fx.station, 'op', { attemptId: b!.attemptId, resolution: 'not-printed' });
      expect(await jobState(jobs[1]!)).toBe('queued');
      expect(await verifyLedger(fx.station)).toEqual([]);
    });

    it('waits with a reason when the film is used up, writing nothing', async () => {
      for (const job of jobs.slice(0, 3)) {
        const began = await beginAttempt(fx.station, { jobId: job, printerId: 'p1', sides: 1, needsFilm: true });
        await finishAttempt(fx.station, { attemptId: began!.attemptId, outcome: 'printed' });
      }
      await expect(beginAttempt(fx.station, { jobId: jobs[3]!, printerId: 'p1', sides: 1, needsFilm: true })).rejects.toMatchObject({
        code: 'roll-empty',
        message: 'film for datacard on P1 is used up (0 images left)',
      });
      expect(await jobState(jobs[3]!)).toBe('queued');
      expect(await verifyLedger(fx.station)).toEqual([]);
    });

    it('has the database refuse a second live attempt or a second good card for one job', async () => {
      const began = await beginAttempt(fx.station, { jobId: jobs[0]!, printerId: 'p1', sides: 1, needsFilm: true });
      const row = (id: string, state: string) => ({ id, job_id: jobs[0]!, printer_id: 'p1', station_id: 'ws-test', state, sides: 1, film_roll_id: null, ribbon_roll_id: null, started_at: 'x', finished_at: null, reason: null, resolved_by: null });
      await expect(db().insertInto('attempts').values(row('att_x', 'printing')).execute()).rejects.toThrow(/UNIQUE|unique constraint/);
      await finishAttempt(fx.station, { attemptId: began!.attemptId, outcome: 'printed' });
      await expect(db().insertInto('attempts').values(row('att_y', 'printed')).execute()).rejects.toThrow(/UNIQUE|unique constraint/);
      await expect(writeTransaction(db(), (trx) => trx.updateTable('stock_balances').set({ quantity: -1 }).where('item', '=', 'blank').where('bucket', '=', 'in-stock').execute())).rejects.toThrow(/CHECK|check constraint/);
    });

    it('moves a printed card that fails quality control to spoiled, with its blank', async () => {
      const began = await beginAttempt(fx.station, { jobId: jobs[0]!, printerId: 'p1', sides: 1, needsFilm: true });
      await finishAttempt(fx.station, { attemptId: began!.attemptId, outcome: 'printed' });
      await applyJobAction(fx.station, fx.operator, { action: 'fail-qc', jobId: jobs[0]!, reason: 'photo smeared' });
      expect(await jobState(jobs[0]!)).toBe('spoiled');
      expect([await blanks('printed'), await blanks('spoiled')]).toEqual([0, 1]);
      expect(await verifyLedger(fx.station)).toEqual([]);
    });
});
