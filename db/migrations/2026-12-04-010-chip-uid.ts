import { sql, type Kysely } from 'kysely';

/**
 * `attempts.chip_uid`: the UID of the blank's contactless chip, read before and after encoding.
 * The centre knows each blank by it, so one UID belongs to one attempt for ever: the unique index
 * refuses a second binding (a card placed twice, a used card placed again) on both engines.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('attempts').addColumn('chip_uid', 'text').execute();
  await sql`create unique index attempts_chip_uid on attempts (chip_uid) where chip_uid is not null`.execute(db);
}
