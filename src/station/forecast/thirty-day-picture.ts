import { sql } from 'kysely';
import { addDays, type Forecast } from '../../domain/forecast.js';
import { localDate } from '../clock.js';
import type { StationContext } from '../context.js';
import { stockSummary } from '../stock/stock-summary.js';
import { dailyUsage, localDateOf, localDayStartUtc, stationForecast } from './forecast-service.js';
import type { ForecastSettings } from './forecast-settings.js';

export const PICTURE_DAYS = 30;

export interface LevelSeries {
  /** "blanks" or the consumable type id. */
  readonly id: string;
  readonly label: string;
  /** Stock at the end of each day (today: now), oldest first; blanks in stock or images on hand. */
  readonly levels: readonly number[];
  /** When it runs out at the recent rate, or null when no run-out is in sight. */
  readonly runOutDate: string | null;
}

/** Plain data for the console's 30-day chart; `renderBarChart` draws any of the series. */
export interface ThirtyDayPicture {
  /** Office-local dates, oldest first, ending today. */
  readonly days: readonly string[];
  /** Good cards printed each day. */
  readonly cardsPrinted: readonly number[];
  readonly blanks: LevelSeries;
  readonly consumables: readonly LevelSeries[];
}

const minute = sql<string>`substr(movements.at, 1, 16)`;

/**
 * Levels are walked back from today's balance by each day's net movement, so they agree with the
 * ledger to the unit. Images on a roll lent out keep counting until it comes back (its images do
 * not move when the roll does): a known simplification of the picture, not of the ledger.
 */
export async function thirtyDayPicture(ctx: StationContext, settings: ForecastSettings, forecast?: Forecast): Promise<ThirtyDayPicture> {
  const offset = settings.utcOffsetMinutes;
  const today = localDate(ctx.clock, offset);
  const first = addDays(today, -(PICTURE_DAYS - 1));
  const days = Array.from({ length: PICTURE_DAYS }, (_, i) => addDays(first, i));
  const tomorrow = addDays(today, 1);
  const usage = await dailyUsage(ctx, first, tomorrow, offset);
  const f = forecast ?? (await stationForecast(ctx, settings));
  const stock = await stockSummary(ctx, today);
  const since = localDayStartUtc(addDays(first, 1), offset);

  // Net change per day after the first day's end: level(d) = now − Σ changes of the days after d.
  const blankRows = await ctx.db
    .selectFrom('movements')
    .select([minute.as('minute'), 'from_bucket', 'to_bucket', (eb) => eb.fn.sum<number>('quantity').as('n')])
    .where('item', '=', 'blank')
    .where((eb) => eb.or([eb('from_bucket', '=', 'in-stock'), eb('to_bucket', '=', 'in-stock')]))
    .where('at', '>=', since)
    .groupBy([minute, 'from_bucket', 'to_bucket'])
    .execute();
  const imageRows = await ctx.db
    .selectFrom('movements')
    .innerJoin('rolls', 'rolls.id', 'movements.roll_id')
    .select([minute.as('minute'), 'rolls.type_id', 'movements.from_bucket', 'movements.to_bucket', (eb) => eb.fn.sum<number>('movements.quantity').as('n')])
    .where('movements.item', '=', 'images')
    .where((eb) => eb.or([eb('movements.from_bucket', '=', 'remaining'), eb('movements.to_bucket', '=', 'remaining')]))
    .where('movements.at', '>=', since)
    .groupBy([minute, 'rolls.type_id', 'movements.from_bucket', 'movements.to_bucket'])
    .execute();

  const walkBack = (now: number, rows: readonly { minute: string; from_bucket: string; to_bucket: string; n: number }[], bucket: string) => {
    const change = new Map<string, number>();
    for (const r of rows) {
      const day = localDateOf(r.minute, offset);
      const delta = (r.to_bucket === bucket ? 1 : 0) * Number(r.n) - (r.from_bucket === bucket ? 1 : 0) * Number(r.n);
      change.set(day, (change.get(day) ?? 0) + delta);
    }
    const levels = new Array<number>(PICTURE_DAYS).fill(0);
    let level = now;
    for (let i = PICTURE_DAYS - 1; i >= 0; i--) {
      levels[i] = level;
      level -= change.get(days[i]!) ?? 0;
    }
    return levels;
  };

  return {
    days,
    cardsPrinted: days.map((d) => usage.printed.get(d) ?? 0),
    blanks: { id: 'blanks', label: 'blanks', levels: walkBack(stock.blanks.inStock, blankRows, 'in-stock'), runOutDate: f.blanks.cover.runOutDate },
    consumables: stock.types.map((t) => ({
      id: t.typeId,
      label: `${t.kind} for ${t.family}`,
      levels: walkBack(t.imagesOnHand, imageRows.filter((r) => r.type_id === t.typeId), 'remaining'),
      runOutDate: f.consumables.find((c) => c.id === t.typeId)?.cover.runOutDate ?? null,
    })),
  };
}
