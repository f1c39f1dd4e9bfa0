import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder } from 'kysely';
import { PRIORITY_CLASSES, type PriorityClass } from '../../domain/record.js';
import { isJobState, type JobState } from '../../domain/job-states.js';
import type { StationContext } from '../context.js';

/** Which jobs a list shows: NIK prefix (digits) or a word of the name, and states. */
export interface JobFilter {
  readonly text?: string | undefined;
  readonly states?: readonly JobState[] | undefined;
}

/** One job as lists show it, with the full NIK and name: the API shapes it for its viewer. */
export interface JobRow {
  readonly id: string;
  readonly nik: string;
  readonly name: string;
  readonly priority: PriorityClass;
  readonly state: JobState;
  readonly reason: string | null;
  readonly queuedAt: string;
  /** The printer of the job's latest attempt. */
  readonly printerId: string | null;
}

export interface JobsPage {
  readonly total: number;
  readonly offset: number;
  readonly rows: JobRow[];
}

// The schema type comes through the station's context: src/api does not reach into db/ itself.
type Database = StationContext['db'] extends Kysely<infer D> ? D : never;
type JobQuery = SelectQueryBuilder<Database, 'jobs' | 'records', object>;

/** `%`, `_` and `\` are LIKE wildcards: a filter is matched as typed. */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The digit string just above every string that starts with `digits` ("53" → "54", "59" → "6"), or none for "9…". */
function digitsUpperBound(digits: string): string | undefined {
  const kept = digits.replace(/9+$/, '');
  if (kept === '') return undefined;
  return kept.slice(0, -1) + String(Number(kept.at(-1)) + 1);
}

function applyText(query: JobQuery, text: string): JobQuery {
  if (/^\d+$/.test(text)) {
    // A range on the NIK, which the index serves on both engines (SQLite's LIKE does not use it);
    // the LIKE keeps the match exact whatever the collation.
    const upper = digitsUpperBound(text);
    return query
      .where('records.nik', '>=', text)
      .$if(upper !== undefined, (q) => q.where('records.nik', '<', upper!))
      .where(sql<boolean>`records.nik like ${`${text}%`}`);
  }
  const word = likeEscape(text.toLowerCase());
  // A word of the name: at its start or after a space.
  return query.where((eb: ExpressionBuilder<Database, 'jobs' | 'records'>) =>
    eb.or([
      eb(sql`lower(records.name)`, 'like', sql`${`${word}%`} escape '\\'`),
      eb(sql`lower(records.name)`, 'like', sql`${`% ${word}%`} escape '\\'`),
    ]),
  );
}

export function priorityClassOf(rank: number): PriorityClass {
  return PRIORITY_CLASSES[rank] ?? 'first-card';
}

/**
 * One page of jobs in queue order (priority, then time queued), with the full NIK and name: the
 * caller shapes them for the viewer. `printerId` is the printer of the job's latest attempt.
 *
 * Built for 100,000 jobs (bench/jobs-page.bench.ts): without a text filter the count and the page's
 * ids come from the jobs table alone, walking `jobs_queue_order` (or `jobs_dispatch_order` for one
 * state), so the end of the list costs an index walk, not a sort; with a text filter one query
 * finds, counts and sorts the matches through covering indexes. Records and the latest attempts
 * (`attempts_by_job`) are then read for the page's ids only.
 */
export async function jobsPage(ctx: StationContext, input: { filter: JobFilter; offset: number; limit: number }): Promise<JobsPage> {
  const states = input.filter.states ?? [];
  const text = input.filter.text?.trim() ?? '';
  let total: number;
  let ids: string[];
  if (text === '') {
    const jobs = ctx.db.selectFrom('jobs').$if(states.length > 0, (q) => q.where('jobs.state', 'in', [...states]));
    total = Number((await jobs.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    ids = (await jobs.select('jobs.id').orderBy('jobs.priority_rank').orderBy('jobs.queued_at').orderBy('jobs.id').limit(input.limit).offset(input.offset).execute()).map((r) => r.id);
  } else {
    // One pass finds the matches, counts them (a window over the whole match, before the limit) and
    // sorts them; migration 161's covering indexes keep the pass off the wide records rows.
    const base = ctx.db.selectFrom('jobs').innerJoin('records', 'records.id', 'jobs.record_id');
    const matched = applyText(base, text).$if(states.length > 0, (q) => q.where('jobs.state', 'in', [...states]));
    const page = await matched
      .select((eb) => ['jobs.id', eb.fn.countAll<number>().over().as('n')])
      .orderBy('jobs.priority_rank').orderBy('jobs.queued_at').orderBy('jobs.id').limit(input.limit).offset(input.offset).execute();
    ids = page.map((r) => r.id);
    // Past the end no row carries the count: ask for it alone.
    total = page.length > 0 ? Number(page[0]!.n) : Number((await matched.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  }
  if (ids.length === 0) return { total, offset: input.offset, rows: [] };
  const details = await ctx.db
    .selectFrom('jobs')
    .innerJoin('records', 'records.id', 'jobs.record_id')
    .select(['jobs.id', 'records.nik', 'records.name', 'jobs.priority_rank', 'jobs.state', 'jobs.state_reason', 'jobs.queued_at'])
    .where('jobs.id', 'in', ids)
    .execute();
  const attempts = await ctx.db.selectFrom('attempts').select(['job_id', 'printer_id']).where('job_id', 'in', ids).orderBy('job_id').orderBy('started_at').orderBy('id').execute();
  const latestPrinter = new Map<string, string>();
  for (const a of attempts) latestPrinter.set(a.job_id, a.printer_id); // ordered by start: the last one stays
  const byId = new Map(details.map((d) => [d.id, d]));
  const rows = ids.flatMap((id) => {
    const d = byId.get(id);
    return d ? [toJobRow({ ...d, printer_id: latestPrinter.get(id) ?? null })] : [];
  });
  return { total, offset: input.offset, rows };
}

export function toJobRow(r: { id: string; nik: string; name: string; priority_rank: number; state: string; state_reason: string | null; queued_at: string; printer_id: string | null }): JobRow {
  return {
    id: r.id,
    nik: r.nik,
    name: r.name,
    priority: priorityClassOf(r.priority_rank),
    state: isJobState(r.state) ? r.state : 'held',
    reason: r.state_reason,
    queuedAt: r.queued_at,
    printerId: r.printer_id ?? null,
  };
}
