import { sql } from 'kysely';
import { writeTransaction } from '../../../db/transaction.js';
import { addDays, daysBetween } from '../../domain/forecast.js';
import type { PriorityClass } from '../../domain/record.js';
import { EXPIRING_WITHIN_DAYS, suketNumber, validUntil } from '../../domain/suket.js';
import { appendAudit } from '../audit/audit-log.js';
import { isoNow, localDate } from '../clock.js';
import type { StationContext } from '../context.js';
import { newId } from '../ids.js';
import { requirePermission, type Operator } from '../operators.js';
import { StationError } from '../station-error.js';
import type { SuketSettings } from './suket-settings.js';

/**
 * Sukets issued from the queue. A suket is personal data (it carries the resident's NIK and name):
 * every read here needs `jobs.personal-data`, which a technician does not have, and no view of the
 * technician socket carries one. It closes when its job's card prints: that is read from the
 * attempts, never stored twice.
 */

export interface Official {
  readonly name: string;
  readonly nip: string;
  readonly title: string;
}

export interface IssuedSuket {
  readonly id: string;
  readonly number: string;
  readonly jobId: string;
  readonly validUntil: string;
}

export interface SuketStanding {
  readonly id: string;
  readonly number: string;
  readonly jobId: string;
  readonly nik: string;
  readonly name: string;
  readonly issuedOn: string;
  readonly validUntil: string;
  /** When the card that replaces it printed (UTC), or null while it is owed. */
  readonly closedAt: string | null;
  readonly expiring: boolean;
  readonly expired: boolean;
}

const WAITING = ['queued', 'held'];

/**
 * Issues one suket per job, for the jobs named or for every waiting job of one priority class
 * (`waitingOf: 'replacement'`, the circular's choice when cards are short) that has none yet.
 */
export async function issueSukets(
  ctx: StationContext,
  by: Operator,
  input: { jobIds?: readonly string[]; waitingOf?: PriorityClass; official?: Official; settings: SuketSettings; utcOffsetMinutes?: number },
): Promise<IssuedSuket[]> {
  requirePermission(by, 'jobs.personal-data');
  const official = input.official ?? input.settings.official;
  if (!official) throw new StationError('suket-no-official', 'a suket needs the signing official: set suket.official (name, NIP, title) in station.json or name one');
  if (!/^\d{18}$/.test(official.nip)) throw new StationError('suket-bad-nip', `the official's NIP must be 18 digits, got ${official.nip.length} characters`);
  if (!input.jobIds === !input.waitingOf) throw new StationError('suket-bad-request', 'name the jobs, or the priority class of the waiting jobs, to issue sukets for');
  const offset = input.utcOffsetMinutes ?? 480;
  return writeTransaction(ctx.db, async (trx) => {
    let jobs: { id: string; state: string; has: string | null }[];
    let q = trx.selectFrom('jobs').leftJoin('sukets', 'sukets.job_id', 'jobs.id').select(['jobs.id', 'jobs.state', 'sukets.id as has']);
    if (input.jobIds) {
      jobs = await q.where('jobs.id', 'in', [...input.jobIds]).execute();
      for (const id of input.jobIds) {
        const job = jobs.find((j) => j.id === id);
        if (!job) throw new StationError('job-unknown', `no job "${id}"`);
        if (!WAITING.includes(job.state)) throw new StationError('suket-job-not-waiting', `job ${id} is ${job.state}: a suket is for a resident still waiting for a card`);
        if (job.has) throw new StationError('suket-exists', `job ${id} already has a suket`);
      }
    } else {
      q = q.innerJoin('records', 'records.id', 'jobs.record_id').where('records.priority', '=', input.waitingOf!).where('jobs.state', 'in', WAITING).where('sukets.id', 'is', null);
      jobs = await q.orderBy('jobs.queued_at').orderBy('jobs.id').execute();
    }
    const at = isoNow(ctx.clock);
    const today = localDate(ctx.clock, offset);
    const year = today.slice(0, 4);
    const issuedThisYear = await trx
      .selectFrom('sukets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('issued_at', '>=', `${year}-01-01`)
      .executeTakeFirstOrThrow();
    let seq = Number(issuedThisYear.n);
    const until = validUntil(today, input.settings.validMonths);
    const issued: IssuedSuket[] = [];
    for (const job of jobs) {
      seq += 1;
      const id = newId('suket');
      const number = suketNumber(input.settings.numberFormat, seq, today);
      await trx.insertInto('sukets').values({ id, number, job_id: job.id, issued_at: at, issued_by: by.id, valid_until: until, official_name: official.name, official_nip: official.nip }).execute();
      // The audit row names the job and the number only: the resident is found through the job.
      await appendAudit(trx, { actor: by.id, at, action: 'suket.issue', entityKind: 'job', entityId: job.id, details: { suket: number, validUntil: until } });
      issued.push({ id, number, jobId: job.id, validUntil: until });
    }
    return issued;
  });
}

const printedAt = sql<string | null>`(select min(a.finished_at) from attempts a where a.job_id = sukets.job_id and a.state = 'printed')`;

/** Every suket with whether its card has replaced it; `today` (office-local) decides expiry. */
export async function suketStandings(ctx: StationContext, by: Operator, today: string, filter: { outstandingOnly?: boolean } = {}): Promise<SuketStanding[]> {
  requirePermission(by, 'jobs.personal-data');
  const rows = await ctx.db
    .selectFrom('sukets')
    .innerJoin('jobs', 'jobs.id', 'sukets.job_id')
    .innerJoin('records', 'records.id', 'jobs.record_id')
    .select(['sukets.id', 'sukets.number', 'sukets.job_id', 'sukets.issued_at', 'sukets.valid_until', 'records.nik', 'records.name', printedAt.as('printed_at')])
    .orderBy('sukets.valid_until')
    .orderBy('sukets.number')
    .execute();
  const soon = addDays(today, EXPIRING_WITHIN_DAYS);
  return rows
    .map((r) => ({
      id: r.id,
      number: r.number,
      jobId: r.job_id,
      nik: r.nik,
      name: r.name,
      issuedOn: r.issued_at.slice(0, 10),
      validUntil: r.valid_until,
      closedAt: r.printed_at,
      expired: r.printed_at === null && daysBetween(today, r.valid_until) < 0,
      expiring: r.printed_at === null && daysBetween(today, r.valid_until) >= 0 && r.valid_until <= soon,
    }))
    .filter((s) => !filter.outstandingOnly || s.closedAt === null);
}

/**
 * The office's debt of cards owed (hutang cetak) at an instant (UTC ISO; default now): sukets issued
 * before it whose card had not printed before it. Counts only, no personal data: the forecast,
 * the dashboard and the monthly report carry it.
 */
export async function cardsOwed(ctx: StationContext, asOf?: string): Promise<number> {
  const at = asOf ?? isoNow(ctx.clock);
  const row = await ctx.db
    .selectFrom('sukets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sukets.issued_at', '<=', at)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('attempts').select('attempts.id').whereRef('attempts.job_id', '=', 'sukets.job_id').where('attempts.state', '=', 'printed').where('attempts.finished_at', '<=', at))),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Jobs waiting now, and how many of them hold a suket (for the dashboard: counts only). */
export async function waitingWithSuket(ctx: StationContext): Promise<{ waiting: number; withSuket: number }> {
  const row = await ctx.db
    .selectFrom('jobs')
    .leftJoin('sukets', 'sukets.job_id', 'jobs.id')
    .select([(eb) => eb.fn.countAll<number>().as('waiting'), (eb) => eb.fn.count<number>('sukets.id').as('with_suket')])
    .where('jobs.state', 'in', WAITING)
    .executeTakeFirstOrThrow();
  return { waiting: Number(row.waiting), withSuket: Number(row.with_suket) };
}
