import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../../src/station/audit/audit-verify.js';
import { createRuntimeFixture, type RuntimeFixture } from '../runtime/runtime-fixture.js';

let fx: RuntimeFixture | undefined;
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});

describe('refilling a printer\'s feeder', () => {
  it('is recorded and audited, fills the simulated feeder, and the queue moves on', async () => {
    fx = await createRuntimeFixture({ records: 5, blanks: 200, printers: [{ id: 'e1', uri: 'sim://datacard-cd800?speedup=400&cards=3', family: 'datacard' }] });
    const f = fx;
    await f.loadNew('e1', 'datacard', 'ribbon', 50);
    const h = f.runtime.printers.get('e1')!;
    await f.waitFor('the feeder empty after three cards', async () => (await f.jobStates())['printed'] === 3 && (h.status?.reasons ?? []).includes('media-empty'));
    await f.waitFor('the printer to say why it waits', async () => h.waitingReason === 'printer stopped: no blank cards in the feeder');

    // More than the feeder holds, or more than the stock has, is refused with the figures.
    await expect(f.runtime.printerAction(f.operator, 'e1', 'refill', { count: 101 })).rejects.toMatchObject({ code: 'feeder-too-small', message: expect.stringContaining('holds 100 blanks and has 0: 101 do not fit, at most 100') });

    await f.runtime.printerAction(f.operator, 'e1', 'refill', { count: 40 });
    await f.waitFor('all five printed', async () => (await f.jobStates())['printed'] === 5);
    await f.waitFor('the printer reports its feeder', async () => h.status?.feederCards === 38);
    const care = await f.station.db.selectFrom('printer_care').select(['kind', 'cards', 'actor']).execute();
    expect(care).toEqual([{ kind: 'refill', cards: 40, actor: 'op' }]);
    const audit = await f.station.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'printer.refill').execute();
    expect(audit.map((a) => JSON.parse(a.details))).toEqual([{ cards: 40 }]);

    // Without a count the feeder is filled up to its size.
    await f.runtime.printerAction(f.operator, 'e1', 'refill');
    await f.waitFor('a full feeder', async () => h.status?.feederCards === 100);
    expect((await f.station.db.selectFrom('printer_care').select('cards').orderBy('at').execute()).map((r) => r.cards)).toEqual([40, 62]);
    await expect(f.runtime.printerAction(f.operator, 'e1', 'refill')).rejects.toMatchObject({ code: 'feeder-full' });
    expect((await verifyAuditLog(f.station)).ok).toBe(true);
  }, 60_000);

  it('refuses more blanks than the stock holds', async () => {
    fx = await createRuntimeFixture({ records: 0, blanks: 10, printers: [{ id: 'e1', uri: 'sim://evolis-primacy?speedup=400&cards=0', family: 'evolis' }] });
    const f = fx;
    await f.waitFor('the printer polled', async () => f.runtime.printers.get('e1')!.status !== null);
    await expect(f.runtime.printerAction(f.operator, 'e1', 'refill', { count: 20 })).rejects.toMatchObject({ code: 'no-blanks', message: expect.stringContaining('only 10 blank(s) in stock') });
  }, 30_000);
});

describe('the demo at the feeders', () => {
  it('refills an empty simulated feeder after the prompt has stood unanswered, so the demo does not end stuck', async () => {
    const { startDemoFeeder } = await import('../../../src/station/demo/demo-feeder.js');
    fx = await createRuntimeFixture({ records: 5, blanks: 50, printers: [{ id: 'd1', uri: 'sim://datacard-cd800?speedup=400&cards=2', family: 'datacard' }] });
    const f = fx;
    await f.loadNew('d1', 'datacard', 'ribbon', 50);
    const stop = startDemoFeeder(f.runtime, f.operator, { afterMs: 300, everyMs: 50 });
    try {
      await f.waitFor('all five printed', async () => (await f.jobStates())['printed'] === 5);
    } finally {
      stop();
    }
    const care = await f.station.db.selectFrom('printer_care').select(['kind', 'cards', 'actor']).execute();
    expect(care).toEqual([{ kind: 'refill', cards: 48, actor: 'op' }]);
    expect(f.runtime.lastEvent?.text ?? '').not.toMatch(/could not refill/);
  }, 60_000);
});
