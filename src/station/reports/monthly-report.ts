import { TEST_CARD } from '../../domain/spoil-categories.js';
import { emptyCategoryCounts, recordCategoryOf, type RecordCategory } from '../../domain/spoil-record.js';
import { t } from '../../i18n/i18n.js';
import { timeZoneOfOffset, type OfficeTimeZone } from '../config/office-config.js';
import { maskNik } from '../../domain/masking.js';
import { addDays } from '../../domain/forecast.js';
import { formatNumber } from '../../i18n/i18n.js';
import type { StationContext } from '../context.js';
import { localDateOf, localDayStartUtc } from '../forecast/forecast-service.js';
import type { ForecastSettings } from '../forecast/forecast-settings.js';
import { loanStandings, type LoanStanding } from '../forecast/loan-position.js';
import { StationError } from '../station-error.js';
import { rollsCustody, type CustodyRoll, type DestroyedRoll } from './rolls-custody.js';

/** A calendar month in office-local time, with its UTC boundaries [startUtc, endUtc). */
export interface MonthPeriod {
  /** yyyy-mm */
  readonly month: string;
  readonly firstDay: string;
  readonly lastDay: string;
  readonly startUtc: string;
  readonly endUtc: string;
}

/** The month before `today` (yyyy-mm-dd): the one due to the Directorate General by the 5th. */
export function previousMonth(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function monthPeriod(month: string, utcOffsetMinutes: number): MonthPeriod {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) {
    throw new StationError('report-bad-month', `month "${month}" is not a month (yyyy-mm, e.g. 2026-11)`);
  }
  const firstDay = `${month}-01`;
  const next = new Date(Date.UTC(Number(m[1]), Number(m[2]), 1)).toISOString().slice(0, 10);
  return { month, firstDay, lastDay: addDays(next, -1), startUtc: localDayStartUtc(firstDay, utcOffsetMinutes), endUtc: localDayStartUtc(next, utcOffsetMinutes) };
}

/** opening + received − printed − spoiled − written off = closing, all in blanks. */
export interface BlankStockFigures {
  /** Blanks not yet used (in stock, on a printer, or in doubt) at the start of the month. */
  readonly opening: number;
  /** Batches received, and finds after a count. */
  readonly received: number;
  /** Good cards: printed in the month, less those that failed quality control in it. */
  readonly printed: number;
  /** Every card spoiled in the month: the damaged-card handover list. */
  readonly spoiled: number;
  /** Losses written off by a supervisor after a count. */
  readonly writtenOff: number;
  /** Blanks borrowed from other offices, and lent blanks that came back. */
  readonly loansIn: number;
  /** Blanks lent to other offices, and borrowed blanks repaid. */
  readonly loansOut: number;
  readonly closing: number;
}

export interface DamagedCard {
  readonly no: number;
  /** Office-local date the card was spoiled. */
  readonly date: string;
  readonly maskedNik: string;
  readonly printer: string;
  readonly cause: string;
  /** The category of the daily spoil record the cause names (`test`, or `other` when it names none). */
  readonly category: RecordCategory;
  /** The blank's chip UID where it was read (not personal data: the centre tracks blanks by it). */
  readonly chipUid: string | null;
}

export interface ConsumableMonth {
  readonly typeId: string;
  readonly family: string;
  readonly kind: 'film' | 'ribbon';
  readonly imagesReceived: number;
  readonly imagesUsed: number;
  readonly imagesWrittenOff: number;
  /** Images on usable rolls (shelf or printer) at the month's end. */
  readonly imagesOnHand: number;
  readonly ownImagesOnHand: number;
  readonly borrowedImagesOnHand: number;
  readonly rollsOnHand: number;
}

export interface MonthlyReport {
  readonly station: string;
  readonly period: MonthPeriod;
  /** The office zone the month is cut in (from its offset): dates print in it. */
  readonly timeZone: OfficeTimeZone;
  /** When the report was made (UTC), and whether the month was over by then. */
  readonly generatedAt: string;
  readonly periodComplete: boolean;
  readonly blanks: BlankStockFigures;
  readonly damaged: readonly DamagedCard[];
  /** Spoiled blanks of the month per category of the daily record (`other` for causes that name none). */
  readonly spoiledByCategory: Readonly<Record<RecordCategory, number>>;
  /** What left the office's custody in the month, and the spoiled cards still waiting at its end. */
  readonly disposals: Disposals;
  readonly consumables: readonly ConsumableMonth[];
  readonly loans: readonly LoanStanding[];
  readonly destroyed: readonly DestroyedRoll[];
  readonly awaitingDestruction: readonly CustodyRoll[];
  /** The last audit row written before the month's end, or null for an empty log. */
  readonly auditHead: { readonly seq: number; readonly hash: string } | null;
}

/** Spoiled cards burned or handed over, old cards destroyed and rolls destroyed in the month. */
export interface Disposals {
  readonly cardsDestroyed: number;
  readonly cardsHandedOver: number;
  readonly oldCardsDestroyed: number;
  readonly rollsDestroyed: number;
  /** Spoiled cards not yet destroyed or handed over at the month's end. */
  readonly cardsAwaiting: number;
}


// Blanks at a sub-unit are still the office's: internal distribution moves nothing in or out.
const STOCK_BUCKETS: ReadonlySet<string> = new Set(['in-stock', 'printing', 'in-doubt', 'distributed']);
const LOAN_BUCKETS: ReadonlySet<string> = new Set(['lender', 'lent-out', 'repaid']);

type Flow = { from_bucket: string; to_bucket: string; n: number };

async function blankFlows(ctx: StationContext, range: { from?: string; before?: string }): Promise<Flow[]> {
  let q = ctx.db
    .selectFrom('movements')
    .select(['from_bucket', 'to_bucket', (eb) => eb.fn.sum<number>('quantity').as('n')])
    .where('item', '=', 'blank')
    .groupBy(['from_bucket', 'to_bucket']);
  if (range.from) q = q.where('at', '>=', range.from);
  if (range.before) q = q.where('at', '<', range.before);
  return (await q.execute()).map((r) => ({ ...r, n: Number(r.n) }));
}

function netIntoStock(flows: readonly Flow[]): number {
  let n = 0;
  for (const f of flows) {
    if (STOCK_BUCKETS.has(f.to_bucket)) n += f.n;
    if (STOCK_BUCKETS.has(f.from_bucket)) n -= f.n;
  }
  return n;
}

/**
 * The blank identity for the month, checked against the cached balances (written with every
 * movement in the same transaction, and never by the report). A movement changed afterwards
 * makes the two disagree, and the report refuses rather than send figures that do not add up.
 */
async function blankStock(ctx: StationContext, period: MonthPeriod): Promise<BlankStockFigures> {
  const opening = netIntoStock(await blankFlows(ctx, { before: period.startUtc }));
  const month = await blankFlows(ctx, { from: period.startUtc, before: period.endUtc });
  const sum = (pred: (f: Flow) => boolean) => month.filter(pred).reduce((a, f) => a + f.n, 0);
  const received = sum((f) => f.from_bucket === 'supplier' && f.to_bucket === 'in-stock');
  const printedAtPrinter = sum((f) => STOCK_BUCKETS.has(f.from_bucket) && f.to_bucket === 'printed');
  const spoiledAtPrinter = sum((f) => STOCK_BUCKETS.has(f.from_bucket) && f.to_bucket === 'spoiled');
  const failedQc = sum((f) => f.from_bucket === 'printed' && f.to_bucket === 'spoiled');
  const writtenOff = sum((f) => STOCK_BUCKETS.has(f.from_bucket) && f.to_bucket === 'written-off');
  const printed = printedAtPrinter - failedQc;
  const spoiled = spoiledAtPrinter + failedQc;
  const loansIn = sum((f) => LOAN_BUCKETS.has(f.from_bucket) && STOCK_BUCKETS.has(f.to_bucket));
  const loansOut = sum((f) => STOCK_BUCKETS.has(f.from_bucket) && LOAN_BUCKETS.has(f.to_bucket));
  const closing = opening + received + loansIn - loansOut - printed - spoiled - writtenOff;

  const balances = await ctx.db.selectFrom('stock_balances').select(['bucket', 'quantity']).where('item', '=', 'blank').execute();
  const now = balances.filter((b) => STOCK_BUCKETS.has(b.bucket)).reduce((a, b) => a + Number(b.quantity), 0);
  const fromLedger = now - netIntoStock(await blankFlows(ctx, { from: period.endUtc }));
  const fromMovements = netIntoStock(await blankFlows(ctx, { before: period.endUtc }));
  for (const [source, value] of [['balances', fromLedger], ['movements', fromMovements]] as const) {
    if (value !== closing) {
      const diff = closing - value;
      const n = formatNumber;
      throw new StationError(
        'report-unbalanced',
        t('documents:monthly.unbalanced', {
          month: period.month,
          opening: n(opening),
          received: n(received),
          loans: loansIn + loansOut > 0 ? t('documents:monthly.unbalancedLoans', { loansIn: n(loansIn), loansOut: n(loansOut) }) : '',
          printed: n(printed),
          spoiled: n(spoiled),
          writtenOff: n(writtenOff),
          closing: n(closing),
          source: t(source === 'balances' ? 'documents:monthly.sourceBalances' : 'documents:monthly.sourceMovements'),
          ledger: n(value),
          difference: n(Math.abs(diff)),
        }),
        { month: period.month, closing, ledger: value, difference: diff },
      );
    }
  }
  return { opening, received, printed, spoiled, writtenOff, loansIn, loansOut, closing };
}

async function damagedCards(ctx: StationContext, period: MonthPeriod, offset: number): Promise<DamagedCard[]> {
  const rows = await ctx.db
    .selectFrom('movements')
    .innerJoin('attempts', 'attempts.id', 'movements.attempt_id')
    .innerJoin('jobs', 'jobs.id', 'attempts.job_id')
    .innerJoin('records', 'records.id', 'jobs.record_id')
    .leftJoin('printers', 'printers.id', 'attempts.printer_id')
    .select(['movements.at', 'movements.audit_seq', 'movements.reason as moveReason', 'attempts.reason as attemptReason', 'attempts.chip_uid', 'records.nik', 'printers.name as printer', 'attempts.printer_id'])
    .where('movements.item', '=', 'blank')
    .where('movements.to_bucket', '=', 'spoiled')
    .where('movements.at', '>=', period.startUtc)
    .where('movements.at', '<', period.endUtc)
    .orderBy('movements.audit_seq')
    .execute();
  // Test cards belong to no job: their blanks are spoiled with the category `test`, and no NIK.
  const tests = await ctx.db
    .selectFrom('movements')
    .innerJoin('printers', 'printers.id', 'movements.printer_id')
    .select(['movements.at', 'movements.audit_seq', 'movements.reason', 'printers.name as printer'])
    .where('movements.item', '=', 'blank')
    .where('movements.to_bucket', '=', 'spoiled')
    .where('movements.attempt_id', 'is', null)
    .where('movements.reason', 'like', `${TEST_CARD}:%`)
    .where('movements.at', '>=', period.startUtc)
    .where('movements.at', '<', period.endUtc)
    .execute();
  const cards = rows.map((r) => {
    const cause = r.moveReason ?? r.attemptReason ?? 'not recorded';
    return { seq: r.audit_seq, date: localDateOf(r.at, offset), maskedNik: maskNik(r.nik), printer: r.printer ?? r.printer_id, cause, category: recordCategoryOf(cause), chipUid: r.chip_uid };
  });
  for (const test of tests) cards.push({ seq: test.audit_seq, date: localDateOf(test.at, offset), maskedNik: '-', printer: test.printer, cause: test.reason!, category: TEST_CARD, chipUid: null });
  return cards.sort((a, b) => a.seq - b.seq).map(({ seq: _, ...card }, i) => ({ no: i + 1, ...card }));
}

function countByCategory(damaged: readonly DamagedCard[]): Record<RecordCategory, number> {
  const counts = emptyCategoryCounts();
  for (const d of damaged) counts[d.category]++;
  return counts;
}

async function disposals(ctx: StationContext, period: MonthPeriod, rollsDestroyed: number): Promise<Disposals> {
  const month = await blankFlows(ctx, { from: period.startUtc, before: period.endUtc });
  const upToEnd = await blankFlows(ctx, { before: period.endUtc });
  const sum = (flows: readonly Flow[], from: string, to: string) => flows.filter((f) => f.from_bucket === from && f.to_bucket === to).reduce((a, f) => a + f.n, 0);
  const net = (flows: readonly Flow[], bucket: string) => flows.reduce((a, f) => a + (f.to_bucket === bucket ? f.n : 0) - (f.from_bucket === bucket ? f.n : 0), 0);
  const oldCards = await ctx.db
    .selectFrom('destruction_items')
    .innerJoin('destruction_sessions', 'destruction_sessions.id', 'destruction_items.session_id')
    .select((eb) => eb.fn.sum<number>('destruction_items.quantity').as('n'))
    .where('destruction_items.kind', '=', 'old-cards')
    .where('destruction_sessions.state', '=', 'closed')
    .where('destruction_sessions.closed_at', '>=', period.startUtc)
    .where('destruction_sessions.closed_at', '<', period.endUtc)
    .executeTakeFirst();
  return {
    cardsDestroyed: sum(month, 'spoiled', 'destroyed'),
    cardsHandedOver: sum(month, 'spoiled', 'handed-over'),
    oldCardsDestroyed: Number(oldCards?.n ?? 0),
    rollsDestroyed,
    cardsAwaiting: net(upToEnd, 'spoiled'),
  };
}

/** Roll states and remaining images as they stood at `before` (UTC), from the movements alone. */
export async function rollsAt(ctx: StationContext, before: string): Promise<{ state: Map<string, string>; remaining: Map<string, number> }> {
  const moves = await ctx.db
    .selectFrom('movements')
    .select(['roll_id', 'to_bucket'])
    .where('item', '=', 'roll')
    .where('at', '<', before)
    .orderBy('audit_seq')
    .execute();
  const state = new Map<string, string>();
  for (const m of moves) if (m.roll_id) state.set(m.roll_id, m.to_bucket);
  const flows = await ctx.db
    .selectFrom('movements')
    .select(['roll_id', 'from_bucket', 'to_bucket', (eb) => eb.fn.sum<number>('quantity').as('n')])
    .where('item', '=', 'images')
    .where('at', '<', before)
    .where((eb) => eb.or([eb('from_bucket', '=', 'remaining'), eb('to_bucket', '=', 'remaining')]))
    .groupBy(['roll_id', 'from_bucket', 'to_bucket'])
    .execute();
  const remaining = new Map<string, number>();
  for (const f of flows) {
    if (!f.roll_id) continue;
    const delta = (f.to_bucket === 'remaining' ? 1 : -1) * Number(f.n);
    remaining.set(f.roll_id, (remaining.get(f.roll_id) ?? 0) + delta);
  }
  return { state, remaining };
}

async function consumablesMonth(ctx: StationContext, period: MonthPeriod): Promise<ConsumableMonth[]> {
  const types = await ctx.db.selectFrom('consumable_types').selectAll().orderBy('family').orderBy('kind').execute();
  const flows = await ctx.db
    .selectFrom('movements')
    .innerJoin('rolls', 'rolls.id', 'movements.roll_id')
    .select(['rolls.type_id', 'movements.from_bucket', 'movements.to_bucket', (eb) => eb.fn.sum<number>('movements.quantity').as('n')])
    .where('movements.item', '=', 'images')
    .where('movements.at', '>=', period.startUtc)
    .where('movements.at', '<', period.endUtc)
    .groupBy(['rolls.type_id', 'movements.from_bucket', 'movements.to_bucket'])
    .execute();
  const rolls = await ctx.db.selectFrom('rolls').select(['id', 'type_id', 'ownership']).execute();
  const at = await rollsAt(ctx, period.endUtc);
  const flow = (typeId: string, from: string, to: string) => Number(flows.find((f) => f.type_id === typeId && f.from_bucket === from && f.to_bucket === to)?.n ?? 0);
  return types.map((t) => {
    const usable = rolls.filter((r) => r.type_id === t.id && ['in-stock', 'loaded'].includes(at.state.get(r.id) ?? ''));
    const images = (ownership: string) => usable.filter((r) => r.ownership === ownership).reduce((a, r) => a + (at.remaining.get(r.id) ?? 0), 0);
    const own = images('own');
    const borrowed = images('borrowed');
    return {
      typeId: t.id,
      family: t.family,
      kind: t.kind,
      imagesReceived: flow(t.id, 'supplier', 'remaining'),
      imagesUsed: flow(t.id, 'in-use', 'used'),
      imagesWrittenOff: flow(t.id, 'remaining', 'written-off'),
      imagesOnHand: own + borrowed,
      ownImagesOnHand: own,
      borrowedImagesOnHand: borrowed,
      rollsOnHand: usable.length,
    };
  });
}

/**
 * Everything the monthly report to the Directorate General holds, for `month` (yyyy-mm) in office
 * time. Refuses (`report-unbalanced`) when the blank identity does not hold against the ledger,
 * and (`report-future-month`) for a month that has not begun.
 */
export async function gatherMonthlyReport(ctx: StationContext, input: { month: string; settings: ForecastSettings }): Promise<MonthlyReport> {
  const offset = input.settings.utcOffsetMinutes;
  const period = monthPeriod(input.month, offset);
  const generatedAt = ctx.clock.now().toISOString();
  if (period.startUtc > generatedAt) {
    throw new StationError('report-future-month', `month ${input.month} has not begun yet in office time: nothing to report`, { month: input.month });
  }
  const blanks = await blankStock(ctx, period);
  const damaged = await damagedCards(ctx, period, offset);
  const consumables = await consumablesMonth(ctx, period);
  const standings = await loanStandings(ctx, addDays(period.lastDay, 1), period.endUtc);
  const loans = standings.filter((l) => l.open > 0 || l.createdAt >= period.startUtc || (l.closedAt !== null && l.closedAt >= period.startUtc));
  const custody = await rollsCustody(ctx, period, offset);
  const head = await ctx.db.selectFrom('audit_log').select(['seq', 'hash']).where('at', '<', period.endUtc).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return {
    station: ctx.stationId,
    period,
    timeZone: timeZoneOfOffset(offset) ?? 'Asia/Makassar',
    generatedAt,
    periodComplete: period.endUtc <= generatedAt,
    blanks,
    damaged,
    spoiledByCategory: countByCategory(damaged),
    disposals: await disposals(ctx, period, custody.destroyed.length),
    consumables,
    loans,
    destroyed: custody.destroyed,
    awaitingDestruction: custody.awaiting,
    auditHead: head ? { seq: head.seq, hash: head.hash } : null,
  };
}
