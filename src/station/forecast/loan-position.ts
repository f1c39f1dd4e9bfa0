import type { StationContext } from '../context.js';

/** One loan with how much of it is still open. */
export interface LoanStanding {
  readonly id: string;
  readonly direction: 'borrowed' | 'lent';
  readonly counterparty: string;
  readonly typeId: string;
  readonly rolls: number;
  readonly settled: number;
  /** Rolls still owed: by us for a borrowed loan, to us for a lent one. */
  readonly open: number;
  readonly dueDate: string;
  readonly createdAt: string;
  readonly closedAt: string | null;
  readonly overdue: boolean;
}

/** What is ours and what we owe, per consumable type. */
export interface TypeOwnership {
  readonly typeId: string;
  readonly family: string;
  readonly kind: 'film' | 'ribbon';
  /** Images left on our own usable rolls (shelf or printer). */
  readonly ownImagesOnHand: number;
  /** Images left on borrowed rolls in our hands. */
  readonly borrowedImagesOnHand: number;
  /** Rolls we must give back on open borrowed loans. */
  readonly rollsWeOwe: number;
  /** Rolls others must give back on open lent loans. */
  readonly rollsOwedToUs: number;
}

export interface LoanPosition {
  readonly types: readonly TypeOwnership[];
  readonly loans: readonly LoanStanding[];
}

/**
 * Rolls settled per loan: the same movements stock-service counts when it closes a loan (our
 * rolls going back, or lent rolls coming back or settled with equivalents).
 */
async function settledByLoan(ctx: StationContext, before?: string): Promise<Map<string, number>> {
  let q = ctx.db
    .selectFrom('movements')
    .select(['loan_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('item', '=', 'roll')
    .where('loan_id', 'is not', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('from_bucket', '=', 'in-stock'), eb('to_bucket', '=', 'returned')]),
        eb.and([eb('from_bucket', '=', 'lent-out'), eb('to_bucket', 'in', ['in-stock', 'returned'])]),
      ]),
    )
    .groupBy('loan_id');
  if (before) q = q.where('at', '<', before);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.loan_id!, Number(r.n)]));
}

/**
 * Loans standing at `asOf` (a UTC instant; default now): every loan made before it, with what was
 * settled before it. `today` (office-local yyyy-mm-dd) decides what is overdue.
 */
export async function loanStandings(ctx: StationContext, today: string, asOf?: string): Promise<LoanStanding[]> {
  let q = ctx.db.selectFrom('loans').selectAll().orderBy('due_date').orderBy('id');
  if (asOf) q = q.where('created_at', '<', asOf);
  const loans = await q.execute();
  const settled = await settledByLoan(ctx, asOf);
  return loans.map((l) => {
    const s = Math.min(l.roll_count, settled.get(l.id) ?? 0);
    const closedAt = l.closed_at && (!asOf || l.closed_at < asOf) ? l.closed_at : null;
    const open = closedAt ? 0 : l.roll_count - s;
    return {
      id: l.id,
      direction: l.direction,
      counterparty: l.counterparty,
      typeId: l.type_id,
      rolls: l.roll_count,
      settled: s,
      open,
      dueDate: l.due_date,
      createdAt: l.created_at,
      closedAt,
      overdue: open > 0 && l.due_date < today,
    };
  });
}

/** What is ours and what we owe, now. */
export async function loanPosition(ctx: StationContext, today: string): Promise<LoanPosition> {
  const types = await ctx.db.selectFrom('consumable_types').selectAll().orderBy('family').orderBy('kind').execute();
  const images = await ctx.db
    .selectFrom('stock_balances')
    .innerJoin('rolls', 'rolls.id', 'stock_balances.scope')
    .select(['rolls.type_id', 'rolls.ownership', (eb) => eb.fn.sum<number>('stock_balances.quantity').as('n')])
    .where('stock_balances.item', '=', 'images')
    .where('stock_balances.bucket', '=', 'remaining')
    .where('rolls.state', 'in', ['in-stock', 'loaded'])
    .groupBy(['rolls.type_id', 'rolls.ownership'])
    .execute();
  const loans = await loanStandings(ctx, today);
  const open = loans.filter((l) => l.open > 0);
  const img = (typeId: string, ownership: string) => Number(images.find((i) => i.type_id === typeId && i.ownership === ownership)?.n ?? 0);
  return {
    types: types.map((t) => ({
      typeId: t.id,
      family: t.family,
      kind: t.kind,
      ownImagesOnHand: img(t.id, 'own'),
      borrowedImagesOnHand: img(t.id, 'borrowed'),
      rollsWeOwe: open.filter((l) => l.typeId === t.id && l.direction === 'borrowed').reduce((a, l) => a + l.open, 0),
      rollsOwedToUs: open.filter((l) => l.typeId === t.id && l.direction === 'lent').reduce((a, l) => a + l.open, 0),
    })),
    loans: open,
  };
}
