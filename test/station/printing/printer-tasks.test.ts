import { afterEach, describe, expect, it } from 'vitest';
import type { SimulatedPrinter } from '../../../hardware/sim/index.js';
import { verifyAuditLog } from '../../../src/station/audit/audit-verify.js';
import { ForecastSettings } from '../../../src/station/forecast/forecast-settings.js';
import { cardsSinceCleaning } from '../../../src/station/printing/printer-care.js';
import { resolveTestCard } from '../../../src/station/printing/test-cards.js';
import { gatherMonthlyReport } from '../../../src/station/reports/monthly-report.js';
import { verifyLedger } from '../../../src/station/stock/ledger-verify.js';
import { createRuntimeFixture, type RuntimeFixture } from '../runtime/runtime-fixture.js';

let fx: RuntimeFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

const sim = (f: RuntimeFixture, id: string) => (f.runtime.printers.get(id)!.driver as SimulatedPrinter).simulator;

async function blanks(f: RuntimeFixture): Promise<Record<string, number>> {
  const rows = await f.station.db.selectFrom('stock_balances').select(['bucket', 'quantity']).where('item', '=', 'blank').execute();
  return Object.fromEntries(rows.map((r) => [r.bucket, Number(r.quantity)]));
}

async function images(f: RuntimeFixture, rollId: string): Promise<Record<string, number>> {
  const rows = await f.station.db.selectFrom('stock_balances').select(['bucket', 'quantity']).where('item', '=', 'images').where('scope', '=', rollId).execute();
  return Object.fromEntries(rows.map((r) => [r.bucket, Number(r.quantity)]));
}

describe('test cards and cleanings on a running station', () => {
  it('prints a test card through the printer: its own blank, film and ribbon movements, category test, audited and in the monthly report', async () => {
    fx = await createRuntimeFixture({ records: 2, blanks: 10, printers: [{ id: 'f1', uri: 'sim://fargo-hdp5000?speedup=400', family: 'fargo-hdp' }] });
    const f = fx;
    const film = await f.loadNew('f1', 'fargo-hdp', 'film', 50);
    const ribbon = await f.loadNew('f1', 'fargo-hdp', 'ribbon', 50);
    await f.waitFor('both jobs printed', async () => (await f.jobStates())['printed'] === 2);
    await f.waitFor('the printer idle', async () => f.runtime.printers.get('f1')!.status?.state === 'idle' && f.runtime.printers.get('f1')!.current === null);
    const before = sim(f, 'f1').cards.length;

    await f.runtime.printerAction(f.operator, 'f1', 'test-card');
    await f.waitFor('the test card recorded', async () => (await f.station.db.selectFrom('test_cards').select('state').executeTakeFirst())?.state === 'printed');

    // The printer really printed it: one more card through the simulator, not a job's.
    expect(sim(f, 'f1').cards.length).toBe(before + 1);
    expect(await blanks(f)).toMatchObject({ 'in-stock': 7, printed: 2, spoiled: 1, printing: 0 });
    expect(await images(f, film)).toMatchObject({ remaining: 47, used: 3, 'in-use': 0 });
    expect(await images(f, ribbon)).toMatchObject({ remaining: 47, used: 3 });
    const moves = await f.station.db.selectFrom('movements').select(['item', 'from_bucket', 'to_bucket', 'reason', 'attempt_id']).where('reason', 'like', '%test card%').orderBy('audit_seq').execute();
    expect(moves.map((m) => `${m.item} ${m.from_bucket}>${m.to_bucket}`)).toEqual([
      'blank in-stock>printing', 'images remaining>in-use', 'images remaining>in-use', 'blank printing>spoiled', 'images in-use>used', 'images in-use>used',
    ]);
    expect(moves.every((m) => m.attempt_id === null)).toBe(true);
    expect(moves[3]!.reason).toMatch(/^test: test card tst_/);
    const audit = await f.station.db.selectFrom('audit_log').select(['action', 'actor']).where('action', 'like', 'printer.test-card%').orderBy('seq').execute();
    expect(audit).toEqual([{ action: 'printer.test-card', actor: 'op' }, { action: 'printer.test-card-printed', actor: 'system:dispatcher' }]);
    expect(await verifyLedger(f.station)).toEqual([]);
    expect((await verifyAuditLog(f.station)).ok).toBe(true);
    expect(f.runtime.printers.get('f1')!.cardsSinceCleaning).toBe(3);

    const month = new Date().toISOString().slice(0, 7);
    const report = await gatherMonthlyReport(f.station, { month, settings: ForecastSettings.parse({ utcOffsetMinutes: 0 }) });
    expect(report.spoiledByCategory.test).toBe(1);
    expect(report.damaged.filter((d) => d.category === 'test')).toEqual([expect.objectContaining({ maskedNik: '-', printer: 'F1' })]);
    expect(report.blanks).toMatchObject({ received: 10, printed: 2, spoiled: 1, closing: 7 });
  }, 60_000);

  it('cleans an idle printer, records it and starts the count of cards since cleaning again; refuses both on a stopped printer, saying why', async () => {
    fx = await createRuntimeFixture({ records: 3, printers: [{ id: 'e1', uri: 'sim://evolis-primacy?speedup=400', family: 'evolis' }] });
    const f = fx;
    await f.loadNew('e1', 'evolis', 'ribbon', 50);
    await f.waitFor('three printed', async () => (await f.jobStates())['printed'] === 3);
    const h = f.runtime.printers.get('e1')!;
    await f.waitFor('the printer idle', async () => h.status?.state === 'idle' && h.current === null);
    expect(h.cardsSinceCleaning).toBe(3);

    await f.runtime.printerAction(f.supervisor, 'e1', 'clean');
    await f.waitFor('the cleaning recorded', async () => (await f.station.db.selectFrom('printer_care').select('kind').where('kind', '=', 'cleaning').execute()).length === 1);
    const care = await f.station.db.selectFrom('printer_care').selectAll().execute();
    expect(care).toEqual([expect.objectContaining({ printer_id: 'e1', kind: 'cleaning', actor: 'sup', cards: 3 })]);
    expect(h.cardsSinceCleaning).toBe(0);
    expect(await cardsSinceCleaning(f.station, 'e1')).toBe(0);
    const audit = await f.station.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'printer.clean').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toEqual({ cardsSinceCleaning: 3 });
    expect((await verifyAuditLog(f.station)).ok).toBe(true);

    sim(f, 'e1').inject({ kind: 'feeder-empty' });
    await f.waitFor('the printer stopped', async () => (h.status?.reasons ?? []).includes('media-empty'));
    await expect(f.runtime.printerAction(f.supervisor, 'e1', 'clean')).rejects.toMatchObject({ code: 'printer-busy', message: expect.stringMatching(/E1 is stopped \(no blank cards in the feeder\)/) });
    await expect(f.runtime.printerAction(f.supervisor, 'e1', 'test-card')).rejects.toMatchObject({ code: 'printer-busy' });
    expect(await f.station.db.selectFrom('test_cards').selectAll().execute()).toEqual([]);
  }, 60_000);

  it('leaves a test card in doubt when the printer drops mid-card, pauses the printer, and a person settles it', async () => {
    fx = await createRuntimeFixture({ records: 0, blanks: 5, printers: [{ id: 'e1', uri: 'sim://evolis-primacy?speedup=20', family: 'evolis' }] });
    const f = fx;
    await f.loadNew('e1', 'evolis', 'ribbon', 50);
    const h = f.runtime.printers.get('e1')!;
    await f.waitFor('the printer idle', async () => h.status?.state === 'idle');
    sim(f, 'e1').inject({ kind: 'drop-mid-job' });
    await f.runtime.printerAction(f.operator, 'e1', 'test-card');
    await f.waitFor('the test card in doubt', async () => (await f.station.db.selectFrom('test_cards').select('state').executeTakeFirst())?.state === 'in-doubt', 30_000);
    expect(h.paused).toBe(true);
    expect(h.pausedReason).toMatch(/test card tst_\w+ in doubt/);
    expect(await blanks(f)).toMatchObject({ 'in-stock': 4, 'in-doubt': 1 });
    expect(await verifyLedger(f.station)).toEqual([]);
    const { id } = await f.station.db.selectFrom('test_cards').select('id').executeTakeFirstOrThrow();
    await resolveTestCard(f.station, f.supervisor.id, { testCardId: id, printed: false });
    expect(await blanks(f)).toMatchObject({ 'in-stock': 5, 'in-doubt': 0 });
    expect(await verifyLedger(f.station)).toEqual([]);
  }, 60_000);
});
