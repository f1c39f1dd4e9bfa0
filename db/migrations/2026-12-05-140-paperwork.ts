import { sql, type Kysely } from 'kysely';

/**
 * The office's paperwork, on both engines:
 * - `official_documents`: the number each document was given, once (a report written again keeps
 *   its number; two documents never share one: unique per code, year and running number);
 * - a destruction session (`destruction_sessions`, its `destruction_witnesses` and
 *   `destruction_items`): spoiled cards by attempt, film and ribbon rolls, and counted batches of
 *   old cards residents handed back (`returned_old_cards`); an item belongs to one session only;
 * - `card_handovers`: who received a printed card and how their identity was checked, once per job.
 * Self-contained on purpose: no app imports.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('official_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    // What the document is about: a month (2026-11), a session id, a day (2026-12-03).
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('official_documents_subject', ['kind', 'subject'])
    .addUniqueConstraint('official_documents_seq', ['code', 'year', 'seq'])
    .execute();

  await db.schema
    .createTable('returned_old_cards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('received_by', 'text', (c) => c.notNull())
    // Counted, never listed: an old card carries a resident's data, the count is what is reported.
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('note', 'text')
    .execute();

  await db.schema
    .createTable('destruction_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('open', 'closed')`))
    // burn: Berita Acara Pemusnahan; corner-cut: Berita Acara Serah Terima to the Directorate General.
    .addColumn('rule', 'text', (c) => c.notNull().check(sql`rule in ('burn', 'corner-cut')`))
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('opened_by', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .execute();
  // One session open at a time: the items in the bucket belong to it until it closes.
  await sql`create unique index destruction_sessions_one_open on destruction_sessions (state) where state = 'open'`.execute(db);

  await db.schema
    .createTable('destruction_witnesses')
    .addColumn('session_id', 'text', (c) => c.notNull().references('destruction_sessions.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // NIP of a civil servant, NRP of a police officer, or nothing.
    .addColumn('nip', 'text')
    .addColumn('position', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('destruction_witnesses_pk', ['session_id', 'seq'])
    .execute();

  await db.schema
    .createTable('destruction_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('destruction_sessions.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('spoiled-card', 'roll', 'old-cards')`))
    .addColumn('attempt_id', 'text')
    .addColumn('roll_id', 'text')
    .addColumn('old_cards_id', 'text')
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('checked_at', 'text')
    .addColumn('checked_by', 'text')
    .execute();
  await sql`create unique index destruction_items_attempt on destruction_items (attempt_id) where attempt_id is not null`.execute(db);
  await sql`create unique index destruction_items_roll on destruction_items (roll_id) where roll_id is not null`.execute(db);
  await sql`create unique index destruction_items_old_cards on destruction_items (old_cards_id) where old_cards_id is not null`.execute(db);
  await db.schema.createIndex('destruction_items_session').on('destruction_items').column('session_id').execute();

  await db.schema
    .createTable('card_handovers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'text', (c) => c.notNull().unique())
    .addColumn('handed_at', 'text', (c) => c.notNull())
    .addColumn('handed_by', 'text', (c) => c.notNull())
    .addColumn('receiver_name', 'text', (c) => c.notNull())
    .addColumn('receiver_is_holder', 'integer', (c) => c.notNull())
    // How the receiver was checked: old card, fingerprint, family card (comma-separated words).
    .addColumn('identity_checked', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('card_handovers_by_day').on('card_handovers').column('handed_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['card_handovers', 'destruction_items', 'destruction_witnesses', 'destruction_sessions', 'returned_old_cards', 'official_documents']) {
    await db.schema.dropTable(table).execute();
  }
}
