import type { StationContext } from '../context.js';
import { StationError } from '../station-error.js';
import { toJobRow, type JobRow } from './jobs-page.js';

export interface JobDetail {
  readonly job: JobRow;
  readonly record: {
    readonly birthPlace: string; readonly birthDate: string; readonly sex: string; readonly address: string; readonly rtRw: string;
    readonly village: string; readonly district: string; readonly sourceFile: string; readonly sourceRow: number; readonly importedAt: string;
  };
  readonly attempts: { id: string; printerId: string; state: string; startedAt: string; finishedAt: string | null; reason: string | null; chipUid: string | null }[];
}

/** One job with its record and every attempt, unshaped (full personal data). */
export async function jobDetail(ctx: StationContext, jobId: string): Promise<JobDetail> {
  const row = await ctx.db
    .selectFrom('jobs')
    .innerJoin('records', 'records.id', 'jobs.record_id')
    .select([
      'jobs.id', 'records.nik', 'records.name', 'jobs.priority_rank', 'jobs.state', 'jobs.state_reason', 'jobs.queued_at',
      'records.birth_place', 'records.birth_date', 'records.sex', 'records.address', 'records.rt_rw', 'records.village',
      'records.district', 'records.source_file', 'records.source_row', 'records.imported_at',
    ])
    .where('jobs.id', '=', jobId)
    .executeTakeFirst();
  if (!row) throw new StationError('job-unknown', `no job "${jobId}"`, { job: jobId });
  const attempts = await ctx.db
    .selectFrom('attempts')
    .select(['id', 'printer_id', 'state', 'started_at', 'finished_at', 'reason', 'chip_uid'])
    .where('job_id', '=', jobId)
    .orderBy('started_at')
    .orderBy('id')
    .execute();
  return {
    job: toJobRow({ ...row, printer_id: attempts.at(-1)?.printer_id ?? null }),
    record: {
      birthPlace: row.birth_place, birthDate: row.birth_date, sex: row.sex, address: row.address, rtRw: row.rt_rw,
      village: row.village, district: row.district, sourceFile: row.source_file, sourceRow: row.source_row, importedAt: row.imported_at,
    },
    attempts: attempts.map((a) => ({ id: a.id, printerId: a.printer_id, state: a.state, startedAt: a.started_at, finishedAt: a.finished_at, reason: a.reason, chipUid: a.chip_uid })),
  };
}
