import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beginAttempt } from '../../../src/station/jobs/attempts.js';
import { localDate } from '../../../src/station/clock.js';
import { StockView } from '../../../src/api/views.js';
import { forecastAlerts } from '../../../src/station/forecast/forecast-alerts.js';
import { forecastViewFields } from '../../../src/station/forecast/forecast-view-fields.js';
import { stationForecast } from '../../../src/station/forecast/forecast-service.js';
import { ForecastSettings } from '../../../src/station/forecast/forecast-settings.js';
import { loanPosition, loanStandings } from '../../../src/station/forecast/loan-position.js';
import { verifyLedger } from '../../../src/station/stock/ledger-verify.js';
import { rollsAwaitingDestruction } from '../../../src/station/reports/rolls-custody.js';
import { stationStatus, statusExitCode } from '../../../src/station/station-status.js';
import { borrowRolls, defineConsumableType, loadRoll, receiveBlanks, receiveRolls, unloadRoll } from '../../../src/station/stock/stock-service.js';
import { addPrinter, createStationFixture, type StationFixture } from '../../fixtures/station-fixture.js';
import { printCards, queueJobs } from './print-history.js';

/**
 * Kota Kupang, replayed through the real services: 200 cards a working day on one Datacard
 * printer, film that runs short while thousands of blanks wait, and film borrowed from the
 * neighbouring office. Office time is WITA (+8): 00:00 UTC is 08:00 at the counter.
 */
const settings = ForecastSettings.parse({ consumables: { 'datacard-film': { leadTimeDays: 14, safetyDays: 7 } } });
const LENDER = 'Disdukcapil Kabupaten Kupang';

let fx: StationFixture;
let filmRoll: string;

const morning = (date: string) => fx.clock.set(`${date}T00:00:00.000Z`);
const forecast = () => stationForecast(fx.station, settings);
const today = () => localDate(fx.clock, settings.utcOffsetMinutes);
const film = async () => (await forecast()).consumables.find((c) => c.id === 'datacard-film')!;

beforeAll(async () => {
  fx = await createStationFixture({ start: '2026-11-02T00:00:00.000Z' }); // Monday
  await addPrinter(fx.station, 'p1', 'datacard');
  await receiveBlanks(fx.station, fx.operator, { documentNo: 'KEMENDAGRI-2026-117', quantity: 4200 });
  const filmType = await defineConsumableType(fx.station, fx.operator, { family: 'datacard', kind: 'film', nominalImages: 1000 });
  const ribbonType = await defineConsumableType(fx.station, fx.operator, { family: 'datacard', kind: 'ribbon', nominalImages: 1000 });
  [filmRoll] = (await receiveRolls(fx.station, fx.operator, { typeId: filmType, count: 1, lot: 'F-OLD', capacityImages: 500 })) as [string];
  const ribbons = await receiveRolls(fx.station, fx.operator, { typeId: ribbonType, count: 20, lot: 'R-2026' });
  await loadRoll(fx.station, fx.operator, { rollId: filmRoll, printerId: 'p1' });
  await loadRoll(fx.station, fx.operator, { rollId: ribbons[0]!, printerId: 'p1' });
  await queueJobs(fx.station, 1200);
});
afterAll(async () => {
  await fx.cleanup();
});

describe('the Kupang story', () => {
  it('day 1: no rate yet, so no cover alert; printable now is the film', async () => {
    const f = await forecast();
    expect(f.printRate.perWorkingDay).toBeNull();
    expect(forecastAlerts(f, settings, today())).toEqual([]);
    expect(f.printableNow).toMatchObject({ total: 500, limitedBy: 'film for datacard: 500 cards; blanks: 4,200' });
    await printCards(fx.station, fx.clock, { printerId: 'p1', count: 200 });
  });

  it('day 2: 4,000 blanks, film for 300 cards: the alert fires, names the run-out day, and says order now', async () => {
    morning('2026-11-03');
    const f = await forecast();
    expect(f.printRate.perWorkingDay).toBe(200);
    expect(f.blanks).toMatchObject({ onHand: 4000, cover: { workingDaysOfCover: 20, runOutDate: '2026-11-30' }, advice: { belowLeadTime: false } });
    const filmForecast = f.consumables.find((c) => c.id === 'datacard-film')!;
    expect(filmForecast).toMatchObject({ onHand: 300, cover: { workingDaysOfCover: 1.5, runOutDate: '2026-11-04', calendarDaysOfCover: 1 }, advice: { belowLeadTime: true, orderByDate: '2026-11-03', orderNow: true }, toOrder: 7100 });
    expect(f.printableNow).toMatchObject({ total: 300, limitedBy: 'film for datacard: 300 cards; blanks: 4,000' });
    expect(f.queue).toEqual({ cards: 1000, shortBy: 700 });
    const view = forecastViewFields(f);
    expect(view.blanks).toEqual({ daysOfCover: 20, belowLeadTime: false });
    expect(view.consumables).toEqual({ 'datacard-film': { daysOfCover: 1.5, belowLeadTime: true }, 'datacard-ribbon': { daysOfCover: 99, belowLeadTime: false } });
    expect(StockView.shape.printableNow.parse(view.printableNow)).toEqual(view.printableNow);

    const alerts = forecastAlerts(f, settings, today());
    expect(alerts).toEqual([
      {
        level: 'critical',
        code: 'order-consumable',
        message: 'film for datacard: 300 on hand runs out about 2026-11-04 (1.5 working days at 200/working day); lead time 14 days: order now: film for datacard (8 roll(s), 7,100 images)',
      },
    ]);
    const status = await stationStatus(fx.station, { forecast: settings });
    expect(status.alerts).toContainEqual(alerts[0]);
    expect(statusExitCode(status.alerts)).toBe(2);
    await printCards(fx.station, fx.clock, { printerId: 'p1', count: 200 });
  });

  it('day 3: the film runs out on the day the forecast named, with thousands of blanks left', async () => {
    morning('2026-11-04');
    await printCards(fx.station, fx.clock, { printerId: 'p1', count: 100 });
    const next = await fx.station.db.selectFrom('jobs').select('id').where('state', '=', 'queued').orderBy('id').executeTakeFirstOrThrow();
    await expect(beginAttempt(fx.station, { jobId: next.id, printerId: 'p1', sides: 1, needsFilm: true })).rejects.toMatchObject({ code: 'roll-empty' });
    expect(today()).toBe('2026-11-04');
    expect((await forecast()).printableNow).toMatchObject({ total: 0, limitedBy: 'film for datacard: 0 cards; blanks: 3,700' });
  });

  it('borrowing five rolls clears the alert, while the loan shows as owed', async () => {
    expect(await unloadRoll(fx.station, fx.operator, { rollId: filmRoll })).toBe('awaiting-destruction');
    const { rollIds } = await borrowRolls(fx.station, fx.operator, { counterparty: LENDER, typeId: 'datacard-film', count: 5, lot: 'PINJAM-1', dueDate: '2026-12-31' });
    await loadRoll(fx.station, fx.operator, { rollId: rollIds[0]!, printerId: 'p1' });

    const f = await forecast();
    expect(forecastAlerts(f, settings, today())).toEqual([]);
    expect((await film()).advice.belowLeadTime).toBe(false);
    expect(f.printableNow).toMatchObject({ total: 3700, limitedBy: 'blanks: 3,700' });
    const status = await stationStatus(fx.station, { forecast: settings });
    expect(status.alerts).toEqual([]);
    expect(statusExitCode(status.alerts)).toBe(0);
    expect(status.stock.openLoans).toMatchObject([{ direction: 'borrowed', counterparty: LENDER, typeId: 'datacard-film', rolls: 5, overdue: false }]);

    const position = await loanPosition(fx.station, today());
    expect(position.types.find((t) => t.typeId === 'datacard-film')).toEqual({
      typeId: 'datacard-film',
      family: 'datacard',
      kind: 'film',
      ownImagesOnHand: 0,
      borrowedImagesOnHand: 5000,
      rollsWeOwe: 5,
      rollsOwedToUs: 0,
    });

    await printCards(fx.station, fx.clock, { printerId: 'p1', count: 10 });
    expect(await verifyLedger(fx.station)).toEqual([]);
  });

  it('keeps the used roll in custody with the count of cards it printed', async () => {
    expect(await rollsAwaitingDestruction(fx.station, settings.utcOffsetMinutes)).toEqual([
      { rollId: filmRoll, typeId: 'datacard-film', lot: 'F-OLD', since: '2026-11-04', cardsPrinted: 500 },
    ]);
  });

  it('counts nothing for Datacard stock when its only printer is broken, and says so', async () => {
    const f = await stationForecast(fx.station, settings, { workingFamilies: [] });
    expect(f.printableNow.total).toBe(0);
    expect(f.printableNow.perFamily).toEqual([
      { family: 'datacard', cards: 0, limitedBy: 'no working printer', note: 'no working datacard printer: 4,990 film and 19,490 ribbon images on hand cannot be used' },
    ]);
  });

  it('raises the overdue loan: what we owe and to whom', async () => {
    morning('2027-01-04');
    const status = await stationStatus(fx.station, { forecast: settings });
    expect(status.alerts.filter((a) => a.code === 'loan-overdue')).toHaveLength(1);
    const f = await forecast();
    const alerts = forecastAlerts(f, settings, today(), await loanStandings(fx.station, today()));
    expect(alerts).toContainEqual({ level: 'warning', code: 'loan-overdue', message: `we owe ${LENDER} 5 datacard-film roll(s), due 2026-12-31: return them or agree a new date` });
  });
});
