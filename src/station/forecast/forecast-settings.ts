import { z } from 'zod';
import { daysBetween, WEEKDAYS, type LeadTime, type WorkingCalendar } from '../../domain/forecast.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date yyyy-mm-dd').refine((d) => !Number.isNaN(Date.parse(d)), 'a real date');

/**
 * Lead time and safety margin, in calendar days. The lead time is either a number of days or the
 * date the stock will be on the shelf (`arrivesOn`: film bought through the e-katalog comes when
 * the budget calendar allows, whatever day it is ordered).
 */
export const LeadTimeSettings = z
  .object({
    /** Days from ordering (or setting out to collect) to stock on the shelf. */
    leadTimeDays: z.number().int().min(0).max(365).optional(),
    /** The date an order placed now arrives (yyyy-mm-dd, office time). */
    arrivesOn: isoDate.optional(),
    /** Extra days of cover wanted on top of the lead time before the alert stays quiet. */
    safetyDays: z.number().int().min(0).max(365),
  })
  .refine((l) => (l.leadTimeDays === undefined) !== (l.arrivesOn === undefined), 'give leadTimeDays or arrivesOn (one of them)');
export type LeadTimeSettings = z.infer<typeof LeadTimeSettings>;

/** Days from `today` to stock on the shelf: the days given, or until the arrival date (0 once it has passed). */
export function resolveLeadTime(lead: LeadTimeSettings, today?: string): LeadTime {
  if (lead.arrivesOn === undefined) return { leadTimeDays: lead.leadTimeDays ?? 0, safetyDays: lead.safetyDays };
  if (today === undefined) throw new Error(`lead time "arrives on ${lead.arrivesOn}" needs today's date to count the days`);
  return { leadTimeDays: Math.max(0, daysBetween(today, lead.arrivesOn)), safetyDays: lead.safetyDays };
}

/**
 * The office settings the forecast, its alerts and the monthly report need. Meant to sit under a
 * `forecast` key of the station config file; `ForecastSettings.parse({})` gives every default:
 *
 * | key | default | meaning |
 * |---|---|---|
 * | workingDays | mon–fri | weekdays the office prints |
 * | holidays | [] | public holidays (yyyy-mm-dd), not working days |
 * | rateWindowWorkingDays | 20 | working days averaged for the print rate |
 * | utcOffsetMinutes | 480 (WITA) | office time zone: days and months are cut at local midnight |
 * | blanks | 14 + 7 | blanks are collected from the Ministry in person |
 * | film / ribbon | 30 + 14 | by kind, for any type not listed under `consumables` (budget cycle) |
 * | consumables | {} | per type id, e.g. `{ "datacard-film": { leadTimeDays: 14, safetyDays: 7 } }` |
 * | reorderCoverDays | 30 | calendar days an order should last after it arrives (sizes "what to order") |
 * | familiesWithoutFilm | ["evolis"] | direct-to-card families: ribbon only, no retransfer film |
 * | expectedCardsPerDay | none | cards a working day the office expects: the rate until a print history exists |
 * | expectedCardsPerDayByFamily | {} | the same per printer family; others share the rest equally |
 *
 * Any lead time may be `{ "arrivesOn": "2027-01-15", "safetyDays": 7 }` instead of `leadTimeDays`.
 */
export const ForecastSettings = z.object({
  workingDays: z.array(z.enum(WEEKDAYS)).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
  holidays: z.array(isoDate).default([]),
  rateWindowWorkingDays: z.number().int().min(1).max(260).default(20),
  utcOffsetMinutes: z.number().int().min(-720).max(840).default(480),
  blanks: LeadTimeSettings.default({ leadTimeDays: 14, safetyDays: 7 }),
  film: LeadTimeSettings.default({ leadTimeDays: 30, safetyDays: 14 }),
  ribbon: LeadTimeSettings.default({ leadTimeDays: 30, safetyDays: 14 }),
  consumables: z.record(z.string(), LeadTimeSettings).default({}),
  reorderCoverDays: z.number().int().min(0).max(365).default(30),
  familiesWithoutFilm: z.array(z.string()).default(['evolis']),
  expectedCardsPerDay: z.number().positive().max(100_000).optional(),
  expectedCardsPerDayByFamily: z.record(z.string(), z.number().positive().max(100_000)).default({}),
});
export type ForecastSettings = z.infer<typeof ForecastSettings>;

/** Every default: what a station without a `forecast` section in its config uses. */
export function defaultForecastSettings(): ForecastSettings {
  return ForecastSettings.parse({});
}

export function workingCalendar(settings: ForecastSettings): WorkingCalendar {
  return { workingWeekdays: settings.workingDays, holidays: settings.holidays };
}

/** The lead time of a consumable type: its own entry, else its kind's. `today` is needed for an arrival date. */
export function leadTimeFor(settings: ForecastSettings, typeId: string, kind: 'film' | 'ribbon', today?: string): LeadTime {
  return resolveLeadTime(settings.consumables[typeId] ?? settings[kind], today);
}

/**
 * The expected cards per working day of each family: its own entry, else an equal share of what
 * the office expects beyond the families named. Null when the office gave no expectation.
 */
export function expectedRateOf(settings: ForecastSettings, family: string, families: readonly string[]): number | null {
  const own = settings.expectedCardsPerDayByFamily[family];
  if (own !== undefined) return own;
  if (settings.expectedCardsPerDay === undefined) return null;
  const named = Object.entries(settings.expectedCardsPerDayByFamily).filter(([f]) => families.includes(f));
  const rest = settings.expectedCardsPerDay - named.reduce((a, [, n]) => a + n, 0);
  const sharing = families.filter((f) => settings.expectedCardsPerDayByFamily[f] === undefined).length;
  return rest > 0 && sharing > 0 ? rest / sharing : null;
}
