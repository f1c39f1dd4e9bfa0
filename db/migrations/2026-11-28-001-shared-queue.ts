import { sql, type Kysely } from 'kysely';

/**
 * Both engines: `jobs.claimed_by` / `jobs.claimed_until`, the dispatchers' soft claims on a shared
 * queue (a printer that picked a job to render next; other printers skip it until it expires).
 *
 * PostgreSQL only (SQLite keeps polling data_version): a statement-level trigger
 * on every table a console shows NOTIFYs `cetak_changes` with the table's name, inside the writing
 * transaction, so every station hears of every commit by any station or shell command, and of
 * nothing that rolled back. Self-contained on purpose: no app imports.
 */
const WATCHED = ['jobs', 'attempts', 'records', 'stock_balances', 'rolls', 'loans', 'printers', 'operators', 'consumable_types'] as const;

async function isPostgres(db: Kysely<any>): Promise<boolean> {
  try {
    const { rows } = await sql<{ v: string }>`select version() as v`.execute(db);
    return /postgresql/i.test(rows[0]?.v ?? '');
  } catch {
    return false; // SQLite has no version() function
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('claimed_by', 'text').execute();
  await db.schema.alterTable('jobs').addColumn('claimed_until', 'text').execute();
  if (!(await isPostgres(db))) return;
  await sql`
    create or replace function cetak_notify_change() returns trigger language plpgsql as $$
    begin
      perform pg_notify('cetak_changes', tg_table_name);
      return null;
    end $$`.execute(db);
  for (const table of WATCHED) {
    // A claim changes nothing anyone sees: updates of only the claim columns notify nobody.
    const events = table === 'jobs' ? sql`insert or delete or update of id, record_id, state, state_reason, priority_rank, queued_at, updated_at` : sql`insert or update or delete`;
    await sql`create trigger ${sql.id(`${table}_notify_change`)} after ${events} on ${sql.table(table)}
      for each statement execute function cetak_notify_change()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (await isPostgres(db)) {
    for (const table of WATCHED) await sql`drop trigger if exists ${sql.id(`${table}_notify_change`)} on ${sql.table(table)}`.execute(db);
    await sql`drop function if exists cetak_notify_change()`.execute(db);
  }
  await db.schema.alterTable('jobs').dropColumn('claimed_until').execute();
  await db.schema.alterTable('jobs').dropColumn('claimed_by').execute();
}
