import { writeTransaction } from '../../../db/transaction.js';
import { appendAudit } from '../audit/audit-log.js';
import { isoNow } from '../clock.js';
import type { StationContext, Trx } from '../context.js';
import { newId } from '../ids.js';
import { requirePermission, type Operator } from '../operators.js';
import { StationError } from '../station-error.js';
import { recordMovement } from '../stock/stock-ledger.js';
import { ensureDirectoryEntry } from './directory.js';

/**
 * Blanks lent between offices. A loan is a ledger movement like any other, so the blank identity
 * holds through it (received + borrowed = on hand + used + lent out + repaid): borrowed blanks come
 * from the lender's bucket into stock, lent ones go to `lent-out` until they come back, and a
 * borrowed loan is repaid by blanks going to `repaid`.
 */

export interface BlankLoanStanding {
  readonly id: string;
  readonly direction: 'borrowed' | 'lent';
  readonly counterparty: string;
  readonly quantity: number;
  readonly settled: number;
  /** Blanks still owed: by us for a borrowed loan, to us for a lent one. */
  readonly open: number;
  readonly documentNo: string;
  readonly dueDate: string;
  readonly createdAt: string;
  readonly closedAt: string | null;
  readonly overdue: boolean;
}

function wholeAbove0(n: number, what: string): void {
  if (!Number.isInteger(n) || n <= 0 || n > 1_000_000) throw new StationError('stock-bad-quantity', `${what} must be a whole number of blanks from 1 to 1,000,000, got ${n}`);
}

function checkLoan(input: { counterparty: string; documentNo: string; dueDate: string; quantity: number }): void {
  if (input.counterparty.trim() === '') throw new StationError('loan-missing-counterparty', 'a blank loan needs the other office');
  if (input.documentNo.trim() === '') throw new StationError('stock-missing-document', 'a blank loan needs the number of the letter it is made under');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dueDate) || Number.isNaN(Date.parse(input.dueDate))) {
    throw new StationError('loan-bad-due-date', `due date "${input.dueDate}" is not a date (yyyy-mm-dd)`);
  }
  wholeAbove0(input.quantity, 'a blank loan');
}

async function openLoan(trx: Trx, by: Operator, at: string, direction: 'borrowed' | 'lent', input: BlankLoanInput): Promise<string> {
  const id = newId('bloan');
  const counterparty = await ensureDirectoryEntry(trx, by, at, input.counterparty);
  await trx
    .insertInto('blank_loans')
    .values({ id, direction, counterparty, quantity: input.quantity, document_no: input.documentNo.trim(), due_date: input.dueDate, created_at: at, created_by: by.id, closed_at: null, note: input.note ?? null })
    .execute();
  await appendAudit(trx, { actor: by.id, at, action: direction === 'borrowed' ? 'loan.borrow-blanks' : 'loan.lend-blanks', entityKind: 'blank-loan', entityId: id, details: { blanks: input.quantity, due: input.dueDate, document: input.documentNo.trim() } });
  return id;
}

type BlankLoanInput = { counterparty: string; quantity: number; documentNo: string; dueDate: string; note?: string };

// Borrowed blanks are ours to print, owed until repaid; lent ones leave our shelf, owed back to us.
const LOAN_MOVES = {
  borrowed: { action: 'stock.borrow-blanks', from: 'lender', to: 'in-stock' },
  lent: { action: 'stock.lend-blanks', from: 'in-stock', to: 'lent-out' },
} as const;

async function blankLoan(ctx: StationContext, by: Operator, direction: keyof typeof LOAN_MOVES, input: BlankLoanInput): Promise<string> {
  requirePermission(by, 'stock.move');
  checkLoan(input);
  const move = LOAN_MOVES[direction];
  return writeTransaction(ctx.db, async (trx) => {
    const at = isoNow(ctx.clock);
    const id = await openLoan(trx, by, at, direction, input);
    await recordMovement(trx, by.id, at, move.action, { item: 'blank', from: move.from, to: move.to, quantity: input.quantity, blankLoanId: id, reason: `document ${input.documentNo.trim()}` });
    return id;
  });
}

/** Blanks borrowed from another office: ours to print, owed until repaid. */
export function borrowBlanks(ctx: StationContext, by: Operator, input: BlankLoanInput): Promise<string> {
  return blankLoan(ctx, by, 'borrowed', input);
}

/** Blanks lent to another office from our shelf: out of our stock, owed back to us. */
export function lendBlanks(ctx: StationContext, by: Operator, input: BlankLoanInput): Promise<string> {
  return blankLoan(ctx, by, 'lent', input);
}

async function settledOf(trx: Trx | StationContext['db'], loanId?: string): Promise<Map<string, number>> {
  let q = trx
    .selectFrom('movements')
    .select(['blank_loan_id', (eb) => eb.fn.sum<number>('quantity').as('n')])
    .where('item', '=', 'blank')
    .where('blank_loan_id', 'is not', null)
    .where((eb) => eb.or([eb.and([eb('from_bucket', '=', 'in-stock'), eb('to_bucket', '=', 'repaid')]), eb.and([eb('from_bucket', '=', 'lent-out'), eb('to_bucket', '=', 'in-stock')])]))
    .groupBy('blank_loan_id');
  if (loanId) q = q.where('blank_loan_id', '=', loanId);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.blank_loan_id!, Number(r.n)]));
}

/**
 * Settles (part of) a blank loan: for a loan we took, blanks from our shelf go back to the lender;
 * for one we gave, blanks come back to our shelf. The loan closes when all are settled.
 */
export async function settleBlankLoan(ctx: StationContext, by: Operator, input: { loanId: string; quantity: number }): Promise<{ settled: number; open: number }> {
  requirePermission(by, 'stock.move');
  wholeAbove0(input.quantity, 'a settlement');
  return writeTransaction(ctx.db, async (trx) => {
    const loan = await trx.selectFrom('blank_loans').selectAll().where('id', '=', input.loanId).executeTakeFirst();
    if (!loan) throw new StationError('loan-unknown', `no blank loan "${input.loanId}"`);
    if (loan.closed_at) throw new StationError('loan-closed', `blank loan ${loan.id} was already settled on ${loan.closed_at.slice(0, 10)}`);
    const already = (await settledOf(trx, loan.id)).get(loan.id) ?? 0;
    if (already + input.quantity > loan.quantity) {
      throw new StationError('loan-over-returned', `blank loan ${loan.id} is for ${loan.quantity} blanks; ${already} already settled, ${input.quantity} more is too many`);
    }
    const at = isoNow(ctx.clock);
    const move = loan.direction === 'borrowed' ? ({ from: 'in-stock', to: 'repaid' } as const) : ({ from: 'lent-out', to: 'in-stock' } as const);
    await recordMovement(trx, by.id, at, 'stock.settle-blank-loan', { item: 'blank', ...move, quantity: input.quantity, blankLoanId: loan.id });
    const settled = already + input.quantity;
    if (settled === loan.quantity) await trx.updateTable('blank_loans').set({ closed_at: at }).where('id', '=', loan.id).execute();
    await appendAudit(trx, { actor: by.id, at, action: 'loan.settle-blanks', entityKind: 'blank-loan', entityId: loan.id, details: { settled, of: loan.quantity } });
    return { settled, open: loan.quantity - settled };
  });
}

/** Every blank loan with what is still open; `today` (office-local) decides what is overdue. */
export async function blankLoanStandings(ctx: StationContext, today: string): Promise<BlankLoanStanding[]> {
  const loans = await ctx.db.selectFrom('blank_loans').selectAll().orderBy('due_date').orderBy('id').execute();
  const settled = await settledOf(ctx.db);
  return loans.map((l) => {
    const s = settled.get(l.id) ?? 0;
    const open = l.closed_at ? 0 : l.quantity - s;
    return {
      id: l.id,
      direction: l.direction,
      counterparty: l.counterparty,
      quantity: l.quantity,
      settled: s,
      open,
      documentNo: l.document_no,
      dueDate: l.due_date,
      createdAt: l.created_at,
      closedAt: l.closed_at,
      overdue: open > 0 && l.due_date < today,
    };
  });
}
