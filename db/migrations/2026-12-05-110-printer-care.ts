import type { Kysely } from 'kysely';

/**
 * Both engines. `test_cards`: a test card takes a blank and film and ribbon images like a job's card,
 * but belongs to no job, so it has its own row that its movements point at (by id in the reason)
 * and that ledger verification counts next to the attempts. `printer_care`: what people did to a
 * printer that is not a card (a cleaning, a refill of its feeder), so cards since cleaning survive a
 * restart. Self-contained on purpose: no app imports.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('test_cards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('printer_id', 'text', (c) => c.notNull().references('printers.id'))
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('film_roll_id', 'text', (c) => c.references('rolls.id'))
    .addColumn('ribbon_roll_id', 'text', (c) => c.references('rolls.id'))
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('test_cards_by_printer').on('test_cards').columns(['printer_id', 'started_at']).execute();
  await db.schema
    .createTable('printer_care')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('printer_id', 'text', (c) => c.notNull().references('printers.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('cards', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('printer_care_by_printer').on('printer_care').columns(['printer_id', 'kind', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('printer_care').execute();
  await db.schema.dropTable('test_cards').execute();
}
