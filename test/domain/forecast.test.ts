import { describe, expect, it } from 'vitest';
import {
  addDays,
  buildForecast,
  coverOf,
  isWorkingDay,
  orderAdvice,
  printableNow,
  printRate,
  quantityToOrder,
  type DailySeries,
  type ItemForecastInput,
  type WorkingCalendar,
} from '../../src/domain/forecast.js';

const MON_FRI: WorkingCalendar = { workingWeekdays: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: [] };
const TODAY = '2026-11-30'; // a Monday

/** `perDay` cards on every working day from `from` to the day before `to`. */
function history(from: string, to: string, perDay: number, calendar = MON_FRI, extra: Record<string, number> = {}): DailySeries {
  const series = new Map<string, number>();
  for (let d = from; d < to; d = addDays(d, 1)) if (isWorkingDay(d, calendar)) series.set(d, perDay);
  for (const [d, n] of Object.entries(extra)) series.set(d, n);
  return series;
}

const rateOf = (series: DailySeries, options: { calendar?: WorkingCalendar; historyStart?: string } = {}) =>
  printRate(series, { today: TODAY, calendar: options.calendar ?? MON_FRI, windowWorkingDays: 20, historyStart: options.historyStart ?? '2026-10-01' });

describe('print rate over working days', () => {
  it('averages a steady 200 a day over the last 20 working days, leaving today out', () => {
    const rate = rateOf(history('2026-10-05', TODAY, 200, MON_FRI, { [TODAY]: 57 }));
    expect(rate).toEqual({ perWorkingDay: 200, windowWorkingDays: 20, from: '2026-11-02', to: '2026-11-29', total: 4000 });
  });

  it('does not count weekends in the divisor, but counts cards printed on a Saturday', () => {
    expect(rateOf(history('2026-10-05', TODAY, 200)).perWorkingDay).toBe(200);
    const overtime = rateOf(history('2026-10-05', TODAY, 200, MON_FRI, { '2026-11-21': 100 }));
    expect(overtime.perWorkingDay).toBe(205);
  });

  it('skips holidays, reaching one working day further back', () => {
    const calendar = { ...MON_FRI, holidays: ['2026-11-25'] };
    const rate = rateOf(history('2026-10-05', TODAY, 200, calendar), { calendar });
    expect(rate).toMatchObject({ perWorkingDay: 200, windowWorkingDays: 20, from: '2026-10-30' });
  });

  it('averages a burst into the window: 19 days of 200 and one of 1,000 give 240', () => {
    const rate = rateOf(history('2026-10-05', TODAY, 200, MON_FRI, { '2026-11-18': 1000 }));
    expect(rate.perWorkingDay).toBe(240);
  });

  it('averages a new station over the days it has, and has no rate before its first day is over', () => {
    const series = history('2026-11-19', TODAY, 200);
    expect(rateOf(series, { historyStart: '2026-11-19' })).toMatchObject({ perWorkingDay: 200, windowWorkingDays: 7, from: '2026-11-19' });
    expect(rateOf(new Map([[TODAY, 80]]), { historyStart: TODAY })).toMatchObject({ perWorkingDay: null, windowWorkingDays: 0 });
    expect(printRate(new Map(), { today: TODAY, calendar: MON_FRI, windowWorkingDays: 20, historyStart: null }).perWorkingDay).toBeNull();
  });
});

describe('cover, run-out and order-by dates', () => {
  it('gives 4,000 blanks at 200 a day 20 working days, running out on the 20th working day', () => {
    expect(coverOf(4000, 200, TODAY, MON_FRI)).toEqual({ onHand: 4000, perWorkingDay: 200, workingDaysOfCover: 20, runOutDate: '2026-12-25', calendarDaysOfCover: 25 });
  });

  it('moves the run-out date past a holiday', () => {
    expect(coverOf(4000, 200, TODAY, { ...MON_FRI, holidays: ['2026-12-25'] }).runOutDate).toBe('2026-12-28');
  });

  it('has no cover without a rate, and runs out today with nothing on hand', () => {
    expect(coverOf(500, null, TODAY, MON_FRI)).toMatchObject({ workingDaysOfCover: null, runOutDate: null });
    expect(coverOf(500, 0, TODAY, MON_FRI)).toMatchObject({ workingDaysOfCover: null, runOutDate: null });
    expect(coverOf(0, 200, TODAY, MON_FRI)).toMatchObject({ workingDaysOfCover: 0, runOutDate: TODAY, calendarDaysOfCover: 0 });
  });

  it('warns before the order-by date while inside the safety margin, and says "now" once it has come', () => {
    const lead = { leadTimeDays: 14, safetyDays: 7 };
    expect(orderAdvice(coverOf(4000, 200, TODAY, MON_FRI), lead, TODAY)).toEqual({ belowLeadTime: false, orderByDate: '2026-12-11', orderNow: false });
    expect(orderAdvice(coverOf(3000, 240, TODAY, MON_FRI), lead, TODAY)).toEqual({ belowLeadTime: true, orderByDate: '2026-12-02', orderNow: false });
    // 300 film images at 200 a day: gone on the second working day; the order-by date is never in the past.
    expect(orderAdvice(coverOf(300, 200, TODAY, MON_FRI), lead, TODAY)).toEqual({ belowLeadTime: true, orderByDate: TODAY, orderNow: true });
  });

  it('sizes an order to last the reorder cover after delivery', () => {
    // 37 working days from today to 50 calendar days on, at 240 a day, less 3,000 on hand.
    expect(quantityToOrder(3000, 240, TODAY, { leadTimeDays: 14, safetyDays: 7 }, 30, MON_FRI)).toBe(5880);
    expect(quantityToOrder(3000, null, TODAY, { leadTimeDays: 14, safetyDays: 7 }, 30, MON_FRI)).toBeNull();
  });
});

describe('the day the alert fires', () => {
  it('replays 5,000 blanks at 200 a working day with 14 + 7 days lead: the alert first fires on Saturday 14 November', () => {
    const lead = { leadTimeDays: 14, safetyDays: 7 };
    const fired: { day: string; orderBy: string | null; orderNow: boolean }[] = [];
    for (let day = '2026-11-02'; day <= '2026-11-20'; day = addDays(day, 1)) {
      const used = history('2026-11-02', day, 200);
      const onHand = 5000 - [...used.values()].reduce((a, n) => a + n, 0);
      const rate = printRate(used, { today: day, calendar: MON_FRI, windowWorkingDays: 20, historyStart: '2026-11-02' });
      const cover = coverOf(onHand, rate.perWorkingDay, day, MON_FRI);
      if (rate.perWorkingDay !== null) expect(cover.runOutDate).toBe('2026-12-04');
      const advice = orderAdvice(cover, lead, day);
      if (advice.belowLeadTime) fired.push({ day, orderBy: advice.orderByDate, orderNow: advice.orderNow });
    }
    expect(fired[0]).toEqual({ day: '2026-11-14', orderBy: '2026-11-20', orderNow: false });
    expect(fired.at(-1)).toEqual({ day: '2026-11-20', orderBy: '2026-11-20', orderNow: true });
  });
});

describe('printable now', () => {
  const families = [
    { family: 'datacard', usesFilm: true, hasWorkingPrinter: true, filmImages: 300, ribbonImages: 1000 },
    { family: 'fargo-hdp', usesFilm: true, hasWorkingPrinter: false, filmImages: 2000, ribbonImages: 2000 },
    { family: 'evolis', usesFilm: false, hasWorkingPrinter: true, filmImages: 0, ribbonImages: 150 },
  ];

  it('adds up the working families, each limited by its scarcer consumable, and counts evolis by ribbon only', () => {
    const p = printableNow(4000, families);
    expect(p.total).toBe(450);
    expect(p.limitedBy).toBe('film for datacard: 300 cards; ribbon for evolis: 150 cards; blanks: 4,000');
  });

  it('counts nothing for a family with stock whose only printer is broken, and says so', () => {
    const fargo = printableNow(4000, families).perFamily.find((f) => f.family === 'fargo-hdp');
    expect(fargo).toEqual({
      family: 'fargo-hdp',
      cards: 0,
      limitedBy: 'no working printer',
      note: 'no working fargo-hdp printer: 2,000 film and 2,000 ribbon images on hand cannot be used',
    });
    const onlyFargo = printableNow(4000, [families[1]!]);
    expect(onlyFargo).toMatchObject({ total: 0, limitedBy: 'no working printer; blanks: 4,000' });
  });

  it('names the blanks when they bind', () => {
    expect(printableNow(120, families)).toMatchObject({ total: 120, limitedBy: 'blanks: 120' });
  });

  it('names ribbon when a retransfer family has more film than ribbon', () => {
    const p = printableNow(4000, [{ family: 'datacard', usesFilm: true, hasWorkingPrinter: true, filmImages: 900, ribbonImages: 120 }]);
    expect(p).toMatchObject({ total: 120, limitedBy: 'ribbon for datacard: 120 cards; blanks: 4,000' });
  });
});

describe('the whole forecast', () => {
  it('puts rate, cover, advice and the queue together', () => {
    const used = history('2026-10-05', TODAY, 200);
    const item = (id: string, onHand: number, kind: 'film' | 'ribbon'): ItemForecastInput => ({
      id,
      label: `${kind} for datacard`,
      family: 'datacard',
      kind,
      onHand,
      usedPerDay: used,
      lead: { leadTimeDays: 14, safetyDays: 7 },
      imagesPerRoll: 1000,
    });
    const f = buildForecast({
      today: TODAY,
      calendar: MON_FRI,
      windowWorkingDays: 20,
      historyStart: '2026-10-05',
      printedPerDay: used,
      reorderCoverDays: 30,
      blanks: { id: 'blanks', label: 'blanks', family: null, kind: 'blank', onHand: 4000, usedPerDay: used, lead: { leadTimeDays: 14, safetyDays: 7 }, imagesPerRoll: null },
      consumables: [item('datacard-film', 300, 'film'), item('datacard-ribbon', 5000, 'ribbon')],
      families: [{ family: 'datacard', usesFilm: true, hasWorkingPrinter: true, filmImages: 300, ribbonImages: 5000 }],
      queueCards: 1200,
    });
    expect(f.printRate.perWorkingDay).toBe(200);
    expect(f.blanks.advice.belowLeadTime).toBe(false);
    expect(f.consumables.map((c) => [c.id, c.cover.workingDaysOfCover, c.cover.runOutDate, c.advice.belowLeadTime, c.advice.orderNow])).toEqual([
      ['datacard-film', 1.5, '2026-12-01', true, true],
      ['datacard-ribbon', 25, '2027-01-01', false, false],
    ]);
    expect(f.printableNow).toMatchObject({ total: 300, limitedBy: 'film for datacard: 300 cards; blanks: 4,000' });
    expect(f.queue).toEqual({ cards: 1200, shortBy: 900 });
  });
});
