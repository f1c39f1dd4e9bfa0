import { writeTransaction } from '../../../db/transaction.js';
import type { OfficeIdentity } from '../config/office-config.js';
import type { Actor, StationContext } from '../context.js';
import { newId } from '../ids.js';
import { localDateOf } from '../forecast/forecast-service.js';

/** The official documents cetak writes, each with the code its number carries. */
export const DOCUMENT_CODES = {
  'monthly-report': 'LB',
  'destruction-record': 'BAP',
  'handover-record': 'BAST',
  'receipt-list': 'DTT',
} as const;
export type DocumentKind = keyof typeof DOCUMENT_CODES;

const ROMAN_MONTHS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'] as const;

/** Fills the office's pattern: `470/{seq}/{code}/Dukcapil/{romanMonth}/{year}` → `470/3/BAP/Dukcapil/XII/2026`. */
export function formatDocumentNumber(pattern: string, parts: { seq: number; code: string; localDate: string }): string {
  const [year, month] = parts.localDate.split('-') as [string, string];
  const values: Record<string, string> = { seq: String(parts.seq), code: parts.code, romanMonth: ROMAN_MONTHS[Number(month) - 1]!, month, year };
  return pattern.replace(/\{([^}]*)\}/g, (whole, token: string) => values[token] ?? whole);
}

/**
 * The number of the document of `kind` about `subject` (a month, a session, a day): the one it was
 * given the first time, or the next running number of its code in the office-local year. Written
 * again, a document keeps its number; the unique keys make two documents sharing one impossible.
 */
export async function issueDocumentNumber(
  ctx: StationContext,
  office: OfficeIdentity,
  input: { kind: DocumentKind; subject: string; by: Actor },
): Promise<{ number: string; issuedAt: string }> {
  return writeTransaction(ctx.db, async (trx) => {
    const existing = await trx.selectFrom('official_documents').select(['number', 'issued_at']).where('kind', '=', input.kind).where('subject', '=', input.subject).executeTakeFirst();
    if (existing) return { number: existing.number, issuedAt: existing.issued_at };
    const issuedAt = ctx.clock.now().toISOString();
    const localDate = localDateOf(issuedAt, office.utcOffsetMinutes);
    const year = Number(localDate.slice(0, 4));
    const code = DOCUMENT_CODES[input.kind];
    const last = await trx.selectFrom('official_documents').select((eb) => eb.fn.max('seq').as('seq')).where('code', '=', code).where('year', '=', year).executeTakeFirst();
    const seq = Number(last?.seq ?? 0) + 1;
    const number = formatDocumentNumber(office.documentNumber, { seq, code, localDate });
    await trx.insertInto('official_documents').values({ id: newId('doc'), kind: input.kind, subject: input.subject, code, year, seq, number, issued_at: issuedAt, issued_by: input.by }).execute();
    return { number, issuedAt };
  });
}
