import { writeTransaction } from '../../../db/transaction.js';
import type { RollState } from '../../domain/ledger.js';
import { appendAudit } from '../audit/audit-log.js';
import { isoNow } from '../clock.js';
import type { StationContext, Trx } from '../context.js';
import { newId } from '../ids.js';
import { requirePermission, type Operator } from '../operators.js';
import { StationError } from '../station-error.js';
import { balanceOf, recordMovement } from './stock-ledger.js';

export const CONSUMABLE_KINDS = ['film', 'ribbon'] as const;
export type ConsumableKind = (typeof CONSUMABLE_KINDS)[number];

const FAMILY_PATTERN = /^[a-z0-9][a-z0-9-]{1,31}$/;

export function consumableTypeId(family: string, kind: ConsumableKind): string {
  return `${family}-${kind}`;
}

/** Adds a consumable type, or returns the existing one when family and kind already exist. */
export async function defineConsumableType(
  ctx: StationContext,
  by: Operator,
  input: { family: string; kind: ConsumableKind; name?: string; nominalImages: number },
): Promise<string> {
  requirePermission(by, 'stock.move');
  if (!FAMILY_PATTERN.test(input.family)) {
    throw new StationError('stock-bad-family', `printer family "${input.family}" must be lower-case letters, digits and "-" (e.g. fargo-hdp)`);
  }
  if (!Number.isInteger(input.nominalImages) || input.nominalImages <= 0) {
    throw new StationError('stock-bad-quantity', `nominal images per roll must be a whole number above 0, got ${input.nominalImages}`);
  }
  const id = consumableTypeId(input.family, input.kind);
  return writeTransaction(ctx.db, async (trx) => {
    const existing = await trx.selectFrom('consumable_types').select('id').where('id', '=', id).executeTakeFirst();
    if (existing) return id;
    const at = isoNow(ctx.clock);
    await trx
      .insertInto('consumable_types')
      .values({ id, family: input.family, kind: input.kind, name: input.name ?? `${input.family} ${input.kind}`, nominal_images: input.nominalImages })
      .execute();
    await appendAudit(trx, { actor: by.id, at, action: 'stock.type-define', entityKind: 'consumable-type', entityId: id, details: { nominalImages: input.nominalImages } });
    return id;
  });
}

/**
 * Where received blanks came from: the Directorate General's allocation (the normal way), or
 * another channel the office names. Borrowed blanks are not received: see shortage/blank-loans.ts.
 */
export const BLANK_SOURCES = ['allocation', 'other'] as const;
export type BlankSource = (typeof BLANK_SOURCES)[number];

export async function receiveBlanks(
  ctx: StationContext,
  by: Operator,
  input: { documentNo: string; quantity: number; serialFrom?: string; serialTo?: string; source?: BlankSource },
): Promise<string> {
  requirePermission(by, 'stock.move');
  if (input.documentNo.trim() === '') throw new StationError('stock-missing-document', 'a blank batch needs its document number');
  return writeTransaction(ctx.db, async (trx) => {
    const dup = await trx.selectFrom('blank_batches').select('id').where('document_no', '=', input.documentNo).executeTakeFirst();
    if (dup) {
      throw new StationError('stock-duplicate-document', `blank batch with document ${input.documentNo} was already received (${dup.id})`);
    }
    const at = isoNow(ctx.clock);
    const id = newId('batch');
    if (!Number.isInteger(input.quantity) || input.quantity <= 0) {
      throw new StationError('stock-bad-quantity', `a blank batch needs a whole number of cards above 0, got ${input.quantity}`);
    }
    await trx
      .insertInto('blank_batches')
      .values({ id, document_no: input.documentNo, quantity: input.quantity, serial_from: input.serialFrom ?? null, serial_to: input.serialTo ?? null, received_at: at, received_by: by.id, source: input.source ?? 'allocation' })
      .execute();
    await recordMovement(trx, by.id, at, 'stock.receive-blanks', { item: 'blank', from: 'supplier', to: 'in-stock', quantity: input.quantity, batchId: id, reason: `${input.source ?? 'allocation'}, document ${input.documentNo}` });
    return id;
  });
}

async function requireType(trx: Trx, typeId: string) {
  const type = await trx.selectFrom('consumable_types').selectAll().where('id', '=', typeId).executeTakeFirst();
  if (!type) throw new StationError('stock-unknown-type', `no consumable type "${typeId}" (define it first, e.g. datacard-film)`);
  return type;
}

async function createRoll(
  trx: Trx,
  ctx: StationContext,
  actor: string,
  at: string,
  input: { typeId: string; kind: ConsumableKind; lot: string; capacityImages: number; ownership: 'own' | 'borrowed'; loanId: string | null; from: 'supplier' | 'lender' },
): Promise<string> {
  if (!Number.isInteger(input.capacityImages) || input.capacityImages <= 0) {
    throw new StationError('stock-bad-quantity', `a roll's capacity must be a whole number of images above 0, got ${input.capacityImages}`);
  }
  const id = newId('roll');
  await trx
    .insertInto('rolls')
    .values({
      id,
      type_id: input.typeId,
      kind: input.kind,
      lot: input.lot,
      capacity_images: input.capacityImages,
      state: 'in-stock',
      printer_id: null,
      ownership: input.ownership,
      loan_id: input.loanId,
      station_id: ctx.stationId,
      received_at: at,
      destroyed_at: null,
      destruction_method: null,
      destroyed_by: null,
      destruction_witness: null,
    })
    .execute();
  const action = input.from === 'lender' ? 'stock.borrow-roll' : 'stock.receive-roll';
  await recordMovement(trx, actor, at, action, { item: 'roll', from: input.from, to: 'in-stock', quantity: 1, rollId: id, typeId: input.typeId, loanId: input.loanId });
  await recordMovement(trx, actor, at, action, { item: 'images', from: 'supplier', to: 'remaining', quantity: input.capacityImages, rollId: id, typeId: input.typeId, loanId: input.loanId });
  return id;
}

/** Receives `count` new rolls of one type and lot; capacity defaults to the type's nominal images. */
export async function receiveRolls(
  ctx: StationContext,
  by: Operator,
  input: { typeId: string; count: number; lot: string; capacityImages?: number },
): Promise<string[]> {
  requirePermission(by, 'stock.move');
  if (!Number.isInteger(input.count) || input.count <= 0 || input.count > 1000) {
    throw new StationError('stock-bad-quantity', `roll count must be 1 to 1000, got ${input.count}`);
  }
  return writeTransaction(ctx.db, async (trx) => {
    const type = await requireType(trx, input.typeId);
    const at = isoNow(ctx.clock);
    const ids: string[] = [];
    for (let i = 0; i < input.count; i++) {
      ids.push(await createRoll(trx, ctx, by.id, at, { typeId: type.id, kind: type.kind, lot: input.lot, capacityImages: input.capacityImages ?? type.nominal_images, ownership: 'own', loanId: null, from: 'supplier' }));
    }
    return ids;
  });
}

async function requireRoll(trx: Trx, rollId: string) {
  const roll = await trx.selectFrom('rolls').selectAll().where('id', '=', rollId).executeTakeFirst();
  if (!roll) throw new StationError('stock-unknown-roll', `no roll "${rollId}"`);
  return roll;
}

async function moveRoll(trx: Trx, actor: string, at: string, action: string, rollId: string, from: RollState, to: RollState, extra: { printerId?: string | null; loanId?: string | null; reason?: string | null } = {}): Promise<void> {
  const roll = await requireRoll(trx, rollId);
  if (roll.state !== from) {
    throw new StationError('stock-roll-state', `roll ${rollId} is ${roll.state}, not ${from}`, { roll: rollId, state: roll.state });
  }
  await recordMovement(trx, actor, at, action, { item: 'roll', from, to, quantity: 1, rollId, typeId: roll.type_id, printerId: extra.printerId ?? roll.printer_id, loanId: extra.loanId ?? null, reason: extra.reason ?? null });
  await trx
    .updateTable('rolls')
    .set({ state: to, printer_id: to === 'loaded' ? (extra.printerId ?? null) : null })
    .where('id', '=', rollId)
    .where('state', '=', from)
    .execute();
}

export async function loadRoll(ctx: StationContext, by: Operator, input: { rollId: string; printerId: string }): Promise<void> {
  requirePermission(by, 'printers.control');
  await writeTransaction(ctx.db, async (trx) => {
    const roll = await requireRoll(trx, input.rollId);
    const printer = await trx.selectFrom('printers').selectAll().where('id', '=', input.printerId).executeTakeFirst();
    if (!printer) throw new StationError('printer-unknown', `no printer "${input.printerId}"`);
    if (roll.state !== 'in-stock') {
      throw new StationError('stock-roll-state', `roll ${roll.id} is ${roll.state}, not in-stock`, { roll: roll.id, state: roll.state });
    }
    const type = await requireType(trx, roll.type_id);
    if (type.family !== printer.family) {
      throw new StationError('stock-wrong-family', `roll ${roll.id} is ${type.family} ${type.kind}; printer ${printer.name} takes ${printer.family}`);
    }
    const current = await trx.selectFrom('rolls').select('id').where('printer_id', '=', printer.id).where('kind', '=', roll.kind).where('state', '=', 'loaded').executeTakeFirst();
    if (current) {
      throw new StationError('stock-printer-occupied', `printer ${printer.name} already has ${roll.kind} roll ${current.id} loaded: unload it first`);
    }
    await moveRoll(trx, by.id, isoNow(ctx.clock), 'stock.load-roll', roll.id, 'in-stock', 'loaded', { printerId: printer.id });
  });
}

/**
 * Takes a roll out of its printer. A roll with images left goes back on the shelf; an empty one (or
 * one the operator says is finished) is used up and goes into locked custody: it carries a readable
 * negative of every card it printed until a supervisor records its destruction.
 */
export async function unloadRoll(ctx: StationContext, by: Operator, input: { rollId: string; finished?: boolean }): Promise<RollState> {
  requirePermission(by, 'printers.control');
  return writeTransaction(ctx.db, async (trx) => {
    const roll = await requireRoll(trx, input.rollId);
    const at = isoNow(ctx.clock);
    // A card printing or in doubt holds images of this roll: they must come back to it, or be used,
    // before the roll can leave the printer.
    const reserved = await balanceOf(trx, 'images', roll.id, 'in-use');
    if (reserved > 0) {
      throw new StationError('stock-roll-in-use', `roll ${roll.id} still has ${reserved} image(s) reserved by a card printing or in doubt: resolve that card first`, { roll: roll.id });
    }
    const remaining = await balanceOf(trx, 'images', roll.id, 'remaining');
    if (input.finished || remaining === 0) {
      await moveRoll(trx, by.id, at, 'stock.unload-roll', roll.id, 'loaded', 'used-up');
      await moveRoll(trx, by.id, at, 'stock.custody', roll.id, 'used-up', 'awaiting-destruction');
      return 'awaiting-destruction';
    }
    await moveRoll(trx, by.id, at, 'stock.unload-roll', roll.id, 'loaded', 'in-stock');
    return 'in-stock';
  });
}

export async function recordDestruction(
  ctx: StationContext,
  by: Operator,
  input: { rollIds: readonly string[]; method: string; witness: string; date: string },
): Promise<void> {
  requirePermission(by, 'stock.destroy');
  if (input.method.trim() === '' || input.witness.trim() === '') {
    throw new StationError('stock-destruction-incomplete', 'a destruction record needs the method and a witness');
  }
  await writeTransaction(ctx.db, async (trx) => {
    const at = isoNow(ctx.clock);
    for (const rollId of input.rollIds) {
      await moveRoll(trx, by.id, at, 'stock.destroy-roll', rollId, 'awaiting-destruction', 'destroyed', { reason: input.method });
      await trx
        .updateTable('rolls')
        .set({ destroyed_at: input.date, destruction_method: input.method, destroyed_by: by.id, destruction_witness: input.witness })
        .where('id', '=', rollId)
        .execute();
    }
  });
}

function checkLoanInput(input: { counterparty: string; dueDate: string }): void {
  if (input.counterparty.trim() === '') throw new StationError('loan-missing-counterparty', 'a loan needs the other office or supplier');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dueDate) || Number.isNaN(Date.parse(input.dueDate))) {
    throw new StationError('loan-bad-due-date', `due date "${input.dueDate}" is not a date (yyyy-mm-dd)`);
  }
}

/** Borrowed rolls come into stock as ours to use, but owed: the loan stays open until repaid. */
export async function borrowRolls(
  ctx: StationContext,
  by: Operator,
  input: { counterparty: string; typeId: string; count: number; lot: string; capacityImages?: number; dueDate: string; note?: string },
): Promise<{ loanId: string; rollIds: string[] }> {
  requirePermission(by, 'stock.move');
  checkLoanInput(input);
  if (!Number.isInteger(input.count) || input.count <= 0 || input.count > 1000) {
    throw new StationError('stock-bad-quantity', `roll count must be 1 to 1000, got ${input.count}`);
  }
  return writeTransaction(ctx.db, async (trx) => {
    const type = await requireType(trx, input.typeId);
    const at = isoNow(ctx.clock);
    const loanId = newId('loan');
    await trx
      .insertInto('loans')
      .values({ id: loanId, direction: 'borrowed', counterparty: input.counterparty.trim(), type_id: type.id, roll_count: input.count, due_date: input.dueDate, created_at: at, created_by: by.id, closed_at: null, note: input.note ?? null })
      .execute();
    await appendAudit(trx, { actor: by.id, at, action: 'loan.borrow', entityKind: 'loan', entityId: loanId, details: { type: type.id, rolls: input.count, due: input.dueDate } });
    const rollIds: string[] = [];
    for (let i = 0; i < input.count; i++) {
      rollIds.push(await createRoll(trx, ctx, by.id, at, { typeId: type.id, kind: type.kind, lot: input.lot, capacityImages: input.capacityImages ?? type.nominal_images, ownership: 'borrowed', loanId, from: 'lender' }));
    }
    return { loanId, rollIds };
  });
}

export async function lendRolls(
  ctx: StationContext,
  by: Operator,
  input: { counterparty: string; rollIds: readonly string[]; dueDate: string; note?: string },
): Promise<string> {
  requirePermission(by, 'stock.move');
  checkLoanInput(input);
  if (input.rollIds.length === 0) throw new StationError('stock-bad-quantity', 'name at least one roll to lend');
  return writeTransaction(ctx.db, async (trx) => {
    const first = await requireRoll(trx, input.rollIds[0]!);
    const at = isoNow(ctx.clock);
    const loanId = newId('loan');
    await trx
      .insertInto('loans')
      .values({ id: loanId, direction: 'lent', counterparty: input.counterparty.trim(), type_id: first.type_id, roll_count: input.rollIds.length, due_date: input.dueDate, created_at: at, created_by: by.id, closed_at: null, note: input.note ?? null })
      .execute();
    await appendAudit(trx, { actor: by.id, at, action: 'loan.lend', entityKind: 'loan', entityId: loanId, details: { type: first.type_id, rolls: input.rollIds.length, due: input.dueDate } });
    for (const rollId of input.rollIds) {
      const roll = await requireRoll(trx, rollId);
      if (roll.type_id !== first.type_id) {
        throw new StationError('loan-mixed-types', `a loan is of one type: roll ${rollId} is ${roll.type_id}, not ${first.type_id}`);
      }
      await moveRoll(trx, by.id, at, 'stock.lend-roll', rollId, 'in-stock', 'lent-out', { loanId });
      await trx.updateTable('rolls').set({ loan_id: loanId }).where('id', '=', rollId).execute();
    }
    return loanId;
  });
}

/**
 * Settles (part of) a loan. For a loan we took, we give back rolls from stock: the borrowed ones or
 * equivalent rolls of the same type. For a loan we gave, the other office gives back our rolls, or
 * equivalent new ones (received as ours, while the lent rolls leave our books). The loan closes when
 * as many rolls as were lent have been settled.
 */
export async function returnLoan(
  ctx: StationContext,
  by: Operator,
  input: { loanId: string; rollIds?: readonly string[]; equivalent?: { count: number; lot: string; capacityImages?: number } },
): Promise<{ settled: number; open: number }> {
  requirePermission(by, 'stock.move');
  return writeTransaction(ctx.db, async (trx) => {
    const loan = await trx.selectFrom('loans').selectAll().where('id', '=', input.loanId).executeTakeFirst();
    if (!loan) throw new StationError('loan-unknown', `no loan "${input.loanId}"`);
    if (loan.closed_at) throw new StationError('loan-closed', `loan ${loan.id} was already settled on ${loan.closed_at.slice(0, 10)}`);
    const at = isoNow(ctx.clock);
    const type = await requireType(trx, loan.type_id);
    const already = await settledCount(trx, loan.id);
    const settling = input.rollIds?.length ?? input.equivalent?.count ?? 0;
    if (settling <= 0) throw new StationError('stock-bad-quantity', 'name the rolls returned, or how many equivalent rolls');
    if (already + settling > loan.roll_count) {
      throw new StationError('loan-over-returned', `loan ${loan.id} is for ${loan.roll_count} rolls; ${already} already settled, ${settling} more is too many`);
    }
    if (loan.direction === 'borrowed') {
      for (const rollId of input.rollIds ?? []) {
        const roll = await requireRoll(trx, rollId);
        if (roll.type_id !== loan.type_id) throw new StationError('loan-mixed-types', `roll ${rollId} is ${roll.type_id}; the loan is ${loan.type_id}`);
        await moveRoll(trx, by.id, at, 'stock.repay-roll', rollId, 'in-stock', 'returned', { loanId: loan.id });
      }
      if (input.equivalent) {
        throw new StationError('loan-return-needs-rolls', 'to repay a borrowed loan, name the rolls from our stock that go back');
      }
    } else {
      for (const rollId of input.rollIds ?? []) {
        const roll = await requireRoll(trx, rollId);
        if (roll.loan_id !== loan.id) throw new StationError('loan-roll-not-in-loan', `roll ${rollId} was not lent under loan ${loan.id}`);
        await moveRoll(trx, by.id, at, 'stock.lent-roll-back', rollId, 'lent-out', 'in-stock', { loanId: loan.id });
      }
      if (input.equivalent) {
        const outstanding = await trx.selectFrom('rolls').select('id').where('loan_id', '=', loan.id).where('state', '=', 'lent-out').orderBy('id').limit(input.equivalent.count).execute();
        if (outstanding.length < input.equivalent.count) throw new StationError('loan-over-returned', `only ${outstanding.length} rolls of loan ${loan.id} are still out`);
        for (const { id } of outstanding) {
          await moveRoll(trx, by.id, at, 'stock.lent-roll-settled', id, 'lent-out', 'returned', { loanId: loan.id });
          await createRoll(trx, ctx, by.id, at, { typeId: type.id, kind: type.kind, lot: input.equivalent.lot, capacityImages: input.equivalent.capacityImages ?? type.nominal_images, ownership: 'own', loanId: loan.id, from: 'lender' });
        }
      }
    }
    const settled = already + settling;
    if (settled === loan.roll_count) {
      await trx.updateTable('loans').set({ closed_at: at }).where('id', '=', loan.id).execute();
    }
    await appendAudit(trx, { actor: by.id, at, action: 'loan.return', entityKind: 'loan', entityId: loan.id, details: { settled, of: loan.roll_count } });
    return { settled, open: loan.roll_count - settled };
  });
}

/** Rolls settled under a loan so far, counted from the movements that settle it. */
async function settledCount(trx: Trx, loanId: string): Promise<number> {
  const row = await trx
    .selectFrom('movements')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('loan_id', '=', loanId)
    .where('item', '=', 'roll')
    .where((eb) =>
      eb.or([
        eb.and([eb('from_bucket', '=', 'in-stock'), eb('to_bucket', '=', 'returned')]),
        eb.and([eb('from_bucket', '=', 'lent-out'), eb('to_bucket', 'in', ['in-stock', 'returned'])]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Supervisor correction of blank stock after a count: positive finds, negative writes off. */
export async function adjustBlanks(ctx: StationContext, by: Operator, input: { delta: number; reason: string }): Promise<void> {
  requirePermission(by, 'stock.adjust');
  if (input.reason.trim() === '') throw new StationError('stock-reason-required', 'an adjustment needs a reason');
  if (!Number.isInteger(input.delta) || input.delta === 0) {
    throw new StationError('stock-bad-quantity', `an adjustment is a whole number other than 0, got ${input.delta}`);
  }
  await writeTransaction(ctx.db, async (trx) => {
    const at = isoNow(ctx.clock);
    await recordMovement(trx, by.id, at, 'stock.adjust-blanks', {
      item: 'blank',
      from: input.delta > 0 ? 'supplier' : 'in-stock',
      to: input.delta > 0 ? 'in-stock' : 'written-off',
      quantity: Math.abs(input.delta),
      reason: input.reason.trim(),
    });
  });
}

/** Supervisor correction of a roll's images (damaged stretch, recount against the printer). */
export async function adjustRollImages(ctx: StationContext, by: Operator, input: { rollId: string; delta: number; reason: string }): Promise<void> {
  requirePermission(by, 'stock.adjust');
  if (input.reason.trim() === '') throw new StationError('stock-reason-required', 'an adjustment needs a reason');
  if (!Number.isInteger(input.delta) || input.delta === 0) {
    throw new StationError('stock-bad-quantity', `an adjustment is a whole number other than 0, got ${input.delta}`);
  }
  await writeTransaction(ctx.db, async (trx) => {
    const roll = await requireRoll(trx, input.rollId);
    await recordMovement(trx, by.id, isoNow(ctx.clock), 'stock.adjust-images', {
      item: 'images',
      from: input.delta > 0 ? 'supplier' : 'remaining',
      to: input.delta > 0 ? 'remaining' : 'written-off',
      quantity: Math.abs(input.delta),
      rollId: roll.id,
      typeId: roll.type_id,
      reason: input.reason.trim(),
    });
  });
}
