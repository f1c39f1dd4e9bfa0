import { z } from 'zod';
import { WEEKDAYS, type LeadTime, type WorkingCalendar } from '../../domain/forecast.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date yyyy-mm-dd').refine((d) => !Number.isNaN(Date.parse(d)), 'a real date');

/** Lead time and safety margin, in calendar days. */
export const LeadTimeSettings = z.object({
  /** Days from ordering (or setting out to collect) to stock on the shelf. */
  leadTimeDays: z.number().int().min(0).max(365),
  /** Extra days of cover wanted on top of the lead time before the alert stays quiet. */
  safetyDays: z.number().int().min(0).max(365),
});

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
});
export type ForecastSettings = z.infer<typeof ForecastSettings>;

/** Every default: what a station without a `forecast` section in its config uses. */
export function defaultForecastSettings(): ForecastSettings {
  return ForecastSettings.parse({});
}

export function workingCalendar(settings: ForecastSettings): WorkingCalendar {
  return { workingWeekdays: settings.workingDays, holidays: settings.holidays };
}

/** The lead time of a consumable type: its own entry, else its kind's. */
export function leadTimeFor(settings: ForecastSettings, typeId: string, kind: 'film' | 'ribbon'): LeadTime {
  return settings.consumables[typeId] ?? settings[kind];
}
