import { sql } from 'kysely';
import { writeTransaction } from '../../../db/transaction.js';
import { isoNow } from '../clock.js';
import type { StationContext } from '../context.js';
import { requirePermission, type Operator } from '../operators.js';
import { StationError } from '../station-error.js';
import { recordMovement } from '../stock/stock-ledger.js';

/**
 * Blanks handed down to the office's own sub-units (UPT, kecamatan print points). Not a loan: they
 * stay the office's and in its totals, in the `distributed` bucket, and each movement names the
 * sub-unit so the stock can be shown by location.
 */

async function requireSubUnit(ctx: StationContext, name: string): Promise<string> {
  const row = await ctx.db.selectFrom('directory').select(['name', 'kind']).where(sql`lower(name)`, '=', name.trim().toLowerCase()).executeTakeFirst();
  if (!row) throw new StationError('directory-unknown', `no sub-unit "${name}" in the directory: add it first (cetak directory add --kind sub-unit)`);
  if (row.kind !== 'sub-unit') throw new StationError('directory-not-sub-unit', `"${row.name}" is ${row.kind === 'office' ? 'an office' : `a ${row.kind}`}, not one of our sub-units: lend blanks to it instead`);
  return row.name;
}

function whole(n: number): void {
  if (!Number.isInteger(n) || n <= 0 || n > 1_000_000) throw new StationError('stock-bad-quantity', `a distribution is a whole number of blanks from 1 to 1,000,000, got ${n}`);
}

export async function distributeBlanks(ctx: StationContext, by: Operator, input: { subUnit: string; quantity: number }): Promise<void> {
  requirePermission(by, 'stock.move');
  whole(input.quantity);
  const location = await requireSubUnit(ctx, input.subUnit);
  await writeTransaction(ctx.db, async (trx) => {
    await recordMovement(trx, by.id, isoNow(ctx.clock), 'stock.distribute-blanks', { item: 'blank', from: 'in-stock', to: 'distributed', quantity: input.quantity, location });
  });
}

/** Blanks a sub-unit hands back to the office's shelf; never more than it holds. */
export async function returnDistributedBlanks(ctx: StationContext, by: Operator, input: { subUnit: string; quantity: number }): Promise<void> {
  requirePermission(by, 'stock.move');
  whole(input.quantity);
  const location = await requireSubUnit(ctx, input.subUnit);
  await writeTransaction(ctx.db, async (trx) => {
    const held = (await blanksAtSubUnits(trx)).find((l) => l.location === location)?.blanks ?? 0;
    if (held < input.quantity) throw new StationError('stock-negative', `${location} holds ${held} blanks, ${input.quantity} asked back`);
    await recordMovement(trx, by.id, isoNow(ctx.clock), 'stock.undistribute-blanks', { item: 'blank', from: 'distributed', to: 'in-stock', quantity: input.quantity, location });
  });
}

/** Blanks held at each sub-unit (net of what came back), largest first. */
export async function blanksAtSubUnits(db: Pick<StationContext['db'], 'selectFrom'>): Promise<{ location: string; blanks: number }[]> {
  const rows = await db
    .selectFrom('movements')
    .select(['location', 'to_bucket', (eb) => eb.fn.sum<number>('quantity').as('n')])
    .where('item', '=', 'blank')
    .where('location', 'is not', null)
    .groupBy(['location', 'to_bucket'])
    .execute();
  const held = new Map<string, number>();
  for (const r of rows) held.set(r.location!, (held.get(r.location!) ?? 0) + (r.to_bucket === 'distributed' ? 1 : -1) * Number(r.n));
  return [...held].map(([location, blanks]) => ({ location, blanks })).filter((l) => l.blanks > 0).sort((a, b) => b.blanks - a.blanks || a.location.localeCompare(b.location));
}
