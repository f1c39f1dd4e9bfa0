import type { Kysely } from 'kysely';

/**
 * Both engines: `sign_in_locks`, failed sign-ins counted per operator id and per console socket, kept
 * in the database so a restart forgets no lock and no number of made-up ids can push one out.
 * Self-contained on purpose: no app imports.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sign_in_locks')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('locks', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sign_in_locks').execute();
}
