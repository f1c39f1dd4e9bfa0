import type { StationContext } from '../context.js';

export interface AuditPage {
  readonly rows: { seq: number; at: string; actor: string; action: string; entityKind: string; entityId: string; details: string }[];
}

/** Audit rows newest first, before `beforeSeq` when given (for paging back). */
export async function auditPage(ctx: StationContext, input: { beforeSeq?: number | undefined; limit: number }): Promise<AuditPage> {
  let q = ctx.db.selectFrom('audit_log').select(['seq', 'at', 'actor', 'action', 'entity_kind', 'entity_id', 'details']);
  if (input.beforeSeq !== undefined) q = q.where('seq', '<', input.beforeSeq);
  const rows = await q.orderBy('seq', 'desc').limit(input.limit).execute();
  return { rows: rows.map((r) => ({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, entityKind: r.entity_kind, entityId: r.entity_id, details: r.details })) };
}
