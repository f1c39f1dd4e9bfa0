import type { StationContext } from '../context.js';
import { priorityClassOf, type JobRow } from './jobs-page.js';

/**
 * The queue as printers take from it: queued jobs in priority order, then age. On a shared
 * (PostgreSQL) queue every printer of every station would otherwise render the same head-of-queue
 * job and all but one would lose the race for it, so a printer claims the job it picks
 * (jobs.claimed_by / claimed_until, one UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED)) and
 * the others skip claimed rows until the claim lapses. The claim only steers choice: beginAttempt's
 * row lock and state check still decide who takes the job. A station that dies leaves claims that
 * lapse within the lease, and clears its own at restart (markInterruptedAttempts).
 */

/** How many queued jobs SQLite reads to find one none of our printers holds. */
const CANDIDATES = 32;

/**
 * The claim covers rendering plus the card before it (about 25 s on a 150 cards/h printer); a
 * claim that lapses early costs at most a lost race.
 */
export const CLAIM_LEASE_MS = 60_000;

/** Who holds a claim: one printer of one station. */
export function claimKey(ctx: StationContext, printerId: string): string {
  return `${ctx.stationId}/${printerId}`;
}

/**
 * The next queued job for a printer that none of `skip` (jobs our other printers hold) is, claimed
 * for that printer on a shared queue. Null when nothing waits.
 */
export async function takeNextQueuedJob(ctx: StationContext, printerId: string, skip: ReadonlySet<string>): Promise<string | null> {
  if (ctx.dialect === 'postgres') return claimNextJob(ctx, printerId, [...skip]);
  const rows = await ctx.db
    .selectFrom('jobs')
    .select('id')
    .where('state', '=', 'queued')
    .orderBy('priority_rank')
    .orderBy('queued_at')
    .orderBy('id')
    .limit(CANDIDATES + skip.size)
    .execute();
  return rows.find((r) => !skip.has(r.id))?.id ?? null;
}

async function claimNextJob(ctx: StationContext, printerId: string, skip: string[]): Promise<string | null> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const key = claimKey(ctx, printerId);
  const row = await ctx.db
    .updateTable('jobs')
    .set({ claimed_by: key, claimed_until: new Date(now.getTime() + CLAIM_LEASE_MS).toISOString() })
    .where('id', '=', (eb) =>
      eb
        .selectFrom('jobs as j')
        .select('j.id')
        .where('j.state', '=', 'queued')
        .where((w) => w.or([w('j.claimed_until', 'is', null), w('j.claimed_until', '<', nowIso), w('j.claimed_by', '=', key)]))
        .$if(skip.length > 0, (q) => q.where('j.id', 'not in', skip))
        .orderBy('j.priority_rank')
        .orderBy('j.queued_at')
        .orderBy('j.id')
        .limit(1)
        .forUpdate()
        .skipLocked(),
    )
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Gives a shared-queue claim back at once, so another printer need not wait for it to lapse. */
export async function releaseClaim(ctx: StationContext, jobId: string, printerId: string): Promise<void> {
  if (ctx.dialect !== 'postgres') return;
  await ctx.db
    .updateTable('jobs')
    .set({ claimed_by: null, claimed_until: null })
    .where('id', '=', jobId)
    .where('claimed_by', '=', claimKey(ctx, printerId))
    .execute();
}

/** The head of the queue as the dashboard shows it, full personal data (shaped by the API). */
export async function queueHead(ctx: StationContext, limit: number): Promise<JobRow[]> {
  const rows = await ctx.db
    .selectFrom('jobs')
    .innerJoin('records', 'records.id', 'jobs.record_id')
    .select(['jobs.id', 'records.nik', 'records.name', 'jobs.priority_rank', 'jobs.state_reason', 'jobs.queued_at'])
    .where('jobs.state', '=', 'queued')
    .orderBy('jobs.priority_rank')
    .orderBy('jobs.queued_at')
    .orderBy('jobs.id')
    .limit(limit)
    .execute();
  return rows.map((j) => ({ id: j.id, nik: j.nik, name: j.name, priority: priorityClassOf(j.priority_rank), state: 'queued', reason: j.state_reason, queuedAt: j.queued_at, printerId: null }));
}

/** Cards printed since an instant (the office's midnight, for "printed today"). */
export async function cardsPrintedSince(ctx: StationContext, sinceIso: string): Promise<number> {
  const row = await ctx.db.selectFrom('attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'printed').where('finished_at', '>=', sinceIso).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whose cards these jobs are: NIK and name, for the printers' "now printing". */
export async function jobHolders(ctx: StationContext, jobIds: readonly string[]): Promise<{ id: string; nik: string; name: string }[]> {
  if (jobIds.length === 0) return [];
  return ctx.db.selectFrom('jobs').innerJoin('records', 'records.id', 'jobs.record_id').select(['jobs.id', 'records.nik', 'records.name']).where('jobs.id', 'in', [...jobIds]).execute();
}
