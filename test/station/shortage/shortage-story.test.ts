import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../../src/station/clock.js';
import { forecastAlerts } from '../../../src/station/forecast/forecast-alerts.js';
import { stationForecast } from '../../../src/station/forecast/forecast-service.js';
import { ForecastSettings } from '../../../src/station/forecast/forecast-settings.js';
import { stationStatus, statusExitCode } from '../../../src/station/station-status.js';
import { defineConsumableType, loadRoll, receiveBlanks, receiveRolls } from '../../../src/station/stock/stock-service.js';
import { addPrinter, createStationFixture, type StationFixture } from '../../fixtures/station-fixture.js';
import { queueJobs } from '../forecast/print-history.js';

/**
 * The seed's story from an empty station: 4,000 blanks and ribbons, no film of either family, 300
 * residents waiting, and the office expecting 200 cards a working day. Office time WITA (+8).
 */
const settings = ForecastSettings.parse({
  expectedCardsPerDay: 200,
  consumables: { 'fargo-hdp-film': { arrivesOn: '2026-11-20', safetyDays: 7 } },
});

let fx: StationFixture;
const today = () => localDate(fx.clock, settings.utcOffsetMinutes);

beforeAll(async () => {
  fx = await createStationFixture({ start: '2026-11-02T00:00:00.000Z' }); // Monday
  await addPrinter(fx.station, 'p-fargo', 'fargo-hdp');
  await addPrinter(fx.station, 'p-datacard', 'datacard');
  await receiveBlanks(fx.station, fx.operator, { documentNo: 'ALOKASI-DITJEN-2026-11', quantity: 4000 });
  for (const family of ['fargo-hdp', 'datacard']) {
    await defineConsumableType(fx.station, fx.operator, { family, kind: 'film', nominalImages: 1000 });
    const ribbon = await defineConsumableType(fx.station, fx.operator, { family, kind: 'ribbon', nominalImages: 500 });
    const [roll] = await receiveRolls(fx.station, fx.operator, { typeId: ribbon, count: 20, lot: `R-${family}` });
    await loadRoll(fx.station, fx.operator, { rollId: roll!, printerId: family === 'datacard' ? 'p-datacard' : 'p-fargo' });
  }
  await queueJobs(fx.station, 300);
});
afterAll(async () => {
  await fx.cleanup();
});

describe('the shortage, from an empty station', () => {
  it('day one: CRITICAL naming both films, with order-by dates from the expected rate', async () => {
    const f = await stationForecast(fx.station, settings);
    expect(f.printRate.perWorkingDay).toBeNull();
    expect(f.blanks).toMatchObject({ rateSource: 'expected', cover: { workingDaysOfCover: 20, runOutDate: '2026-11-27' }, advice: { belowLeadTime: false, orderByDate: '2026-11-13' } });
    const fargoFilm = f.consumables.find((c) => c.id === 'fargo-hdp-film')!;
    const datacardFilm = f.consumables.find((c) => c.id === 'datacard-film')!;
    expect(fargoFilm).toMatchObject({ onHand: 0, rateSource: 'expected', lead: { leadTimeDays: 18 }, advice: { orderNow: true, orderByDate: '2026-11-02' } });
    expect(datacardFilm).toMatchObject({ onHand: 0, rateSource: 'expected', lead: { leadTimeDays: 30 }, advice: { orderNow: true, orderByDate: '2026-11-02' } });
    expect(f.printableNow.total).toBe(0);

    const alerts = forecastAlerts(f, settings, today());
    const critical = alerts.filter((a) => a.level === 'critical').map((a) => a.message);
    expect(critical).toHaveLength(2);
    expect(critical.find((m) => m.startsWith('film for datacard'))).toContain('100/working day expected (no print history yet)');
    expect(critical.find((m) => m.startsWith('film for fargo-hdp'))).toContain('lead time 18 days: order now');
    const status = await stationStatus(fx.station, { forecast: settings });
    expect(statusExitCode(status.alerts)).toBe(2);
  });
});
