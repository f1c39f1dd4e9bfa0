import { sql } from 'kysely';
import { blankInvariantProblems, blankPosition } from '../../domain/ledger.js';
import type { StationContext } from '../context.js';
import { testCardCounts } from '../printing/test-cards.js';

/**
 * Recomputes every balance from the movements (in SQL, so years of rows never sit in memory) and
 * checks it against the cached balances, the attempts and the rolls. Returns the problems in
 * words; empty means the ledger is sound.
 */
export async function verifyLedger(ctx: StationContext): Promise<string[]> {
  const problems: string[] = [];
  const scope = sql<string>`case when item = 'blank' then '' else roll_id end`;
  const ins = await ctx.db
    .selectFrom('movements')
    .select(['item', scope.as('scope'), 'to_bucket as bucket', (eb) => eb.fn.sum<number>('quantity').as('n')])
    .groupBy(['item', scope, 'to_bucket'])
    .execute();
  const outs = await ctx.db
    .selectFrom('movements')
    .select(['item', scope.as('scope'), 'from_bucket as bucket', (eb) => eb.fn.sum<number>('quantity').as('n')])
    .groupBy(['item', scope, 'from_bucket'])
    .execute();
  const derived = new Map<string, number>();
  const add = (key: string, n: number) => derived.set(key, (derived.get(key) ?? 0) + n);
  for (const r of ins) add(`${r.item}|${r.scope}|${r.bucket}`, Number(r.n));
  for (const r of outs) add(`${r.item}|${r.scope}|${r.bucket}`, -Number(r.n));

  const cached = await ctx.db.selectFrom('stock_balances').selectAll().execute();
  const cachedMap = new Map(cached.map((c) => [`${c.item}|${c.scope}|${c.bucket}`, c.quantity]));
  for (const key of new Set([...cachedMap.keys(), ...derived.keys()])) {
    const stored = cachedMap.get(key) ?? 0;
    const summed = derived.get(key) ?? 0;
    if (stored !== summed) problems.push(`balance ${key.replaceAll('|', ' ').replace('  ', ' ')} is ${stored} but the movements sum to ${summed}`);
  }

  const blankBalances = new Map<string, number>();
  for (const [key, quantity] of derived) {
    if (key.startsWith('blank||')) blankBalances.set(key.slice('blank||'.length), quantity);
  }
  const attempts = await ctx.db.selectFrom('attempts').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
  const n = (state: string) => Number(attempts.find((a) => a.state === state)?.n ?? 0);
  // A test card's blank is where a card's is, without an attempt: it is counted with the attempts.
  const tests = await testCardCounts(ctx);
  problems.push(...blankInvariantProblems(blankPosition(blankBalances), { printing: n('printing') + tests.printing, inDoubt: n('in-doubt') + tests.inDoubt, printed: n('printed'), spoiled: n('spoiled') + tests.spoiled }));

  // A roll's state is where its last roll movement took it.
  const mismatched = await ctx.db
    .selectFrom('rolls')
    .leftJoin('movements as m', (join) =>
      join
        .onRef('m.roll_id', '=', 'rolls.id')
        .on('m.item', '=', 'roll')
        .on('m.audit_seq', '=', (eb) => eb.selectFrom('movements as l').select((e) => e.fn.max('l.audit_seq').as('s')).whereRef('l.roll_id', '=', 'rolls.id').where('l.item', '=', 'roll')),
    )
    .select(['rolls.id', 'rolls.state', 'm.to_bucket'])
    .where((eb) => eb.or([eb('m.to_bucket', 'is', null), eb('m.to_bucket', '!=', eb.ref('rolls.state'))]))
    .execute();
  for (const roll of mismatched) {
    problems.push(`roll ${roll.id} is marked ${roll.state} but its movements leave it ${roll.to_bucket ?? 'nowhere'}`);
  }
  return problems;
}
