import { EVENTS_NEEDING_REASON, isJobState, nextJobState, type JobEvent, type JobState } from '../../domain/job-states.js';
import { appendAudit } from '../audit/audit-log.js';
import type { Actor, Trx } from '../context.js';
import { StationError } from '../station-error.js';

/**
 * Moves one job by `event` inside the caller's transaction, with its audit row. The UPDATE is
 * guarded by the state read, so a concurrent change makes this fail instead of overwriting it.
 */
export async function transitionJob(
  trx: Trx,
  actor: Actor,
  at: string,
  jobId: string,
  event: JobEvent,
  options: { reason?: string | null; expect?: JobState } = {},
): Promise<{ from: JobState; to: JobState }> {
  const job = await trx.selectFrom('jobs').select(['state']).where('id', '=', jobId).executeTakeFirst();
  if (!job) throw new StationError('job-unknown', `no job "${jobId}"`);
  if (!isJobState(job.state)) throw new StationError('job-corrupt', `job ${jobId} has an unknown state "${job.state}"`);
  const from = job.state;
  if (options.expect && from !== options.expect) {
    throw new StationError('job-state-changed', `job ${jobId} is ${from}, not ${options.expect}`, { job: jobId, state: from });
  }
  const reason = options.reason?.trim() || null;
  if (EVENTS_NEEDING_REASON.has(event) && !reason) {
    throw new StationError('job-reason-required', `"${event}" needs a reason`, { event });
  }
  let to: JobState;
  try {
    to = nextJobState(from, event);
  } catch (error) {
    throw new StationError('job-transition-refused', (error as Error).message, { job: jobId, from, event });
  }
  const result = await trx
    .updateTable('jobs')
    .set({ state: to, state_reason: to === 'queued' ? null : reason, updated_at: at })
    .where('id', '=', jobId)
    .where('state', '=', from)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    throw new StationError('job-state-changed', `job ${jobId} changed while we looked at it`, { job: jobId });
  }
  await appendAudit(trx, {
    actor,
    at,
    action: `job.${event}`,
    entityKind: 'job',
    entityId: jobId,
    details: { from, to, ...(reason ? { reason } : {}) },
  });
  return { from, to };
}
