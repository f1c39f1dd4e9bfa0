import { writeTransaction } from '../../../db/transaction.js';
import type { PrintOutcomeKind } from '../../../hardware/types.js';
import { spoilReason, TEST_CARD } from '../../domain/spoil-categories.js';
import { appendAudit } from '../audit/audit-log.js';
import { isoNow } from '../clock.js';
import type { Actor, StationContext, Trx } from '../context.js';
import { diskFullReason } from '../disk-space.js';
import { newId } from '../ids.js';
import { NotReadyError, usableRoll } from '../jobs/attempts.js';
import { StationError } from '../station-error.js';
import { balanceOf, recordMovement } from '../stock/stock-ledger.js';

/**
 * A test card is a card of its own in the ledger: it takes a blank (in stock → printing) and
 * reserves film and ribbon images before any byte goes to the printer, exactly like a job's attempt,
 * and its outcome moves them in one transaction. A test card that came out used its blank: it is
 * spoiled with the category `test` (destroyed with the other spoiled blanks, counted apart in the
 * monthly report). One the printer never picked gives everything back; one nobody knows about stays
 * in doubt until a person says.
 */

export const TEST_CARD_STATES = ['printing', 'printed', 'spoiled', 'not-consumed', 'in-doubt'] as const;
export type TestCardState = (typeof TEST_CARD_STATES)[number];

export interface BeganTestCard {
  readonly testCardId: string;
  readonly filmRollId: string | null;
  readonly ribbonRollId: string;
}

type TestCardRow = { id: string; printer_id: string; state: string; film_roll_id: string | null; ribbon_roll_id: string | null };

/** Commits the test card and what it takes; NotReadyError (nothing written) when a consumable is missing. */
export async function beginTestCard(ctx: StationContext, input: { printerId: string; needsFilm: boolean; actor: Actor; testCardId?: string }): Promise<BeganTestCard> {
  const diskFull = diskFullReason(ctx);
  if (diskFull) throw new NotReadyError('disk-full', `${diskFull}: no test card until there is room`);
  return writeTransaction(ctx.db, async (trx) => {
    const printer = await trx.selectFrom('printers').select(['id', 'family', 'name']).where('id', '=', input.printerId).executeTakeFirst();
    if (!printer) throw new StationError('printer-unknown', `no printer "${input.printerId}"`, { printer: input.printerId });
    if ((await balanceOf(trx, 'blank', '', 'in-stock')) < 1) throw new NotReadyError('no-blanks', 'no blank cards left in stock');
    const film = input.needsFilm ? await usableRoll(trx, printer, 'film', 1) : null;
    const ribbon = await usableRoll(trx, printer, 'ribbon', 1);
    const at = isoNow(ctx.clock);
    const testCardId = input.testCardId ?? newId('tst');
    await trx
      .insertInto('test_cards')
      .values({ id: testCardId, printer_id: printer.id, station_id: ctx.stationId, state: 'printing', film_roll_id: film?.id ?? null, ribbon_roll_id: ribbon.id, requested_by: input.actor, started_at: at, finished_at: null, reason: null })
      .execute();
    await appendAudit(trx, { actor: input.actor, at, action: 'printer.test-card', entityKind: 'printer', entityId: printer.id, details: { testCard: testCardId } });
    await recordMovement(trx, input.actor, at, 'test-card.take-blank', { item: 'blank', from: 'in-stock', to: 'printing', quantity: 1, printerId: printer.id, reason: `test card ${testCardId}` });
    for (const roll of [film, ribbon]) {
      if (!roll) continue;
      await recordMovement(trx, input.actor, at, 'test-card.reserve-images', { item: 'images', from: 'remaining', to: 'in-use', quantity: 1, rollId: roll.id, typeId: roll.type_id, printerId: printer.id, reason: `test card ${testCardId}` });
    }
    return { testCardId, filmRollId: film?.id ?? null, ribbonRollId: ribbon.id };
  });
}

const OUTCOME_STATE: Readonly<Record<PrintOutcomeKind, Exclude<TestCardState, 'printing'>>> = {
  printed: 'printed',
  spoiled: 'spoiled',
  'not-consumed': 'not-consumed',
  unknown: 'in-doubt',
};

/** Where the blank and the images go when a test card ends in `to`. */
function plan(to: Exclude<TestCardState, 'printing'>): { blank: 'spoiled' | 'in-stock' | 'in-doubt'; images: 'used' | 'remaining' | null } {
  if (to === 'printed' || to === 'spoiled') return { blank: 'spoiled', images: 'used' };
  if (to === 'not-consumed') return { blank: 'in-stock', images: 'remaining' };
  return { blank: 'in-doubt', images: null };
}

async function settleTestCard(trx: Trx, actor: Actor, at: string, card: TestCardRow, from: 'printing' | 'in-doubt', to: Exclude<TestCardState, 'printing'>, detail: string | null): Promise<void> {
  const updated = await trx
    .updateTable('test_cards')
    .set({ state: to, finished_at: to === 'in-doubt' ? null : at, reason: detail })
    .where('id', '=', card.id)
    .where('state', '=', from)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new StationError('test-card-state-changed', `test card ${card.id} is no longer ${from}`, { testCard: card.id });
  const { blank, images } = plan(to);
  const reason = blank === 'spoiled' ? spoilReason(TEST_CARD, `test card ${card.id}${to === 'spoiled' && detail ? ` (${detail})` : ''}`) : `test card ${card.id}`;
  await recordMovement(trx, actor, at, `test-card.${to}`, { item: 'blank', from, to: blank, quantity: 1, printerId: card.printer_id, reason });
  // Images stay reserved while the card is in doubt, as for an attempt.
  if (images && (from === 'printing' || from === 'in-doubt')) {
    for (const rollId of [card.film_roll_id, card.ribbon_roll_id]) {
      if (!rollId) continue;
      await recordMovement(trx, actor, at, `test-card.${to}-images`, { item: 'images', from: 'in-use', to: images, quantity: 1, rollId, printerId: card.printer_id, reason: `test card ${card.id}` });
    }
  }
  await appendAudit(trx, { actor, at, action: `printer.test-card-${to}`, entityKind: 'printer', entityId: card.printer_id, details: { testCard: card.id, ...(detail ? { detail } : {}) } });
}

async function requireTestCard(trx: Trx, testCardId: string): Promise<TestCardRow> {
  const row = await trx.selectFrom('test_cards').select(['id', 'printer_id', 'state', 'film_roll_id', 'ribbon_roll_id']).where('id', '=', testCardId).executeTakeFirst();
  if (!row) throw new StationError('test-card-unknown', `no test card "${testCardId}"`, { testCard: testCardId });
  return row;
}

/** Records what the printer said of a test card, with its consumption, in one transaction. */
export async function finishTestCard(ctx: StationContext, input: { testCardId: string; outcome: PrintOutcomeKind; detail?: string; actor?: Actor }): Promise<Exclude<TestCardState, 'printing'>> {
  const to = OUTCOME_STATE[input.outcome];
  await writeTransaction(ctx.db, async (trx) => {
    const card = await requireTestCard(trx, input.testCardId);
    if (card.state !== 'printing') throw new StationError('test-card-state-changed', `test card ${card.id} is ${card.state}, not printing`, { testCard: card.id });
    await settleTestCard(trx, input.actor ?? 'system:dispatcher', isoNow(ctx.clock), card, 'printing', to, input.detail ?? null);
  });
  return to;
}

/** A person says whether a test card in doubt came out (its blank is used) or not (all back in stock). */
export async function resolveTestCard(ctx: StationContext, by: Actor, input: { testCardId: string; printed: boolean }): Promise<void> {
  await writeTransaction(ctx.db, async (trx) => {
    const card = await requireTestCard(trx, input.testCardId);
    if (card.state !== 'in-doubt') throw new StationError('test-card-not-in-doubt', `test card ${card.id} is ${card.state}, not in doubt`, { testCard: card.id });
    await settleTestCard(trx, by, isoNow(ctx.clock), card, 'in-doubt', input.printed ? 'printed' : 'not-consumed', 'resolved by a person');
  });
}

/** At start, test cards this station left printing may have come out or not: they go in doubt. */
export async function markInterruptedTestCards(ctx: StationContext): Promise<number> {
  return writeTransaction(ctx.db, async (trx) => {
    const stuck = await trx.selectFrom('test_cards').select(['id', 'printer_id', 'state', 'film_roll_id', 'ribbon_roll_id']).where('state', '=', 'printing').where('station_id', '=', ctx.stationId).execute();
    const at = isoNow(ctx.clock);
    for (const card of stuck) await settleTestCard(trx, 'system:recovery', at, card, 'printing', 'in-doubt', 'station restarted during the test card');
    return stuck.length;
  });
}

/** Test cards by state, for ledger verification: their blanks sit in printing, in doubt or spoiled. */
export async function testCardCounts(ctx: StationContext): Promise<{ printing: number; inDoubt: number; spoiled: number }> {
  // A backup taken before a migration is verified at its own schema, which may predate test cards.
  const tables = await ctx.db.introspection.getTables();
  if (!tables.some((table) => table.name === 'test_cards')) return { printing: 0, inDoubt: 0, spoiled: 0 };
  const rows = await ctx.db.selectFrom('test_cards').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
  const n = (...states: string[]) => rows.filter((r) => states.includes(r.state)).reduce((a, r) => a + Number(r.n), 0);
  return { printing: n('printing'), inDoubt: n('in-doubt'), spoiled: n('printed', 'spoiled') };
}

/** Test cards of a printer still in doubt, oldest first. */
export async function testCardsInDoubt(ctx: StationContext, printerId?: string): Promise<{ id: string; printerId: string; startedAt: string }[]> {
  let q = ctx.db.selectFrom('test_cards').select(['id', 'printer_id', 'started_at']).where('state', '=', 'in-doubt');
  if (printerId) q = q.where('printer_id', '=', printerId);
  const rows = await q.orderBy('started_at').execute();
  return rows.map((r) => ({ id: r.id, printerId: r.printer_id, startedAt: r.started_at }));
}
