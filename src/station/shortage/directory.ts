import { sql } from 'kysely';
import { writeTransaction } from '../../../db/transaction.js';
import { appendAudit } from '../audit/audit-log.js';
import { isoNow } from '../clock.js';
import type { StationContext, Trx } from '../context.js';
import { loanStandings } from '../forecast/loan-position.js';
import { newId } from '../ids.js';
import { requirePermission, type Operator } from '../operators.js';
import { StationError } from '../station-error.js';
import { blankLoanStandings } from './blank-loans.js';

export const DIRECTORY_KINDS = ['office', 'supplier', 'directorate', 'sub-unit'] as const;
export type DirectoryKind = (typeof DIRECTORY_KINDS)[number];

/** What one party lent us, or we lent it: blanks, or rolls of one consumable type. */
export interface LoanTally {
  /** "blanks" or the consumable type id ("datacard-film"). */
  readonly what: string;
  readonly units: number;
}

export interface DirectoryListing {
  readonly name: string;
  readonly kind: DirectoryKind;
  readonly contact: string | null;
  readonly note: string | null;
  /** Everything this party ever lent us, per item. */
  readonly lentToUs: readonly LoanTally[];
  /** Open: what we still owe it, and what it still owes us. */
  readonly weOwe: readonly LoanTally[];
  readonly owesUs: readonly LoanTally[];
}

const key = (name: string) => name.trim().toLowerCase();

/**
 * The directory's name for a counterparty, adding it as an office when it is new, so every loan
 * made leaves its lender in the directory for the next shortage.
 */
export async function ensureDirectoryEntry(trx: Trx, by: Operator, at: string, name: string): Promise<string> {
  const existing = await trx.selectFrom('directory').select('name').where(sql`lower(name)`, '=', key(name)).executeTakeFirst();
  if (existing) return existing.name;
  const id = newId('dir');
  await trx.insertInto('directory').values({ id, name: name.trim(), kind: 'office', contact: null, note: null, created_at: at, created_by: by.id }).execute();
  await appendAudit(trx, { actor: by.id, at, action: 'directory.add', entityKind: 'directory', entityId: id, details: { kind: 'office' } });
  return name.trim();
}

/** Adds an office, supplier, the Directorate or a sub-unit; a name already there is refused. */
export async function addDirectoryEntry(
  ctx: StationContext,
  by: Operator,
  input: { name: string; kind: DirectoryKind; contact?: string; note?: string },
): Promise<string> {
  requirePermission(by, 'stock.move');
  if (input.name.trim() === '') throw new StationError('directory-missing-name', 'a directory entry needs a name');
  if (!DIRECTORY_KINDS.includes(input.kind)) throw new StationError('directory-bad-kind', `kind must be one of ${DIRECTORY_KINDS.join(', ')}, got "${input.kind}"`);
  return writeTransaction(ctx.db, async (trx) => {
    const existing = await trx.selectFrom('directory').select('name').where(sql`lower(name)`, '=', key(input.name)).executeTakeFirst();
    if (existing) throw new StationError('directory-duplicate', `"${existing.name}" is already in the directory`);
    const at = isoNow(ctx.clock);
    const id = newId('dir');
    await trx
      .insertInto('directory')
      .values({ id, name: input.name.trim(), kind: input.kind, contact: input.contact?.trim() || null, note: input.note?.trim() || null, created_at: at, created_by: by.id })
      .execute();
    await appendAudit(trx, { actor: by.id, at, action: 'directory.add', entityKind: 'directory', entityId: id, details: { kind: input.kind } });
    return id;
  });
}

function tally(entries: readonly { what: string; units: number }[]): LoanTally[] {
  const m = new Map<string, number>();
  for (const e of entries) if (e.units > 0) m.set(e.what, (m.get(e.what) ?? 0) + e.units);
  return [...m].sort(([a], [b]) => a.localeCompare(b)).map(([what, units]) => ({ what, units }));
}

/** Every party with what it lent us before and what is owed either way, by name. */
export async function directoryListing(ctx: StationContext, today: string): Promise<DirectoryListing[]> {
  const entries = await ctx.db.selectFrom('directory').selectAll().orderBy('kind').orderBy('name').execute();
  const rolls = await loanStandings(ctx, today);
  const blanks = await blankLoanStandings(ctx, today);
  const all = [
    ...rolls.map((l) => ({ party: key(l.counterparty), direction: l.direction, what: l.typeId, units: l.rolls, open: l.open })),
    ...blanks.map((l) => ({ party: key(l.counterparty), direction: l.direction, what: 'blanks', units: l.quantity, open: l.open })),
  ];
  return entries.map((e) => {
    const mine = all.filter((l) => l.party === key(e.name));
    return {
      name: e.name,
      kind: e.kind,
      contact: e.contact,
      note: e.note,
      lentToUs: tally(mine.filter((l) => l.direction === 'borrowed')),
      weOwe: tally(mine.filter((l) => l.direction === 'borrowed').map((l) => ({ what: l.what, units: l.open }))),
      owesUs: tally(mine.filter((l) => l.direction === 'lent').map((l) => ({ what: l.what, units: l.open }))),
    };
  });
}

/**
 * Whom to ask for `what` ("blanks" or a consumable type id): parties that lent it before, most
 * units first, then, for blanks, the Directorate (the allocation), then other offices and
 * suppliers. Our own sub-units are never asked: their stock is already ours.
 */
export function whoToAsk(listing: readonly DirectoryListing[], what: string): DirectoryListing[] {
  const lent = (e: DirectoryListing) => e.lentToUs.find((t) => t.what === what)?.units ?? 0;
  const rank = (e: DirectoryListing) => (lent(e) > 0 ? 0 : what === 'blanks' && e.kind === 'directorate' ? 1 : e.kind === 'office' ? 2 : e.kind === 'supplier' && what !== 'blanks' ? 3 : 9);
  return listing
    .filter((e) => rank(e) < 9)
    .sort((a, b) => rank(a) - rank(b) || lent(b) - lent(a) || a.name.localeCompare(b.name));
}
