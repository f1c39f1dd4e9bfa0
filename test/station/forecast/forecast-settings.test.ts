import { describe, expect, it } from 'vitest';
import { expectedRateOf, ForecastSettings, leadTimeFor, workingCalendar } from '../../../src/station/forecast/forecast-settings.js';

describe('forecast settings', () => {
  it('has the documented defaults', () => {
    expect(ForecastSettings.parse({})).toEqual({
      workingDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      holidays: [],
      rateWindowWorkingDays: 20,
      utcOffsetMinutes: 480,
      blanks: { leadTimeDays: 14, safetyDays: 7 },
      film: { leadTimeDays: 30, safetyDays: 14 },
      ribbon: { leadTimeDays: 30, safetyDays: 14 },
      consumables: {},
      reorderCoverDays: 30,
      familiesWithoutFilm: ['evolis'],
      expectedCardsPerDayByFamily: {},
    });
  });

  it('takes a lead time as an arrival date, counted from today, and an expected rate shared by families', () => {
    const s = ForecastSettings.parse({ film: { arrivesOn: '2027-01-15', safetyDays: 7 }, expectedCardsPerDay: 200, expectedCardsPerDayByFamily: { evolis: 20 } });
    expect(leadTimeFor(s, 'datacard-film', 'film', '2027-01-05')).toEqual({ leadTimeDays: 10, safetyDays: 7 });
    expect(leadTimeFor(s, 'datacard-film', 'film', '2027-01-20')).toEqual({ leadTimeDays: 0, safetyDays: 7 });
    expect(() => leadTimeFor(s, 'datacard-film', 'film')).toThrow(/needs today's date/);
    expect(expectedRateOf(s, 'evolis', ['evolis', 'datacard', 'fargo-hdp'])).toBe(20);
    expect(expectedRateOf(s, 'datacard', ['evolis', 'datacard', 'fargo-hdp'])).toBe(90);
    expect(ForecastSettings.safeParse({ film: { leadTimeDays: 3, arrivesOn: '2027-01-15', safetyDays: 7 } }).error?.issues[0]?.message).toBe('give leadTimeDays or arrivesOn (one of them)');
  });

  it('takes a per-type lead time before the kind default', () => {
    const s = ForecastSettings.parse({ consumables: { 'datacard-film': { leadTimeDays: 14, safetyDays: 7 } }, workingDays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], holidays: ['2026-12-25'] });
    expect(leadTimeFor(s, 'datacard-film', 'film')).toEqual({ leadTimeDays: 14, safetyDays: 7 });
    expect(leadTimeFor(s, 'fargo-hdp-film', 'film')).toEqual({ leadTimeDays: 30, safetyDays: 14 });
    expect(workingCalendar(s)).toEqual({ workingWeekdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], holidays: ['2026-12-25'] });
  });

  it('refuses what the forecast could not use, naming the field', () => {
    const bad = (input: unknown) => ForecastSettings.safeParse(input).error?.issues[0]?.path.join('.');
    expect(bad({ workingDays: [] })).toBe('workingDays');
    expect(bad({ workingDays: ['monday'] })).toBe('workingDays.0');
    expect(bad({ holidays: ['25-12-2026'] })).toBe('holidays.0');
    expect(bad({ rateWindowWorkingDays: 0 })).toBe('rateWindowWorkingDays');
    expect(bad({ blanks: { leadTimeDays: -1, safetyDays: 7 } })).toBe('blanks.leadTimeDays');
  });
});
