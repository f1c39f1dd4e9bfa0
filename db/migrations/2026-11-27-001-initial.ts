import { sql, type Kysely } from 'kysely';

/**
 * The first schema. Portable on purpose (SQLite and PostgreSQL): text ids made by the application,
 * ISO-8601 UTC timestamps as text (they sort and read the same everywhere), integers for counts,
 * JSON as text, partial unique indexes (both engines have them) for the rules that must never break.
 * Typed on Kysely<any> and self-contained, as kysely's migration guide asks: never import app code here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('operators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('operator', 'supervisor', 'technician')`))
    .addColumn('pin_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .execute();

  await db.schema
    .createTable('records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('nik', 'text', (c) => c.notNull())
    // Hash of the normalised row and its image bytes: re-importing the same file is a no-op.
    .addColumn('content_sha256', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('province', 'text', (c) => c.notNull())
    .addColumn('regency', 'text', (c) => c.notNull())
    .addColumn('birth_place', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull().check(sql`sex in ('male', 'female')`))
    .addColumn('blood_type', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('rt_rw', 'text', (c) => c.notNull())
    .addColumn('village', 'text', (c) => c.notNull())
    .addColumn('district', 'text', (c) => c.notNull())
    .addColumn('religion', 'text', (c) => c.notNull())
    .addColumn('marital_status', 'text', (c) => c.notNull())
    .addColumn('occupation', 'text', (c) => c.notNull())
    .addColumn('nationality', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text', (c) => c.notNull())
    .addColumn('issue_place', 'text', (c) => c.notNull())
    .addColumn('issue_date', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) =>
      c.notNull().check(sql`priority in ('first-card', 'data-change', 'replacement')`),
    )
    .addColumn('photo_path', 'text', (c) => c.notNull())
    .addColumn('signature_path', 'text', (c) => c.notNull())
    .addColumn('source_file', 'text', (c) => c.notNull())
    .addColumn('source_row', 'integer', (c) => c.notNull())
    .addColumn('source_batch', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('records_nik').on('records').column('nik').execute();

  await db.schema
    .createTable('printers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('family', 'text', (c) => c.notNull())
    .addColumn('uri', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('simulated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('record_id', 'text', (c) => c.notNull().unique().references('records.id'))
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`state in ('queued', 'held', 'printing', 'in-doubt', 'printed', 'spoiled', 'completed', 'canceled')`,
        ),
    )
    .addColumn('state_reason', 'text')
    .addColumn('priority_rank', 'integer', (c) => c.notNull())
    .addColumn('queued_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('jobs_dispatch_order')
    .on('jobs')
    .columns(['state', 'priority_rank', 'queued_at', 'id'])
    .execute();

  await db.schema
    .createTable('blank_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document_no', 'text', (c) => c.notNull().unique())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('serial_from', 'text')
    .addColumn('serial_to', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('received_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('job_id', 'text', (c) => c.notNull().references('jobs.id'))
    .addColumn('printer_id', 'text', (c) => c.notNull().references('printers.id'))
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('printing', 'in-doubt', 'printed', 'spoiled', 'not-consumed')`),
    )
    .addColumn('sides', 'integer', (c) => c.notNull().check(sql`sides in (1, 2)`))
    // The rolls the printer had loaded when the attempt started: their images are reserved for it.
    .addColumn('film_roll_id', 'text')
    .addColumn('ribbon_roll_id', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('reason', 'text')
    .addColumn('resolved_by', 'text')
    .execute();
  // The two rules that make printing accountable, enforced by the database itself.
  await db.schema
    .createIndex('attempts_one_live_per_job')
    .on('attempts')
    .column('job_id')
    .unique()
    .where(sql.ref('state'), 'in', ['printing', 'in-doubt'])
    .execute();
  await db.schema
    .createIndex('attempts_one_good_card_per_job')
    .on('attempts')
    .column('job_id')
    .unique()
    .where(sql.ref('state'), '=', 'printed')
    .execute();
  await db.schema.createIndex('attempts_by_printer').on('attempts').columns(['printer_id', 'started_at']).execute();

  await db.schema
    .createTable('consumable_types')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('family', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('film', 'ribbon')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('nominal_images', 'integer', (c) => c.notNull().check(sql`nominal_images > 0`))
    .execute();
  await db.schema
    .createIndex('consumable_types_family_kind')
    .on('consumable_types')
    .columns(['family', 'kind', 'name'])
    .unique()
    .execute();

  await db.schema
    .createTable('loans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('borrowed', 'lent')`))
    .addColumn('counterparty', 'text', (c) => c.notNull())
    .addColumn('type_id', 'text', (c) => c.notNull().references('consumable_types.id'))
    .addColumn('roll_count', 'integer', (c) => c.notNull().check(sql`roll_count > 0`))
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('note', 'text')
    .execute();

  await db.schema
    .createTable('rolls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type_id', 'text', (c) => c.notNull().references('consumable_types.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('film', 'ribbon')`))
    .addColumn('lot', 'text', (c) => c.notNull())
    .addColumn('capacity_images', 'integer', (c) => c.notNull().check(sql`capacity_images > 0`))
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`state in ('in-stock', 'loaded', 'used-up', 'awaiting-destruction', 'destroyed', 'lent-out', 'returned')`,
        ),
    )
    .addColumn('printer_id', 'text', (c) => c.references('printers.id'))
    .addColumn('ownership', 'text', (c) => c.notNull().check(sql`ownership in ('own', 'borrowed')`))
    .addColumn('loan_id', 'text', (c) => c.references('loans.id'))
    .addColumn('station_id', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('destroyed_at', 'text')
    .addColumn('destruction_method', 'text')
    .addColumn('destroyed_by', 'text')
    .addColumn('destruction_witness', 'text')
    .addCheckConstraint('rolls_loaded_has_printer', sql`(state = 'loaded') = (printer_id is not null)`)
    .execute();
  // A printer holds at most one film and one ribbon at a time; a roll is in at most one printer by
  // construction (one printer_id column).
  await db.schema
    .createIndex('rolls_one_per_printer_and_kind')
    .on('rolls')
    .columns(['printer_id', 'kind'])
    .unique()
    .where(sql.ref('state'), '=', 'loaded')
    .execute();
  await db.schema.createIndex('rolls_by_type_state').on('rolls').columns(['type_id', 'state']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_kind', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();

  // One row. Appending to the chain updates it, which takes a row lock on PostgreSQL and is serialised
  // by BEGIN IMMEDIATE on SQLite, so two writers can never both extend the same head. It also lets
  // `audit verify` notice a deleted last row.
  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('audit_head')
    .values({ id: 1, seq: 0, hash: '0'.repeat(64) })
    .execute();

  await db.schema
    .createTable('movements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The audit row written with this movement: orders movements and ties each to the chain.
    .addColumn('audit_seq', 'integer', (c) => c.notNull().references('audit_log.seq'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull().check(sql`item in ('blank', 'roll', 'images')`))
    .addColumn('type_id', 'text', (c) => c.references('consumable_types.id'))
    .addColumn('roll_id', 'text', (c) => c.references('rolls.id'))
    .addColumn('batch_id', 'text', (c) => c.references('blank_batches.id'))
    .addColumn('from_bucket', 'text', (c) => c.notNull())
    .addColumn('to_bucket', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('attempt_id', 'text', (c) => c.references('attempts.id'))
    .addColumn('loan_id', 'text', (c) => c.references('loans.id'))
    .addColumn('printer_id', 'text', (c) => c.references('printers.id'))
    .addColumn('reason', 'text')
    .execute();
  // Balances are sums of movements; this table caches them so a print does not sum a year of rows.
  // It is written in the same transaction as each movement, and `ledger verify` recomputes it from the
  // movements. The CHECK makes the database itself refuse negative stock.
  await db.schema
    .createTable('stock_balances')
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('stock_balances_pk', ['item', 'scope', 'bucket'])
    .addCheckConstraint('stock_balances_not_negative', sql`quantity >= 0 or bucket in ('supplier', 'lender')`)
    .execute();

  await db.schema.createIndex('movements_by_item').on('movements').columns(['item', 'to_bucket', 'at']).execute();
  await db.schema.createIndex('movements_by_roll').on('movements').columns(['roll_id', 'audit_seq']).execute();
  await db.schema.createIndex('movements_by_at').on('movements').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'stock_balances',
    'movements',
    'audit_head',
    'audit_log',
    'rolls',
    'loans',
    'consumable_types',
    'attempts',
    'blank_batches',
    'jobs',
    'printers',
    'records',
    'operators',
    'stations',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
