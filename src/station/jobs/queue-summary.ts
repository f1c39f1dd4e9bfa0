import { JOB_STATES, type JobState } from '../../domain/job-states.js';
import type { StationContext } from '../context.js';

export interface QueueSummary {
  readonly counts: Readonly<Record<JobState, number>>;
  /** When the oldest queued job was queued, or null when nothing waits. */
  readonly oldestQueuedAt: string | null;
  readonly heldDuplicates: number;
}

export async function queueSummary(ctx: StationContext): Promise<QueueSummary> {
  const rows = await ctx.db.selectFrom('jobs').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
  const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
  for (const r of rows) if (r.state in counts) counts[r.state as JobState] = Number(r.n);
  const oldest = await ctx.db.selectFrom('jobs').select((eb) => eb.fn.min<string>('queued_at').as('at')).where('state', '=', 'queued').executeTakeFirst();
  const dup = await ctx.db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'held')
    .where('state_reason', '=', 'duplicate')
    .executeTakeFirstOrThrow();
  return { counts, oldestQueuedAt: oldest?.at ?? null, heldDuplicates: Number(dup.n) };
}
