import type { StationContext } from '../context.js';

export interface StockMovements {
  readonly total: number;
  readonly offset: number;
  readonly rows: {
    id: string; at: string; actor: string; item: string; typeId: string | null; rollId: string | null;
    from: string; to: string; quantity: number; printerId: string | null; reason: string | null;
  }[];
}

/** One page of the stock ledger, newest first. */
export async function stockMovements(ctx: StationContext, input: { offset: number; limit: number }): Promise<StockMovements> {
  const total = await ctx.db.selectFrom('movements').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await ctx.db.selectFrom('movements').selectAll().orderBy('audit_seq', 'desc').orderBy('id', 'desc').limit(input.limit).offset(input.offset).execute();
  return {
    total: Number(total.n),
    offset: input.offset,
    rows: rows.map((m) => ({
      id: m.id, at: m.at, actor: m.actor, item: m.item, typeId: m.type_id, rollId: m.roll_id, from: m.from_bucket, to: m.to_bucket,
      quantity: m.quantity, printerId: m.printer_id, reason: m.reason,
    })),
  };
}
