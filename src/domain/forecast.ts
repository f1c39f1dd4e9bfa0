/**
 * Seeing the shortage coming: print rates over working days, days of cover, run-out and order-by
 * dates, and how many cards can be printed with what is on the shelf right now. Pure: dates are
 * office-local `yyyy-mm-dd` strings and every series is handed in; nothing here reads a clock.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The office's working days: which weekdays, minus public holidays (yyyy-mm-dd). */
export interface WorkingCalendar {
  readonly workingWeekdays: readonly Weekday[];
  readonly holidays: readonly string[];
}

const DAY_MS = 86_400_000;
/** A run-out further away than this is "not in sight": no date is given and no alert can fire. */
export const MAX_FORECAST_WORKING_DAYS = 2000;

function dayNumber(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(ms)) throw new RangeError(`"${date}" is not a date (yyyy-mm-dd)`);
  return Math.round(ms / DAY_MS);
}

function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

export function weekdayOf(date: string): Weekday {
  return WEEKDAYS[new Date(dayNumber(date) * DAY_MS).getUTCDay()]!;
}

export function isWorkingDay(date: string, calendar: WorkingCalendar): boolean {
  return calendar.workingWeekdays.includes(weekdayOf(date)) && !calendar.holidays.includes(date);
}

/** 4000 → "4,000", as on the paper reports. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** Cards (or images) per office-local date. Dates absent from the map count as 0. */
export type DailySeries = ReadonlyMap<string, number>;

export interface PrintRate {
  /** Units per working day, or null when the window holds no working day yet (a new station). */
  readonly perWorkingDay: number | null;
  /** Working days averaged: the configured window, or fewer while history is shorter. */
  readonly windowWorkingDays: number;
  /** First and last date of the window (the last is the day before today), or null. */
  readonly from: string | null;
  readonly to: string | null;
  /** Units in the window, including any printed on weekends or holidays inside it. */
  readonly total: number;
}

/**
 * The average over the last `windowWorkingDays` complete working days before `today`, never
 * reaching back before `historyStart` (so a station a week old is not averaged over a month of
 * zeros). Today is left out because it is not over yet. Cards printed on a weekend or holiday
 * inside the window are counted, since that stock is gone all the same, but those days are not
 * in the divisor.
 */
export function printRate(
  daily: DailySeries,
  input: { today: string; calendar: WorkingCalendar; windowWorkingDays: number; historyStart: string | null },
): PrintRate {
  const none: PrintRate = { perWorkingDay: null, windowWorkingDays: 0, from: null, to: null, total: 0 };
  if (input.historyStart === null) return none;
  const to = addDays(input.today, -1);
  let day = to;
  let counted = 0;
  let from: string | null = null;
  while (counted < input.windowWorkingDays && daysBetween(input.historyStart, day) >= 0) {
    if (isWorkingDay(day, input.calendar)) {
      counted += 1;
      from = day;
    }
    day = addDays(day, -1);
  }
  if (counted === 0 || from === null) return none;
  let total = 0;
  for (let d = from; daysBetween(d, to) >= 0; d = addDays(d, 1)) total += daily.get(d) ?? 0;
  return { perWorkingDay: total / counted, windowWorkingDays: counted, from, to, total };
}

export interface Cover {
  readonly onHand: number;
  readonly perWorkingDay: number | null;
  /** onHand ÷ rate, in working days (one decimal); null when there is no rate or it is 0. */
  readonly workingDaysOfCover: number | null;
  /** The working day on which the stock runs out (today counts as the first when it is one). */
  readonly runOutDate: string | null;
  /** Calendar days from today to the run-out date. */
  readonly calendarDaysOfCover: number | null;
}

/** The n-th working day counting from `today` (inclusive), n ≥ 1. */
export function nthWorkingDay(today: string, n: number, calendar: WorkingCalendar): string {
  let day = today;
  let seen = 0;
  for (;;) {
    if (isWorkingDay(day, calendar)) {
      seen += 1;
      if (seen >= n) return day;
    }
    day = addDays(day, 1);
  }
}

/** Working days in [from, to] inclusive. */
export function workingDaysBetween(from: string, to: string, calendar: WorkingCalendar): number {
  let n = 0;
  for (let d = from; daysBetween(d, to) >= 0; d = addDays(d, 1)) if (isWorkingDay(d, calendar)) n += 1;
  return n;
}

export function coverOf(onHand: number, perWorkingDay: number | null, today: string, calendar: WorkingCalendar): Cover {
  if (perWorkingDay === null || perWorkingDay <= 0) {
    return { onHand, perWorkingDay, workingDaysOfCover: null, runOutDate: null, calendarDaysOfCover: null };
  }
  const days = Math.max(0, onHand) / perWorkingDay;
  const workingDaysOfCover = Math.round(days * 10) / 10;
  if (days > MAX_FORECAST_WORKING_DAYS) {
    return { onHand, perWorkingDay, workingDaysOfCover, runOutDate: null, calendarDaysOfCover: null };
  }
  // Stock for 1.5 days lasts through the first and runs out during the second working day.
  const runOutDate = onHand <= 0 ? today : nthWorkingDay(today, Math.max(1, Math.ceil(days)), calendar);
  return { onHand, perWorkingDay, workingDaysOfCover, runOutDate, calendarDaysOfCover: daysBetween(today, runOutDate) };
}

/** Procurement lead time and safety margin, in calendar days (deliveries and trips keep no office hours). */
export interface LeadTime {
  readonly leadTimeDays: number;
  readonly safetyDays: number;
}

export interface OrderAdvice {
  /** Calendar days of cover < lead time + safety margin. */
  readonly belowLeadTime: boolean;
  /** Run-out date − lead time, but never before today; null when no run-out is in sight. */
  readonly orderByDate: string | null;
  /** The order-by date is today or was already missed. */
  readonly orderNow: boolean;
}

export function orderAdvice(cover: Cover, lead: LeadTime, today: string): OrderAdvice {
  if (cover.runOutDate === null || cover.calendarDaysOfCover === null) return { belowLeadTime: false, orderByDate: null, orderNow: false };
  const latest = addDays(cover.runOutDate, -lead.leadTimeDays);
  const orderNow = daysBetween(today, latest) <= 0;
  return {
    belowLeadTime: cover.calendarDaysOfCover < lead.leadTimeDays + lead.safetyDays,
    orderByDate: orderNow ? today : latest,
    orderNow,
  };
}

/**
 * Units to order so that, once delivered after the lead time, stock lasts `coverDays` more
 * calendar days: the demand from today to delivery + coverDays, less what is on hand.
 */
export function quantityToOrder(
  onHand: number,
  perWorkingDay: number | null,
  today: string,
  lead: LeadTime,
  coverDays: number,
  calendar: WorkingCalendar,
): number | null {
  if (perWorkingDay === null || perWorkingDay <= 0) return null;
  const until = addDays(today, lead.leadTimeDays + lead.safetyDays + coverDays - 1);
  const demand = perWorkingDay * workingDaysBetween(today, until, calendar);
  return Math.max(0, Math.ceil(demand - Math.max(0, onHand)));
}

/** What one printer family can print with: its film and ribbon images, and whether a printer works. */
export interface FamilyStock {
  readonly family: string;
  /** Retransfer printers use film as well as ribbon; direct-to-card ones (Evolis) only ribbon. */
  readonly usesFilm: boolean;
  readonly hasWorkingPrinter: boolean;
  readonly filmImages: number;
  readonly ribbonImages: number;
}

export interface FamilyPrintable {
  readonly family: string;
  readonly cards: number;
  /** "film for datacard: 120 cards", or "no working printer". */
  readonly limitedBy: string;
  /** Why stock is not counted, or null. */
  readonly note: string | null;
}

export interface PrintableNow {
  readonly total: number;
  /** The binding constraint in words: "film for datacard: 120 cards; blanks: 4,000". */
  readonly limitedBy: string;
  readonly perFamily: readonly FamilyPrintable[];
}

function familyPrintable(f: FamilyStock): FamilyPrintable {
  if (!f.hasWorkingPrinter) {
    const stock = f.usesFilm ? `${formatCount(f.filmImages)} film and ${formatCount(f.ribbonImages)} ribbon images` : `${formatCount(f.ribbonImages)} ribbon images`;
    return {
      family: f.family,
      cards: 0,
      limitedBy: 'no working printer',
      note: f.filmImages + f.ribbonImages > 0 ? `no working ${f.family} printer: ${stock} on hand cannot be used` : `no working ${f.family} printer`,
    };
  }
  if (!f.usesFilm) {
    const cards = Math.max(0, f.ribbonImages);
    return { family: f.family, cards, limitedBy: `ribbon for ${f.family}: ${formatCount(cards)} cards`, note: null };
  }
  const filmBinds = f.filmImages <= f.ribbonImages;
  const cards = Math.max(0, Math.min(f.filmImages, f.ribbonImages));
  return { family: f.family, cards, limitedBy: `${filmBinds ? 'film' : 'ribbon'} for ${f.family}: ${formatCount(cards)} cards`, note: null };
}

/**
 * min(blanks, Σ over families with a working printer of min(film, ribbon)), one image of each per
 * card (one printed side). A family whose printers are all down contributes nothing and says so.
 */
export function printableNow(blanks: number, families: readonly FamilyStock[]): PrintableNow {
  const perFamily = [...families].sort((a, b) => a.family.localeCompare(b.family)).map(familyPrintable);
  const working = perFamily.filter((f) => f.limitedBy !== 'no working printer');
  const byFamilies = working.reduce((sum, f) => sum + f.cards, 0);
  const blankStock = Math.max(0, blanks);
  const total = Math.min(blankStock, byFamilies);
  let limitedBy: string;
  if (working.length === 0) limitedBy = `no working printer; blanks: ${formatCount(blankStock)}`;
  else if (blankStock < byFamilies) limitedBy = `blanks: ${formatCount(blankStock)}`;
  else limitedBy = [...working.map((f) => f.limitedBy), `blanks: ${formatCount(blankStock)}`].join('; ');
  return { total, limitedBy, perFamily };
}

/** One forecast line: blanks, or one consumable type. */
export interface ItemForecast {
  /** "blanks" or the consumable type id ("datacard-film"). */
  readonly id: string;
  /** "blanks", "film for datacard". */
  readonly label: string;
  readonly family: string | null;
  readonly kind: 'blank' | 'film' | 'ribbon';
  /** Blanks in stock, or images on usable rolls. */
  readonly onHand: number;
  /** Blanks used (printed + spoiled) or images used, per working day. */
  readonly rate: PrintRate;
  readonly cover: Cover;
  readonly lead: LeadTime;
  readonly advice: OrderAdvice;
  /** Units to order now to last the reorder cover after delivery; null without a rate. */
  readonly toOrder: number | null;
  /** Images per roll, to say the order in rolls; null for blanks. */
  readonly imagesPerRoll: number | null;
  /**
   * Where the rate behind cover and order-by came from: the print history, the office's expected
   * daily rate (a new station, or no use of this item in the window yet), or nowhere.
   */
  readonly rateSource: 'history' | 'expected' | null;
}

export interface ItemForecastInput {
  readonly id: string;
  readonly label: string;
  readonly family: string | null;
  readonly kind: 'blank' | 'film' | 'ribbon';
  readonly onHand: number;
  readonly usedPerDay: DailySeries;
  readonly lead: LeadTime;
  readonly imagesPerRoll: number | null;
  /** Units per working day the office expects (station.json), used until a history exists. */
  readonly expectedPerWorkingDay?: number | null;
}

export interface ForecastInput {
  readonly today: string;
  readonly calendar: WorkingCalendar;
  readonly windowWorkingDays: number;
  /** First office-local date with any stock movement, or null for an empty ledger. */
  readonly historyStart: string | null;
  /** Good cards per date (for the print rate shown to people). */
  readonly printedPerDay: DailySeries;
  /** Calendar days an order should last once delivered. */
  readonly reorderCoverDays: number;
  readonly blanks: ItemForecastInput;
  readonly consumables: readonly ItemForecastInput[];
  readonly families: readonly FamilyStock[];
  /** Queued + held jobs: the cards the queue still needs. */
  readonly queueCards: number;
}

export interface Forecast {
  readonly today: string;
  /** Good cards per working day over the window. */
  readonly printRate: PrintRate;
  readonly blanks: ItemForecast;
  readonly consumables: readonly ItemForecast[];
  readonly printableNow: PrintableNow;
  readonly queue: {
    readonly cards: number;
    /** Cards of the queue that cannot be printed with what is on hand and working now. */
    readonly shortBy: number;
  };
}

function itemForecast(input: ItemForecastInput, f: ForecastInput): ItemForecast {
  const rate = printRate(input.usedPerDay, { today: f.today, calendar: f.calendar, windowWorkingDays: f.windowWorkingDays, historyStart: f.historyStart });
  const { perWorkingDay, rateSource } = effectiveRate(rate, input.expectedPerWorkingDay ?? null);
  const cover = coverOf(input.onHand, perWorkingDay, f.today, f.calendar);
  return {
    id: input.id,
    label: input.label,
    family: input.family,
    kind: input.kind,
    onHand: input.onHand,
    rate,
    cover,
    lead: input.lead,
    advice: orderAdvice(cover, input.lead, f.today),
    toOrder: quantityToOrder(input.onHand, perWorkingDay, f.today, input.lead, f.reorderCoverDays, f.calendar),
    imagesPerRoll: input.imagesPerRoll,
    rateSource,
  };
}

/**
 * The rate to plan with. History wins once it shows use; before that (a new station, or an item
 * nothing has used yet in the window, such as film that ran out before the window began) the
 * office's expected rate stands in, so day one already has cover and order-by dates.
 */
export function effectiveRate(rate: PrintRate, expected: number | null): { perWorkingDay: number | null; rateSource: 'history' | 'expected' | null } {
  if (rate.perWorkingDay !== null && rate.perWorkingDay > 0) return { perWorkingDay: rate.perWorkingDay, rateSource: 'history' };
  if (expected !== null && expected > 0) return { perWorkingDay: expected, rateSource: 'expected' };
  return { perWorkingDay: rate.perWorkingDay, rateSource: rate.perWorkingDay === null ? null : 'history' };
}

export function buildForecast(input: ForecastInput): Forecast {
  const printable = printableNow(input.blanks.onHand, input.families);
  return {
    today: input.today,
    printRate: printRate(input.printedPerDay, { today: input.today, calendar: input.calendar, windowWorkingDays: input.windowWorkingDays, historyStart: input.historyStart }),
    blanks: itemForecast(input.blanks, input),
    consumables: input.consumables.map((c) => itemForecast(c, input)),
    printableNow: printable,
    queue: { cards: input.queueCards, shortBy: Math.max(0, input.queueCards - printable.total) },
  };
}
