import { sql, type Kysely } from 'kysely';

/**
 * `record_images`: a record's photo and signature, keyed by the SHA-256 of their bytes (the same
 * picture used by many records is stored once). On PostgreSQL this is where import writes them and
 * the card renderer reads them, so the stations of one office share no folder. A SQLite station
 * keeps its images in its data folder (`images/ab/<sha256>.jpg`); the table exists there too, empty,
 * so both engines have one schema. Self-contained on purpose: no app imports.
 */
async function isPostgres(db: Kysely<any>): Promise<boolean> {
  try {
    const { rows } = await sql<{ v: string }>`select version() as v`.execute(db);
    return /postgresql/i.test(rows[0]?.v ?? '');
  } catch {
    return false; // SQLite has no version() function
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  const bytes = (await isPostgres(db)) ? sql`bytea` : sql`blob`;
  await db.schema
    .createTable('record_images')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('jpeg', 'png')`))
    .addColumn('bytes', bytes, (c) => c.notNull())
    .addColumn('stored_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('record_images').execute();
}
