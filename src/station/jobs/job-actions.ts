import { writeTransaction } from '../../../db/transaction.js';
import { PRIORITY_CLASSES, priorityRank, type PriorityClass } from '../../domain/record.js';
import { appendAudit } from '../audit/audit-log.js';
import { failQualityCheck, resolveInDoubt, type Resolution } from './attempts.js';
import { isoNow } from '../clock.js';
import type { StationContext } from '../context.js';
import { transitionJob } from './job-transition.js';
import { requirePermission, type Operator } from '../operators.js';
import { StationError } from '../station-error.js';

const JOB_ACTIONS = ['hold', 'release', 'cancel', 'reprint', 'pass-qc', 'fail-qc', 'resolve', 'priority'] as const;

export type JobActionInput =
  | { action: 'hold' | 'release' | 'cancel' | 'reprint' | 'pass-qc' | 'fail-qc'; jobId: string; reason?: string }
  | { action: 'resolve'; jobId: string; resolution: Resolution; reason?: string }
  | { action: 'priority'; jobId: string; priority: PriorityClass };

/** Everything a person can do to a job, with the right each needs. */
export async function applyJobAction(ctx: StationContext, by: Operator, input: JobActionInput): Promise<void> {
  switch (input.action) {
    case 'hold':
      requirePermission(by, 'jobs.hold');
      return simple(ctx, by, input.jobId, 'hold', input.reason);
    case 'release': {
      requirePermission(by, 'jobs.release');
      const job = await ctx.db.selectFrom('jobs').select(['state', 'state_reason']).where('id', '=', input.jobId).executeTakeFirst();
      // A duplicate NIK was held for a supervisor: printing it could make two valid cards for one person.
      if (job?.state === 'held' && job.state_reason === 'duplicate') requirePermission(by, 'jobs.release-duplicate');
      return simple(ctx, by, input.jobId, 'release', input.reason);
    }
    case 'cancel':
      requirePermission(by, 'jobs.cancel');
      return simple(ctx, by, input.jobId, 'cancel', input.reason);
    case 'reprint':
      requirePermission(by, 'jobs.reprint');
      return simple(ctx, by, input.jobId, 'reprint', input.reason);
    case 'pass-qc':
      requirePermission(by, 'jobs.view');
      return simple(ctx, by, input.jobId, 'pass-qc', input.reason);
    case 'fail-qc':
      requirePermission(by, 'jobs.spoil');
      return failQualityCheck(ctx, by.id, { jobId: input.jobId, reason: input.reason ?? '' });
    case 'resolve': {
      requirePermission(by, 'jobs.resolve');
      const attempt = await ctx.db.selectFrom('attempts').select('id').where('job_id', '=', input.jobId).where('state', '=', 'in-doubt').executeTakeFirst();
      if (!attempt) throw new StationError('job-not-in-doubt', `job ${input.jobId} has no card in doubt`);
      return resolveInDoubt(ctx, by.id, { attemptId: attempt.id, resolution: input.resolution, ...(input.reason ? { reason: input.reason } : {}) });
    }
    case 'priority':
      requirePermission(by, 'jobs.priority');
      return changePriority(ctx, by, input.jobId, input.priority);
  }
}

async function simple(ctx: StationContext, by: Operator, jobId: string, event: 'hold' | 'release' | 'cancel' | 'reprint' | 'pass-qc', reason?: string): Promise<void> {
  await writeTransaction(ctx.db, (trx) => transitionJob(trx, by.id, isoNow(ctx.clock), jobId, event, { reason: reason ?? null }));
}

async function changePriority(ctx: StationContext, by: Operator, jobId: string, priority: PriorityClass): Promise<void> {
  if (!PRIORITY_CLASSES.includes(priority)) throw new StationError('job-bad-priority', `priority must be one of ${PRIORITY_CLASSES.join(', ')}`);
  await writeTransaction(ctx.db, async (trx) => {
    const job = await trx.selectFrom('jobs').select(['state', 'priority_rank']).where('id', '=', jobId).executeTakeFirst();
    if (!job) throw new StationError('job-unknown', `no job "${jobId}"`);
    if (job.state !== 'queued' && job.state !== 'held') {
      throw new StationError('job-priority-late', `job ${jobId} is ${job.state}: only waiting jobs change priority`);
    }
    const at = isoNow(ctx.clock);
    await trx.updateTable('jobs').set({ priority_rank: priorityRank(priority), updated_at: at }).where('id', '=', jobId).execute();
    await appendAudit(trx, { actor: by.id, at, action: 'job.priority', entityKind: 'job', entityId: jobId, details: { from: PRIORITY_CLASSES[job.priority_rank] ?? job.priority_rank, to: priority } });
  });
}
