import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForecastSettings } from '../../../src/station/forecast/forecast-settings.js';
import { gatherMonthlyReport } from '../../../src/station/reports/monthly-report.js';
import { blankLoanStandings, borrowBlanks, lendBlanks, settleBlankLoan } from '../../../src/station/shortage/blank-loans.js';
import { addDirectoryEntry, directoryListing } from '../../../src/station/shortage/directory.js';
import { blanksAtSubUnits, distributeBlanks, returnDistributedBlanks } from '../../../src/station/shortage/distribution.js';
import { verifyLedger } from '../../../src/station/stock/ledger-verify.js';
import { receiveBlanks } from '../../../src/station/stock/stock-service.js';
import { stockSummary } from '../../../src/station/stock/stock-summary.js';
import { createStationFixture, type StationFixture } from '../../fixtures/station-fixture.js';

const settings = ForecastSettings.parse({});
let fx: StationFixture;

beforeAll(async () => {
  fx = await createStationFixture({ start: '2026-11-02T01:00:00.000Z' });
  await receiveBlanks(fx.station, fx.operator, { documentNo: 'ALOKASI-11', quantity: 1000 });
  await addDirectoryEntry(fx.station, fx.operator, { name: 'UPT Alak', kind: 'sub-unit' });
});
afterAll(async () => {
  await fx.cleanup();
});

describe('blanks lent, borrowed and distributed', () => {
  it('keeps the blank identity through a loan each way and a distribution to a sub-unit', async () => {
    const borrowed = await borrowBlanks(fx.station, fx.operator, { counterparty: 'Disdukcapil Kabupaten Kupang', quantity: 300, documentNo: '470/88/2026', dueDate: '2026-12-31' });
    const lent = await lendBlanks(fx.station, fx.operator, { counterparty: 'Disdukcapil Kabupaten Rote Ndao', quantity: 100, documentNo: '470/91/2026', dueDate: '2026-11-30' });
    await distributeBlanks(fx.station, fx.operator, { subUnit: 'upt alak', quantity: 250 });
    await returnDistributedBlanks(fx.station, fx.operator, { subUnit: 'UPT Alak', quantity: 50 });
    expect(await verifyLedger(fx.station)).toEqual([]);
    expect((await stockSummary(fx.station, '2026-11-02')).blanks).toMatchObject({ received: 1000, borrowed: 300, inStock: 1000, distributed: 200, lentOut: 100, repaid: 0 });
    expect(await blanksAtSubUnits(fx.station.db)).toEqual([{ location: 'UPT Alak', blanks: 200 }]);

    await settleBlankLoan(fx.station, fx.operator, { loanId: lent, quantity: 100 });
    expect(await settleBlankLoan(fx.station, fx.operator, { loanId: borrowed, quantity: 120 })).toEqual({ settled: 120, open: 180 });
    expect(await verifyLedger(fx.station)).toEqual([]);
    const standings = await blankLoanStandings(fx.station, '2026-11-02');
    expect(standings.map((l) => [l.direction, l.open, l.closedAt !== null])).toEqual([
      ['lent', 0, true],
      ['borrowed', 180, false],
    ]);
    const kab = (await directoryListing(fx.station, '2026-11-02')).find((e) => e.name === 'Disdukcapil Kabupaten Kupang')!;
    expect(kab).toMatchObject({ kind: 'office', lentToUs: [{ what: 'blanks', units: 300 }], weOwe: [{ what: 'blanks', units: 180 }], owesUs: [] });

    const report = await gatherMonthlyReport(fx.station, { month: '2026-11', settings });
    // 1,000 received + 300 borrowed + 100 back − 100 lent − 120 repaid; the sub-unit's 200 stay in.
    expect(report.blanks).toMatchObject({ opening: 0, received: 1000, loansIn: 400, loansOut: 220, closing: 1180 });
  });

  it('refuses what is not ours to give, naming it', async () => {
    await expect(distributeBlanks(fx.station, fx.operator, { subUnit: 'Disdukcapil Kabupaten Kupang', quantity: 1 })).rejects.toThrow('"Disdukcapil Kabupaten Kupang" is an office, not one of our sub-units: lend blanks to it instead');
    await expect(returnDistributedBlanks(fx.station, fx.operator, { subUnit: 'UPT Alak', quantity: 201 })).rejects.toThrow('UPT Alak holds 200 blanks, 201 asked back');
    await expect(lendBlanks(fx.station, fx.operator, { counterparty: 'X', quantity: 5000, documentNo: 'd', dueDate: '2026-12-01' })).rejects.toThrow(/not enough blanks in-stock/);
    expect(await verifyLedger(fx.station)).toEqual([]);
  });
});
