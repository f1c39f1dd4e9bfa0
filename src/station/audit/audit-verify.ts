import { AuditChainVerifier, type AuditChainVerification } from '../../domain/audit-chain.js';
import { sha256Hex, storedRowToEntry } from './audit-log.js';
import type { StationContext } from '../context.js';

const PAGE_ROWS = 5000;

/**
 * Walks the whole audit log in seq order, a page at a time (a year of rows never sits in memory),
 * and checks every link, and that the chain reaches the head row, so deleting the newest rows is
 * caught too.
 */
export async function verifyAuditLog(ctx: StationContext): Promise<AuditChainVerification> {
  const head = await ctx.db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
  // The head row is the anchor: the chain must reach its seq with its hash, or rows were cut off the end.
  const verifier = new AuditChainVerifier(sha256Hex, head && head.seq > 0 ? { anchor: { seq: head.seq, hash: head.hash } } : {});
  let after = 0;
  for (;;) {
    const rows = await ctx.db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(PAGE_ROWS).execute();
    for (const row of rows) verifier.push(storedRowToEntry(row));
    if (rows.length < PAGE_ROWS) break;
    after = rows[rows.length - 1]!.seq;
  }
  return verifier.result();
}
