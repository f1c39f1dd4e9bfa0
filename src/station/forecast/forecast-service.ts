import { sql } from 'kysely';
import { addDays, buildForecast, daysBetween, type FamilyStock, type Forecast, type ItemForecastInput } from '../../domain/forecast.js';
import { localDate } from '../clock.js';
import type { StationContext } from '../context.js';
import { stockSummary } from '../stock/stock-summary.js';
import { expectedRateOf, leadTimeFor, resolveLeadTime, workingCalendar, type ForecastSettings } from './forecast-settings.js';

/** The UTC instant (ISO) of local midnight starting `date` at the office's offset. */
export function localDayStartUtc(date: string, utcOffsetMinutes: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - utcOffsetMinutes * 60_000).toISOString();
}

/** The office-local date (yyyy-mm-dd) of a stored UTC timestamp or a `yyyy-mm-ddThh:mm` prefix of one. */
export function localDateOf(isoUtc: string, utcOffsetMinutes: number): string {
  const text = isoUtc.length === 16 ? `${isoUtc}:00Z` : isoUtc;
  return new Date(Date.parse(text) + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

export interface DailyUsage {
  /** Good cards per local date: blanks printing/in-doubt → printed. */
  readonly printed: Map<string, number>;
  /** Blanks used per local date: printed + spoiled at the printer. */
  readonly blanksUsed: Map<string, number>;
  /** Images used per consumable type, per local date. */
  readonly imagesUsed: Map<string, Map<string, number>>;
}

function bump(map: Map<string, number>, key: string, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

// Grouped by UTC minute in SQL (portable: substr works on SQLite and PostgreSQL), then cut into
// office-local days here, so any whole-minute offset works and a year of rows never leaves the database.
const minute = sql<string>`substr(movements.at, 1, 16)`;

/** Per-day usage from `fromDate` (local, inclusive) up to `toDate` (local, exclusive). */
export async function dailyUsage(ctx: StationContext, fromDate: string, toDate: string, utcOffsetMinutes: number): Promise<DailyUsage> {
  const since = localDayStartUtc(fromDate, utcOffsetMinutes);
  const until = localDayStartUtc(toDate, utcOffsetMinutes);
  const blanks = await ctx.db
    .selectFrom('movements')
    .select([minute.as('minute'), 'to_bucket', (eb) => eb.fn.sum<number>('quantity').as('n')])
    .where('item', '=', 'blank')
    .where('from_bucket', 'in', ['printing', 'in-doubt'])
    .where('to_bucket', 'in', ['printed', 'spoiled'])
    .where('at', '>=', since)
    .where('at', '<', until)
    .groupBy([minute, 'to_bucket'])
    .execute();
  const printed = new Map<string, number>();
  const blanksUsed = new Map<string, number>();
  for (const row of blanks) {
    const day = localDateOf(row.minute, utcOffsetMinutes);
    bump(blanksUsed, day, Number(row.n));
    if (row.to_bucket === 'printed') bump(printed, day, Number(row.n));
  }
  // Settlement movements carry the roll, not always the type: the roll says which type it is.
  const images = await ctx.db
    .selectFrom('movements')
    .innerJoin('rolls', 'rolls.id', 'movements.roll_id')
    .select([minute.as('minute'), 'rolls.type_id', (eb) => eb.fn.sum<number>('movements.quantity').as('n')])
    .where('movements.item', '=', 'images')
    .where('movements.from_bucket', '=', 'in-use')
    .where('movements.to_bucket', '=', 'used')
    .where('movements.at', '>=', since)
    .where('movements.at', '<', until)
    .groupBy([minute, 'rolls.type_id'])
    .execute();
  const imagesUsed = new Map<string, Map<string, number>>();
  for (const row of images) {
    if (!imagesUsed.has(row.type_id)) imagesUsed.set(row.type_id, new Map());
    bump(imagesUsed.get(row.type_id)!, localDateOf(row.minute, utcOffsetMinutes), Number(row.n));
  }
  return { printed, blanksUsed, imagesUsed };
}

/** The local date of the first stock movement, or null for an empty ledger. */
export async function historyStart(ctx: StationContext, utcOffsetMinutes: number): Promise<string | null> {
  const row = await ctx.db.selectFrom('movements').select((eb) => eb.fn.min<string>('at').as('at')).executeTakeFirst();
  return row?.at ? localDateOf(row.at, utcOffsetMinutes) : null;
}

/** A family with a working printer; a bare name takes `usesFilm` from the settings. */
export type WorkingFamily = string | { readonly family: string; readonly usesFilm: boolean };

export interface ForecastOptions {
  /**
   * Families that have at least one working printer now (the runtime knows; pass PrinterView's
   * `family` and `usesFilm` for printers not stopped or offline). Default: every family with a
   * registered printer, which is what a one-shot CLI command can know.
   */
  readonly workingFamilies?: readonly WorkingFamily[];
}

/** Calendar days of history to read so the window of working days is surely inside it. */
function lookbackDays(settings: ForecastSettings): number {
  const workingPerWeek = settings.workingDays.length;
  return Math.ceil((settings.rateWindowWorkingDays / workingPerWeek) * 7) + 7 + settings.holidays.length;
}

/** The forecast for blanks and every consumable type, from the ledger as it is now. */
export async function stationForecast(ctx: StationContext, settings: ForecastSettings, options: ForecastOptions = {}): Promise<Forecast> {
  const offset = settings.utcOffsetMinutes;
  const today = localDate(ctx.clock, offset);
  const stock = await stockSummary(ctx, today);
  const start = await historyStart(ctx, offset);
  let from = addDays(today, -lookbackDays(settings));
  if (start && daysBetween(from, start) > 0) from = start;
  const usage = await dailyUsage(ctx, from, today, offset);
  const types = await ctx.db.selectFrom('consumable_types').select(['id', 'nominal_images']).execute();
  const queue = await ctx.db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', 'in', ['queued', 'held'])
    .executeTakeFirstOrThrow();

  const withoutFilm = new Set(settings.familiesWithoutFilm);
  const registered = await ctx.db.selectFrom('printers').select('family').distinct().execute();
  const working = new Map<string, boolean>();
  for (const w of options.workingFamilies ?? registered.map((r) => r.family)) {
    if (typeof w === 'string') working.set(w, !withoutFilm.has(w));
    else working.set(w.family, w.usesFilm);
  }
  const familyNames = new Set([...stock.types.map((t) => t.family), ...working.keys()]);
  const families: FamilyStock[] = [...familyNames].map((family) => {
    const images = (kind: 'film' | 'ribbon') => stock.types.filter((t) => t.family === family && t.kind === kind).reduce((a, t) => a + t.imagesOnHand, 0);
    return {
      family,
      usesFilm: working.get(family) ?? !withoutFilm.has(family),
      hasWorkingPrinter: working.has(family),
      filmImages: images('film'),
      ribbonImages: images('ribbon'),
    };
  });

  const printingFamilies = [...new Set(registered.map((r) => r.family))];
  // A family with a printer but no type defined for its film or ribbon has none of it: say so.
  const neededKinds = (family: string): ('film' | 'ribbon')[] => (withoutFilm.has(family) ? ['ribbon'] : ['film', 'ribbon']);
  const missing = printingFamilies.flatMap((family) =>
    neededKinds(family)
      .filter((kind) => !stock.types.some((t) => t.family === family && t.kind === kind))
      .map((kind) => ({ typeId: `${family}-${kind}`, family, kind, imagesOnHand: 0 })),
  );
  const consumables: ItemForecastInput[] = [...stock.types, ...missing].map((t) => ({
    id: t.typeId,
    label: `${t.kind} for ${t.family}`,
    family: t.family,
    kind: t.kind,
    onHand: t.imagesOnHand,
    usedPerDay: usage.imagesUsed.get(t.typeId) ?? new Map(),
    lead: leadTimeFor(settings, t.typeId, t.kind, today),
    imagesPerRoll: types.find((x) => x.id === t.typeId)?.nominal_images ?? null,
    // One image of film and of ribbon per card side: a family's expected cards are its images.
    expectedPerWorkingDay: expectedRateOf(settings, t.family, printingFamilies),
  }));
  return buildForecast({
    today,
    calendar: workingCalendar(settings),
    windowWorkingDays: settings.rateWindowWorkingDays,
    historyStart: start,
    printedPerDay: usage.printed,
    reorderCoverDays: settings.reorderCoverDays,
    blanks: { id: 'blanks', label: 'blanks', family: null, kind: 'blank', onHand: stock.blanks.inStock, usedPerDay: usage.blanksUsed, lead: resolveLeadTime(settings.blanks, today), imagesPerRoll: null, expectedPerWorkingDay: settings.expectedCardsPerDay ?? null },
    consumables,
    families,
    queueCards: Number(queue.n),
  });
}
