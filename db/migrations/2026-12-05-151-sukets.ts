import { sql, type Kysely } from 'kysely';

/**
 * Both engines: `sukets`, the Surat Keterangan pengganti KTP-el issued to a resident whose card
 * cannot be printed now, each against its job. Whether the card has replaced it is not stored: it
 * is the job's printed attempt, so the debt of cards owed can never drift from the attempts.
 * `rationing`: the supervisor's switch and the confirmed daily quotas per printer family.
 * Self-contained on purpose: no app imports.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sukets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('job_id', 'text', (c) => c.notNull().references('jobs.id'))
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('official_name', 'text', (c) => c.notNull())
    .addColumn('official_nip', 'text', (c) => c.notNull())
    .execute();
  await sql`create unique index sukets_one_per_job on sukets (job_id)`.execute(db);
  await db.schema
    .createTable('rationing')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('on_since', 'text')
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('set_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('quotas', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rationing').execute();
  await db.schema.dropTable('sukets').execute();
}
