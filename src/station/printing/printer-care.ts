import { writeTransaction } from '../../../db/transaction.js';
import { appendAudit } from '../audit/audit-log.js';
import { isoNow } from '../clock.js';
import type { Actor, StationContext } from '../context.js';
import { newId } from '../ids.js';

/**
 * What people do to a printer besides printing, kept per printer (`printer_care`) and in the audit
 * log: a cleaning (which starts the count of cards since cleaning again) and a refill of the feeder.
 */

/** When the printer was last cleaned (ISO-8601), or null when it never was in cetak. */
export async function lastCleaning(ctx: StationContext, printerId: string): Promise<string | null> {
  const row = await ctx.db.selectFrom('printer_care').select('at').where('printer_id', '=', printerId).where('kind', '=', 'cleaning').orderBy('at', 'desc').limit(1).executeTakeFirst();
  return row?.at ?? null;
}

/** Cards that went through the printer (printed or spoiled, test cards too) since its last cleaning. */
export async function cardsSinceCleaning(ctx: StationContext, printerId: string): Promise<number> {
  const since = (await lastCleaning(ctx, printerId)) ?? '';
  const attempts = await ctx.db
    .selectFrom('attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('printer_id', '=', printerId)
    .where('state', 'in', ['printed', 'spoiled'])
    .where('started_at', '>', since)
    .executeTakeFirstOrThrow();
  const tests = await ctx.db
    .selectFrom('test_cards')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('printer_id', '=', printerId)
    .where('state', 'in', ['printed', 'spoiled'])
    .where('started_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(attempts.n) + Number(tests.n);
}

/** Records a cleaning done on the printer; returns how many cards it had printed since the one before. */
export async function recordCleaning(ctx: StationContext, by: Actor, printerId: string): Promise<number> {
  const cards = await cardsSinceCleaning(ctx, printerId);
  const at = isoNow(ctx.clock);
  await writeTransaction(ctx.db, async (trx) => {
    await trx.insertInto('printer_care').values({ id: newId('care'), printer_id: printerId, kind: 'cleaning', at, actor: by, cards }).execute();
    await appendAudit(trx, { actor: by, at, action: 'printer.clean', entityKind: 'printer', entityId: printerId, details: { cardsSinceCleaning: cards } });
  });
  return cards;
}

/** Records blanks put in the printer's feeder (from the shelf: the ledger's blanks in stock hold both). */
export async function recordRefill(ctx: StationContext, by: Actor, printerId: string, cards: number): Promise<void> {
  const at = isoNow(ctx.clock);
  await writeTransaction(ctx.db, async (trx) => {
    await trx.insertInto('printer_care').values({ id: newId('care'), printer_id: printerId, kind: 'refill', at, actor: by, cards }).execute();
    await appendAudit(trx, { actor: by, at, action: 'printer.refill', entityKind: 'printer', entityId: printerId, details: { cards } });
  });
}

/** The last time each kind of care was given to a printer, for the printers screen. */
export async function careHistory(ctx: StationContext, printerId: string, limit = 5): Promise<{ kind: string; at: string; actor: string; cards: number }[]> {
  return ctx.db.selectFrom('printer_care').select(['kind', 'at', 'actor', 'cards']).where('printer_id', '=', printerId).orderBy('at', 'desc').limit(limit).execute();
}
