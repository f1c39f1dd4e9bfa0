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

/**
 * The holder's name for each job on an audit page, so viewer shaping can hide it in the details a
 * technician reads (an operator's reason may name the resident). Kept out of the wire page.
 */
export async function auditHolderNames(ctx: StationContext, page: AuditPage): Promise<ReadonlyMap<string, string>> {
  const jobIds = [...new Set(page.rows.filter((r) => r.entityKind === 'job').map((r) => r.entityId))];
  if (jobIds.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom('jobs')
    .innerJoin('records', 'records.id', 'jobs.record_id')
    .select(['jobs.id', 'records.name'])
    .where('jobs.id', 'in', jobIds)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
