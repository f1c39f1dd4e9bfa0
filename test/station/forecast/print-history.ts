import { beginAttempt, finishAttempt } from '../../../src/station/jobs/attempts.js';
import type { ManualClock } from '../../../src/station/clock.js';
import type { StationContext } from '../../../src/station/context.js';

/**
 * Queued jobs for forecast and report tests, written straight into the tables: the import path has
 * its own tests, and thousands of photos would only slow these down. NIKs are well-formed
 * (Kota Kupang, serial = job number) so masking has something real to mask.
 */
export async function queueJobs(ctx: StationContext, count: number, startAt = 0): Promise<string[]> {
  const at = ctx.clock.now().toISOString();
  const ids: string[] = [];
  const rows = [];
  for (let i = startAt; i < startAt + count; i++) {
    const n = String(i + 1).padStart(5, '0');
    ids.push(`job_${n}`);
    rows.push({
      id: `rec_${n}`,
      nik: `53710145019${n}`,
      content_sha256: `sha-${n}`,
      name: `RESIDENT ${n}`,
      province: 'NUSA TENGGARA TIMUR',
      regency: 'KOTA KUPANG',
      birth_place: 'KUPANG',
      birth_date: '1990-01-05',
      sex: 'female' as const,
      blood_type: 'O',
      address: 'JL. TEST',
      rt_rw: '001/002',
      village: 'OEBA',
      district: 'KOTA LAMA',
      religion: 'KRISTEN',
      marital_status: 'KAWIN',
      occupation: 'WIRASWASTA',
      nationality: 'WNI',
      valid_until: 'SEUMUR HIDUP',
      issue_place: 'KOTA KUPANG',
      issue_date: '2026-11-01',
      priority: 'first-card' as const,
      photo_path: `photos/${n}.jpg`,
      signature_path: `signatures/${n}.png`,
      source_file: 'test.csv',
      source_row: i + 1,
      source_batch: 'test',
      imported_at: at,
      imported_by: 'test',
    });
  }
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    await ctx.db.insertInto('records').values(chunk).execute();
    await ctx.db
      .insertInto('jobs')
      .values(chunk.map((r) => ({ id: r.id.replace('rec_', 'job_'), record_id: r.id, state: 'queued', state_reason: null, priority_rank: 1, queued_at: at, updated_at: at })))
      .execute();
  }
  return ids;
}

/**
 * Prints `count` queued jobs on `printerId` through the real attempt services, one card a minute
 * of the manual clock. `outcome` picks each card's fate by its index.
 */
export async function printCards(
  ctx: StationContext,
  clock: ManualClock,
  input: { printerId: string; count: number; needsFilm?: boolean; outcome?: (i: number) => 'printed' | 'spoiled'; reason?: string },
): Promise<void> {
  const jobs = await ctx.db.selectFrom('jobs').select('id').where('state', '=', 'queued').orderBy('id').limit(input.count).execute();
  if (jobs.length < input.count) throw new Error(`only ${jobs.length} queued jobs, ${input.count} wanted`);
  for (let i = 0; i < input.count; i++) {
    const began = await beginAttempt(ctx, { jobId: jobs[i]!.id, printerId: input.printerId, sides: 1, needsFilm: input.needsFilm ?? true });
    if (!began) throw new Error(`job ${jobs[i]!.id} was not taken`);
    clock.advanceMs(60_000);
    const outcome = input.outcome?.(i) ?? 'printed';
    await finishAttempt(ctx, { attemptId: began.attemptId, outcome, ...(outcome === 'spoiled' ? { reasons: [input.reason ?? 'laminate peeled'] } : {}) });
  }
}
