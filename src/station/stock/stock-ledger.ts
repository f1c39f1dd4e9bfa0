import { assertEnough, assertMoveAllowed, StockRuleError, type StockItem } from '../../domain/ledger.js';
import { appendAudit } from '../audit/audit-log.js';
import type { Actor, Trx } from '../context.js';
import { newId } from '../ids.js';
import { StationError } from '../station-error.js';

export interface MoveInput {
  readonly item: StockItem;
  readonly from: string;
  readonly to: string;
  readonly quantity: number;
  readonly typeId?: string | null;
  readonly rollId?: string | null;
  readonly batchId?: string | null;
  readonly attemptId?: string | null;
  readonly loanId?: string | null;
  readonly printerId?: string | null;
  readonly reason?: string | null;
  readonly blankLoanId?: string | null;
  readonly location?: string | null;
}

/** The balance scope of a movement: all blanks share one, images and roll items are per roll. */
export function balanceScope(move: Pick<MoveInput, 'item' | 'rollId'>): string {
  if (move.item === 'blank') return '';
  if (!move.rollId) throw new Error(`a ${move.item} movement needs a roll`);
  return move.rollId;
}

export async function balanceOf(trx: Trx, item: StockItem, scope: string, bucket: string): Promise<number> {
  const row = await trx
    .selectFrom('stock_balances')
    .select('quantity')
    .where('item', '=', item)
    .where('scope', '=', scope)
    .where('bucket', '=', bucket)
    .executeTakeFirst();
  return row?.quantity ?? 0;
}

/** Names the stock in messages without personal data: "blanks", "images on roll roll_ab12". */
function stockName(move: MoveInput): string {
  if (move.item === 'blank') return 'blanks';
  if (move.item === 'images') return `images on roll ${move.rollId}`;
  return `roll ${move.rollId}`;
}

async function addToBalance(trx: Trx, item: StockItem, scope: string, bucket: string, delta: number): Promise<void> {
  // Update first, insert when absent: an upsert would present the negative delta itself as the new
  // row, and the CHECK against negative stock fires before the conflict is resolved.
  const updated = await trx
    .updateTable('stock_balances')
    .set((eb) => ({ quantity: eb('quantity', '+', delta) }))
    .where('item', '=', item)
    .where('scope', '=', scope)
    .where('bucket', '=', bucket)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await trx.insertInto('stock_balances').values({ item, scope, bucket, quantity: delta }).execute();
  }
}

/**
 * Appends one movement with its audit row and updates the cached balances, inside the caller's
 * write transaction. Refuses moves the domain tables do not allow and moves that would make a
 * bucket negative; the database CHECK on stock_balances is the second line of defence.
 */
export async function recordMovement(
  trx: Trx,
  actor: Actor,
  at: string,
  action: string,
  move: MoveInput,
): Promise<number> {
  const scope = balanceScope(move);
  const sourceBalance = await balanceOf(trx, move.item, scope, move.from);
  try {
    assertMoveAllowed(move);
    assertEnough(move, sourceBalance, stockName(move));
  } catch (error) {
    if (error instanceof StockRuleError) throw new StationError(error.code, error.message);
    throw error;
  }
  const auditSeq = await appendAudit(trx, {
    actor,
    at,
    action,
    entityKind: move.item === 'blank' ? 'blanks' : 'roll',
    entityId: move.rollId ?? move.batchId ?? 'blanks',
    details: {
      item: move.item,
      from: move.from,
      to: move.to,
      quantity: move.quantity,
      ...(move.attemptId ? { attempt: move.attemptId } : {}),
      ...(move.loanId ? { loan: move.loanId } : {}),
      ...(move.printerId ? { printer: move.printerId } : {}),
      ...(move.reason ? { reason: move.reason } : {}),
      ...(move.blankLoanId ? { blankLoan: move.blankLoanId } : {}),
      ...(move.location ? { location: move.location } : {}),
    },
  });
  await trx
    .insertInto('movements')
    .values({
      id: newId('mov'),
      audit_seq: auditSeq,
      at,
      actor,
      item: move.item,
      type_id: move.typeId ?? null,
      roll_id: move.rollId ?? null,
      batch_id: move.batchId ?? null,
      from_bucket: move.from,
      to_bucket: move.to,
      quantity: move.quantity,
      attempt_id: move.attemptId ?? null,
      loan_id: move.loanId ?? null,
      printer_id: move.printerId ?? null,
      reason: move.reason ?? null,
      ...(move.blankLoanId ? { blank_loan_id: move.blankLoanId } : {}),
      ...(move.location ? { location: move.location } : {}),
    })
    .execute();
  await addToBalance(trx, move.item, scope, move.from, -move.quantity);
  await addToBalance(trx, move.item, scope, move.to, move.quantity);
  return auditSeq;
}
