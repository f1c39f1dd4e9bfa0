import { createHash } from 'node:crypto';
import { GENESIS_HASH, canonicalJson, hashEntry, type AuditEntry } from '../../domain/audit-chain.js';
import type { Actor, StationContext, Trx } from '../context.js';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export interface AuditInput {
  readonly actor: Actor;
  readonly action: string;
  readonly entityKind: string;
  readonly entityId: string;
  /** Ids, counts, states and reasons only: never unmasked personal data. */
  readonly details?: Readonly<Record<string, unknown>>;
  readonly at: string;
}

/**
 * Appends one row to the hash chain inside the caller's write transaction and returns its seq.
 * The head row is updated first: on PostgreSQL that takes a row lock, so concurrent stations queue
 * here instead of forking the chain; on SQLite the transaction already holds the write lock.
 */
export async function appendAudit(trx: Trx, input: AuditInput): Promise<number> {
  const head = await trx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const entry: AuditEntry = {
    seq: head.seq,
    at: input.at,
    actor: input.actor,
    action: input.action,
    entityKind: input.entityKind,
    entityId: input.entityId,
    details: input.details ?? {},
  };
  const hash = hashEntry(head.hash, entry, sha256Hex);
  await trx
    .insertInto('audit_log')
    .values({
      seq: entry.seq,
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      entity_kind: entry.entityKind,
      entity_id: entry.entityId,
      details: canonicalJson(entry.details),
      prev_hash: head.hash,
      hash,
    })
    .execute();
  await trx.updateTable('audit_head').set({ hash }).where('id', '=', 1).execute();
  return entry.seq;
}

export { GENESIS_HASH };

export interface StoredAuditRow {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly entity_kind: string;
  readonly entity_id: string;
  readonly details: string;
  readonly prev_hash: string;
  readonly hash: string;
}

export function storedRowToEntry(row: StoredAuditRow): AuditEntry & { prevHash: string; hash: string } {
  let details: Record<string, unknown>;
  try {
    details = JSON.parse(row.details) as Record<string, unknown>;
  } catch {
    // An unparsable details column is itself tampering; hashing the raw text keeps it detectable.
    details = { unparsable: row.details };
  }
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    entityKind: row.entity_kind,
    entityId: row.entity_id,
    details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export type { StationContext };
