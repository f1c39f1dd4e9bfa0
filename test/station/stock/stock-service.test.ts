import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../../src/station/stock/ledger-verify.js';
import {
  adjustBlanks, borrowRolls, defineConsumableType, lendRolls, loadRoll, receiveBlanks, receiveRolls, recordDestruction, returnLoan, unloadRoll,
} from '../../../src/station/stock/stock-service.js';
import { stockSummary } from '../../../src/station/stock/stock-summary.js';
import { addPrinter, createStationFixture, STATION_DIALECTS, stopTestPostgres, type StationFixture } from '../../fixtures/station-fixture.js';

afterAll(() => stopTestPostgres());

describe.each(STATION_DIALECTS)('stock on %s', (dialect) => {
  let fx: StationFixture;
  let filmType: string;

  beforeEach(async () => {
    fx = await createStationFixture({ dialect });
    await addPrinter(fx.station, 'p1', 'fargo-hdp');
    await addPrinter(fx.station, 'p2', 'datacard');
    filmType = await defineConsumableType(fx.station, fx.operator, { family: 'fargo-hdp', kind: 'film', nominalImages: 500 });
  });
  afterEach(() => fx.cleanup());

  const rollState = async (id: string) => (await fx.station.db.selectFrom('rolls').select(['state', 'printer_id']).where('id', '=', id).executeTakeFirstOrThrow());

    it('refuses a second batch with the same document number', async () => {
      await receiveBlanks(fx.station, fx.operator, { documentNo: 'BA-7', quantity: 100 });
      await expect(receiveBlanks(fx.station, fx.operator, { documentNo: 'BA-7', quantity: 100 })).rejects.toMatchObject({ code: 'stock-duplicate-document' });
      expect((await stockSummary(fx.station, '2026-11-02')).blanks).toMatchObject({ received: 100, inStock: 100 });
    });

    it('loads a roll into one printer of its own family only', async () => {
      const [a, b] = (await receiveRolls(fx.station, fx.operator, { typeId: filmType, count: 2, lot: 'F1' })) as [string, string];
      await expect(loadRoll(fx.station, fx.operator, { rollId: a, printerId: 'p2' })).rejects.toMatchObject({ code: 'stock-wrong-family' });
      await loadRoll(fx.station, fx.operator, { rollId: a, printerId: 'p1' });
      expect(await rollState(a)).toEqual({ state: 'loaded', printer_id: 'p1' });
      await expect(loadRoll(fx.station, fx.operator, { rollId: b, printerId: 'p1' })).rejects.toMatchObject({ code: 'stock-printer-occupied' });
      await expect(loadRoll(fx.station, fx.operator, { rollId: a, printerId: 'p1' })).rejects.toMatchObject({ code: 'stock-roll-state' });
      expect(await unloadRoll(fx.station, fx.operator, { rollId: a })).toBe('in-stock');
      expect(await unloadRoll(fx.station, fx.operator, { rollId: a }).catch((e: { code: string }) => e.code)).toBe('stock-roll-state');
    });

    it('keeps a finished roll in custody until a supervisor records its destruction with a witness', async () => {
      const [a] = (await receiveRolls(fx.station, fx.operator, { typeId: filmType, count: 1, lot: 'F1' })) as [string];
      await loadRoll(fx.station, fx.operator, { rollId: a, printerId: 'p1' });
      expect(await unloadRoll(fx.station, fx.operator, { rollId: a, finished: true })).toBe('awaiting-destruction');
      const destroy = { rollIds: [a], method: 'shredded', witness: 'KEPALA DINAS', date: '2026-11-30' };
      await expect(recordDestruction(fx.station, fx.operator, destroy)).rejects.toMatchObject({ code: 'not-permitted' });
      await expect(recordDestruction(fx.station, fx.supervisor, { ...destroy, witness: ' ' })).rejects.toMatchObject({ code: 'stock-destruction-incomplete' });
      await recordDestruction(fx.station, fx.supervisor, destroy);
      expect((await rollState(a)).state).toBe('destroyed');
      expect(await verifyLedger(fx.station)).toEqual([]);
    });

    it('tracks borrowed film as ours to use but owed, until the same number of rolls goes back', async () => {
      const { loanId, rollIds } = await borrowRolls(fx.station, fx.operator, { counterparty: 'Disdukcapil Kab. Kupang', typeId: filmType, count: 5, lot: 'B1', dueDate: '2026-12-15' });
      let s = await stockSummary(fx.station, '2026-11-02');
      expect(s.types[0]).toMatchObject({ imagesOnHand: 2500, rollsBorrowed: 5 });
      expect(s.openLoans).toMatchObject([{ id: loanId, direction: 'borrowed', rolls: 5, overdue: false }]);
      expect((await stockSummary(fx.station, '2026-12-16')).openLoans[0]!.overdue).toBe(true);
      await expect(returnLoan(fx.station, fx.operator, { loanId, rollIds: [...rollIds, rollIds[0]!] })).rejects.toMatchObject({ code: 'loan-over-returned' });
      expect(await returnLoan(fx.station, fx.operator, { loanId, rollIds: rollIds.slice(0, 2) })).toEqual({ settled: 2, open: 3 });
      expect(await returnLoan(fx.station, fx.operator, { loanId, rollIds: rollIds.slice(2) })).toEqual({ settled: 5, open: 0 });
      s = await stockSummary(fx.station, '2026-11-02');
      expect(s.openLoans).toEqual([]);
      expect(s.types[0]!.imagesOnHand).toBe(0);
      expect(await verifyLedger(fx.station)).toEqual([]);
    });

    it('settles a loan we gave with equivalent new rolls', async () => {
      const mine = await receiveRolls(fx.station, fx.operator, { typeId: filmType, count: 2, lot: 'F1' });
      const loanId = await lendRolls(fx.station, fx.operator, { counterparty: 'Kab. TTS', rollIds: mine, dueDate: '2026-12-01' });
      expect((await stockSummary(fx.station, '2026-11-02')).types[0]).toMatchObject({ imagesOnHand: 0, rollsLentOut: 2 });
      expect(await returnLoan(fx.station, fx.operator, { loanId, equivalent: { count: 2, lot: 'NEW' } })).toEqual({ settled: 2, open: 0 });
      expect((await stockSummary(fx.station, '2026-11-02')).types[0]).toMatchObject({ imagesOnHand: 1000, rollsLentOut: 0 });
      expect(await verifyLedger(fx.station)).toEqual([]);
    });

    it('lets only a supervisor adjust, with a reason, and never below zero', async () => {
      await receiveBlanks(fx.station, fx.operator, { documentNo: 'BA-1', quantity: 3 });
      await expect(adjustBlanks(fx.station, fx.operator, { delta: -1, reason: 'count' })).rejects.toMatchObject({ code: 'not-permitted' });
      await expect(adjustBlanks(fx.station, fx.supervisor, { delta: -1, reason: '' })).rejects.toMatchObject({ code: 'stock-reason-required' });
      await expect(adjustBlanks(fx.station, fx.supervisor, { delta: -4, reason: 'count' })).rejects.toMatchObject({ code: 'stock-negative' });
      await adjustBlanks(fx.station, fx.supervisor, { delta: -1, reason: 'damaged in transit' });
      expect((await stockSummary(fx.station, '2026-11-02')).blanks).toMatchObject({ received: 3, inStock: 2, writtenOff: 1 });
      expect(await verifyLedger(fx.station)).toEqual([]);
    });

    it('lets a technician load rolls but not move stock', async () => {
      await expect(receiveBlanks(fx.station, fx.technician, { documentNo: 'X', quantity: 1 })).rejects.toMatchObject({ code: 'not-permitted' });
    });

    it('finds a movement edited behind its back', async () => {
      await receiveBlanks(fx.station, fx.operator, { documentNo: 'BA-1', quantity: 100 });
      await fx.station.db.updateTable('movements').set({ quantity: 90 }).where('item', '=', 'blank').execute();
      expect(await verifyLedger(fx.station)).toEqual([
        'balance blank supplier is -100 but the movements sum to -90',
        'balance blank in-stock is 100 but the movements sum to 90',
      ]);
    });
});

describe('a roll with a card on it', () => {
  it('cannot be unloaded while a card printing or in doubt holds its images', async () => {
    const fx2 = await createStationFixture();
    try {
      const { beginAttempt, resolveInDoubt, markInterruptedAttempts } = await import('../../../src/station/jobs/attempts.js');
      const { importFile } = await import('../../../src/station/import/import-file.js');
      const { writeRecordsFile } = await import('../../fixtures/records-fixture.js');
      const { mkdtemp } = await import('node:fs/promises');
      const dir = await mkdtemp(join(tmpdir(), 'cetak-unload-'));
      await importFile(fx2.station, fx2.operator, (await writeRecordsFile(dir, 1)).path);
      await addPrinter(fx2.station, 'e1', 'evolis');
      await receiveBlanks(fx2.station, fx2.operator, { documentNo: 'BA', quantity: 2 });
      const type = await defineConsumableType(fx2.station, fx2.operator, { family: 'evolis', kind: 'ribbon', nominalImages: 1 });
      const [roll] = (await receiveRolls(fx2.station, fx2.operator, { typeId: type, count: 1, lot: 'L' })) as [string];
      await loadRoll(fx2.station, fx2.operator, { rollId: roll, printerId: 'e1' });
      const job = await fx2.station.db.selectFrom('jobs').select('id').executeTakeFirstOrThrow();
      const attempt = await beginAttempt(fx2.station, { jobId: job.id, printerId: 'e1', sides: 1, needsFilm: false });
      await markInterruptedAttempts(fx2.station);
      await expect(unloadRoll(fx2.station, fx2.operator, { rollId: roll })).rejects.toMatchObject({ code: 'stock-roll-in-use' });
      await resolveInDoubt(fx2.station, 'op', { attemptId: attempt!.attemptId, resolution: 'not-printed' });
      expect(await unloadRoll(fx2.station, fx2.operator, { rollId: roll })).toBe('in-stock');
      expect(await verifyLedger(fx2.station)).toEqual([]);
    } finally {
      await fx2.cleanup();
    }
  });
});
