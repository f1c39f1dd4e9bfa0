import type { StationContext } from '../context.js';
import type { StockRolls } from '../../api/protocol.js';

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
