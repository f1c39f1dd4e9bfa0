import { blankPosition, type BlankPosition } from '../../domain/ledger.js';
import { ENCODE_FAILED } from '../../domain/spoil-categories.js';
import type { StationContext } from '../context.js';

export interface RollTypeSummary {
  readonly typeId: string;
  readonly family: string;
  readonly kind: 'film' | 'ribbon';
  /** Images left on rolls we can use (on the shelf or loaded). */
  readonly imagesOnHand: number;
  readonly rollsInStock: number;
  readonly rollsLoaded: number;
  readonly rollsAwaitingDestruction: number;
  readonly rollsLentOut: number;
  /** Borrowed rolls still in our hands (owed back). */
  readonly rollsBorrowed: number;
}

export interface LoanSummary {
  readonly id: string;
  readonly direction: 'borrowed' | 'lent';
  readonly counterparty: string;
  readonly typeId: string;
  readonly rolls: number;
  readonly dueDate: string;
  readonly overdue: boolean;
}

export interface StockSummary {
  readonly blanks: BlankPosition;
  /** Blanks spoiled because their chip could not be written (gagal encode), ever. */
  readonly blanksEncodeFailed: number;
  readonly types: readonly RollTypeSummary[];
  readonly openLoans: readonly LoanSummary[];
}

/** Stock as the ledger has it now. `today` (yyyy-mm-dd, office time) decides what is overdue. */
export async function stockSummary(ctx: StationContext, today: string): Promise<StockSummary> {
  const blankRows = await ctx.db.selectFrom('stock_balances').select(['bucket', 'quantity']).where('item', '=', 'blank').execute();
  const blanks = blankPosition(new Map(blankRows.map((r) => [r.bucket, r.quantity])));
  const encodeFailed = await ctx.db
    .selectFrom('attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'spoiled')
    .where((eb) => eb.or([eb('reason', '=', ENCODE_FAILED), eb('reason', 'like', `${ENCODE_FAILED}:%`)]))
    .executeTakeFirstOrThrow();

  const types = await ctx.db.selectFrom('consumable_types').selectAll().orderBy('family').orderBy('kind').execute();
  const rollCounts = await ctx.db
    .selectFrom('rolls')
    .select(['type_id', 'state', 'ownership', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['type_id', 'state', 'ownership'])
    .execute();
  const images = await ctx.db
    .selectFrom('stock_balances')
    .innerJoin('rolls', 'rolls.id', 'stock_balances.scope')
    .select(['rolls.type_id', (eb) => eb.fn.sum<number>('stock_balances.quantity').as('n')])
    .where('stock_balances.item', '=', 'images')
    .where('stock_balances.bucket', '=', 'remaining')
    .where('rolls.state', 'in', ['in-stock', 'loaded'])
    .groupBy('rolls.type_id')
    .execute();
  const count = (typeId: string, state: string, ownership?: string) =>
    rollCounts.filter((r) => r.type_id === typeId && r.state === state && (!ownership || r.ownership === ownership)).reduce((a, r) => a + Number(r.n), 0);

  const loans = await ctx.db.selectFrom('loans').selectAll().where('closed_at', 'is', null).orderBy('due_date').execute();
  return {
    blanks,
    blanksEncodeFailed: Number(encodeFailed.n),
    types: types.map((t) => ({
      typeId: t.id,
      family: t.family,
      kind: t.kind,
      imagesOnHand: Number(images.find((i) => i.type_id === t.id)?.n ?? 0),
      rollsInStock: count(t.id, 'in-stock'),
      rollsLoaded: count(t.id, 'loaded'),
      rollsAwaitingDestruction: count(t.id, 'awaiting-destruction'),
      rollsLentOut: count(t.id, 'lent-out'),
      rollsBorrowed: count(t.id, 'in-stock', 'borrowed') + count(t.id, 'loaded', 'borrowed'),
    })),
    openLoans: loans.map((l) => ({
      id: l.id,
      direction: l.direction,
      counterparty: l.counterparty,
      typeId: l.type_id,
      rolls: l.roll_count,
      dueDate: l.due_date,
      overdue: l.due_date < today,
    })),
  };
}
