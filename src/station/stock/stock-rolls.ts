import type { StationContext } from '../context.js';

export interface StockRolls {
  readonly rows: {
    id: string; typeId: string; kind: 'film' | 'ribbon'; lot: string; state: string; printerId: string | null;
    ownership: 'own' | 'borrowed'; loanId: string | null; capacity: number; remaining: number;
  }[];
}

/** Rolls still on our books (not destroyed, returned or lent out), with the images left on each. */
export async function stockRolls(ctx: StationContext, input: { typeId?: string | undefined }): Promise<StockRolls> {
  let q = ctx.db
    .selectFrom('rolls')
    .leftJoin('stock_balances', (join) =>
      join.onRef('stock_balances.scope', '=', 'rolls.id').on('stock_balances.item', '=', 'images').on('stock_balances.bucket', '=', 'remaining'),
    )
    .select(['rolls.id', 'rolls.type_id', 'rolls.kind', 'rolls.lot', 'rolls.state', 'rolls.printer_id', 'rolls.ownership', 'rolls.loan_id', 'rolls.capacity_images', 'stock_balances.quantity'])
    .where('rolls.state', 'not in', ['destroyed', 'returned']);
  if (input.typeId !== undefined) q = q.where('rolls.type_id', '=', input.typeId);
  const rows = await q.orderBy('rolls.type_id').orderBy('rolls.received_at').orderBy('rolls.id').execute();
  return {
    rows: rows.map((r) => ({
      id: r.id, typeId: r.type_id, kind: r.kind, lot: r.lot, state: r.state, printerId: r.printer_id, ownership: r.ownership,
      loanId: r.loan_id, capacity: r.capacity_images, remaining: Number(r.quantity ?? 0),
    })),
  };
}

/** A roll in a printer, with the images the ledger says are left on it. */
export interface LoadedRoll {
  readonly rollId: string;
  readonly lot: string;
  readonly remaining: number;
  readonly capacity: number;
}

/** The film and ribbon loaded in each printer, by printer id. */
export async function loadedRollsByPrinter(ctx: StationContext): Promise<Map<string, { film?: LoadedRoll; ribbon?: LoadedRoll }>> {
  const rows = await ctx.db
    .selectFrom('rolls')
    .leftJoin('stock_balances as b', (join) => join.onRef('b.scope', '=', 'rolls.id').on('b.item', '=', 'images').on('b.bucket', '=', 'remaining'))
    .select(['rolls.id', 'rolls.printer_id', 'rolls.kind', 'rolls.lot', 'rolls.capacity_images', 'b.quantity'])
    .where('rolls.state', '=', 'loaded')
    .execute();
  const byPrinter = new Map<string, { film?: LoadedRoll; ribbon?: LoadedRoll }>();
  for (const r of rows) {
    if (!r.printer_id) continue;
    const entry = byPrinter.get(r.printer_id) ?? {};
    entry[r.kind] = { rollId: r.id, lot: r.lot, remaining: r.quantity ?? 0, capacity: r.capacity_images };
    byPrinter.set(r.printer_id, entry);
  }
  return byPrinter;
}
