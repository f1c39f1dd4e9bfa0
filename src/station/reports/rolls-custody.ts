import type { StationContext } from '../context.js';
import { localDateOf } from '../forecast/forecast-service.js';

/** A used roll in locked custody: it holds a readable negative of every card it printed. */
export interface CustodyRoll {
  readonly rollId: string;
  readonly typeId: string;
  readonly lot: string;
  /** Office-local date it went into custody. */
  readonly since: string;
  /** Cards it printed (printed or spoiled attempts): counts only, never whose. */
  readonly cardsPrinted: number;
}

export interface DestroyedRoll {
  readonly rollId: string;
  readonly typeId: string;
  readonly lot: string;
  readonly method: string;
  /** The supervisor who recorded it: "NAME (id)". */
  readonly destroyedBy: string;
  readonly witness: string;
  /** The destruction date as recorded. */
  readonly date: string;
  readonly cardsPrinted: number;
}

/** Cards each roll printed: attempts that used it as film or ribbon and left a card (good or spoiled). */
export async function cardsPerRoll(ctx: StationContext, rollIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (rollIds.length === 0) return counts;
  for (const column of ['film_roll_id', 'ribbon_roll_id'] as const) {
    const rows = await ctx.db
      .selectFrom('attempts')
      .select([`${column} as roll`, (eb) => eb.fn.countAll<number>().as('n')])
      .where(column, 'in', [...rollIds])
      .where('state', 'in', ['printed', 'spoiled'])
      .groupBy(column)
      .execute();
    for (const r of rows) if (r.roll) counts.set(r.roll, (counts.get(r.roll) ?? 0) + Number(r.n));
  }
  return counts;
}

/**
 * Rolls destroyed within `period` and rolls still awaiting destruction at its end, each with the
 * number of cards it printed.
 */
export async function rollsCustody(
  ctx: StationContext,
  period: { readonly startUtc: string; readonly endUtc: string },
  utcOffsetMinutes: number,
): Promise<{ destroyed: DestroyedRoll[]; awaiting: CustodyRoll[] }> {
  const moves = await ctx.db
    .selectFrom('movements')
    .select(['roll_id', 'to_bucket', 'at'])
    .where('item', '=', 'roll')
    .where('at', '<', period.endUtc)
    .orderBy('audit_seq')
    .execute();
  const last = new Map<string, { to: string; at: string }>();
  const destroyedIds: string[] = [];
  for (const m of moves) {
    if (!m.roll_id) continue;
    last.set(m.roll_id, { to: m.to_bucket, at: m.at });
    if (m.to_bucket === 'destroyed' && m.at >= period.startUtc) destroyedIds.push(m.roll_id);
  }
  const awaitingIds = [...last].filter(([, v]) => v.to === 'awaiting-destruction').map(([id]) => id);
  const ids = [...destroyedIds, ...awaitingIds];
  const rolls = ids.length
    ? await ctx.db
        .selectFrom('rolls')
        .leftJoin('operators', 'operators.id', 'rolls.destroyed_by')
        .select(['rolls.id', 'rolls.type_id', 'rolls.lot', 'rolls.destruction_method', 'rolls.destroyed_by', 'rolls.destruction_witness', 'rolls.destroyed_at', 'operators.name as operatorName'])
        .where('rolls.id', 'in', ids)
        .execute()
    : [];
  const cards = await cardsPerRoll(ctx, ids);
  const byId = new Map(rolls.map((r) => [r.id, r]));
  const destroyed = destroyedIds.map((id) => {
    const r = byId.get(id)!;
    return {
      rollId: id,
      typeId: r.type_id,
      lot: r.lot,
      method: r.destruction_method ?? 'not recorded',
      destroyedBy: r.operatorName ? `${r.operatorName} (${r.destroyed_by})` : (r.destroyed_by ?? 'not recorded'),
      witness: r.destruction_witness ?? 'not recorded',
      date: r.destroyed_at ?? localDateOf(last.get(id)!.at, utcOffsetMinutes),
      cardsPrinted: cards.get(id) ?? 0,
    };
  });
  const awaiting = awaitingIds
    .map((id) => ({ rollId: id, typeId: byId.get(id)!.type_id, lot: byId.get(id)!.lot, since: localDateOf(last.get(id)!.at, utcOffsetMinutes), cardsPrinted: cards.get(id) ?? 0 }))
    .sort((a, b) => a.since.localeCompare(b.since) || a.rollId.localeCompare(b.rollId));
  return { destroyed, awaiting };
}

/** Rolls awaiting destruction now, with the cards each printed (for the console and the report). */
export async function rollsAwaitingDestruction(ctx: StationContext, utcOffsetMinutes: number): Promise<CustodyRoll[]> {
  const now = ctx.clock.now().toISOString();
  // Just past now, so a roll moved into custody this very millisecond is listed too.
  const end = new Date(Date.parse(now) + 1).toISOString();
  return (await rollsCustody(ctx, { startUtc: end, endUtc: end }, utcOffsetMinutes)).awaiting;
}
