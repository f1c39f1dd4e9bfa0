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

function applyFilter(query: JobQuery, filter: JobFilter): JobQuery {
  let q = query;
  if (filter.states && filter.states.length > 0) q = q.where('jobs.state', 'in', [...filter.states]);
  const text = filter.text?.trim() ?? '';
  if (text === '') return q;
  if (/^\d+$/.test(text)) return q.where(sql<boolean>`records.nik like ${`${text}%`}`);
  const word = likeEscape(text.toLowerCase());
  // A word of the name: at its start or after a space.
  return q.where((eb: ExpressionBuilder<Database, 'jobs' | 'records'>) =>
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
 */
export async function jobsPage(ctx: StationContext, input: { filter: JobFilter; offset: number; limit: number }): Promise<JobsPage> {
  const base = ctx.db.selectFrom('jobs').innerJoin('records', 'records.id', 'jobs.record_id');
  const counted = await applyFilter(base, input.filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await applyFilter(base, input.filter)
    .select([
      'jobs.id', 'records.nik', 'records.name', 'jobs.priority_rank', 'jobs.state', 'jobs.state_reason', 'jobs.queued_at',
      (eb) => eb.selectFrom('attempts').select('attempts.printer_id').whereRef('attempts.job_id', '=', 'jobs.id').orderBy('attempts.started_at', 'desc').limit(1).as('printer_id'),
    ])
    .orderBy('jobs.priority_rank')
    .orderBy('jobs.queued_at')
    .orderBy('jobs.id')
    .limit(input.limit)
    .offset(input.offset)
    .execute();
  return { total: Number(counted.n), offset: input.offset, rows: rows.map(toJobRow) };
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
