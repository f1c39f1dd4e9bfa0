import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderBarChart } from '../../../src/domain/forecast-chart.js';
import { defaultForecastSettings } from '../../../src/station/forecast/forecast-settings.js';
import { thirtyDayPicture } from '../../../src/station/forecast/thirty-day-picture.js';
import { defineConsumableType, loadRoll, receiveBlanks, receiveRolls } from '../../../src/station/stock/stock-service.js';
import { addPrinter, createStationFixture, type StationFixture } from '../../fixtures/station-fixture.js';
import { printCards, queueJobs } from './print-history.js';

let fx: StationFixture;

beforeAll(async () => {
  fx = await createStationFixture({ start: '2026-11-02T00:00:00.000Z' }); // Monday, 08:00 WITA
  await addPrinter(fx.station, 'p1', 'evolis');
  await receiveBlanks(fx.station, fx.operator, { documentNo: 'BA-1', quantity: 100 });
  const ribbon = await defineConsumableType(fx.station, fx.operator, { family: 'evolis', kind: 'ribbon', nominalImages: 300 });
  const [roll] = await receiveRolls(fx.station, fx.operator, { typeId: ribbon, count: 1, lot: 'R1' });
  await loadRoll(fx.station, fx.operator, { rollId: roll!, printerId: 'p1' });
  await queueJobs(fx.station, 20);
  for (const [day, cards] of [['2026-11-02', 3], ['2026-11-03', 5], ['2026-11-04', 0], ['2026-11-05', 2]] as const) {
    fx.clock.set(`${day}T01:00:00.000Z`);
    await printCards(fx.station, fx.clock, { printerId: 'p1', count: cards, needsFilm: false });
  }
  fx.clock.set('2026-11-06T15:00:00.000Z'); // Friday 23:00 in Kupang
});
afterAll(async () => {
  await fx.cleanup();
});

describe('the 30-day picture', () => {
  it('gives cards per day and each level per day, ending today, with the projected run-out', async () => {
    const picture = await thirtyDayPicture(fx.station, defaultForecastSettings());
    expect(picture.days).toHaveLength(30);
    expect([picture.days[0], picture.days.at(-1)]).toEqual(['2026-10-08', '2026-11-06']);
    expect(picture.cardsPrinted.slice(-6)).toEqual([0, 3, 5, 0, 2, 0]);
    expect(picture.cardsPrinted.slice(0, -5).every((n) => n === 0)).toBe(true);
    expect(picture.blanks.levels.slice(-6)).toEqual([0, 97, 92, 92, 90, 90]);
    // 90 blanks at 2.5 a working day: 36 working days from Friday 6 November.
    expect(picture.blanks.runOutDate).toBe('2026-12-25');
    expect(picture.consumables).toEqual([
      expect.objectContaining({ id: 'evolis-ribbon', label: 'ribbon for evolis', runOutDate: expect.stringMatching(/^2027-/) }),
    ]);
    expect(picture.consumables[0]!.levels.slice(-6)).toEqual([0, 297, 292, 292, 290, 290]);
    expect(renderBarChart(picture.cardsPrinted.slice(-5), 5, 1, { ascii: true })).toEqual([':# . ']);
  });
});
