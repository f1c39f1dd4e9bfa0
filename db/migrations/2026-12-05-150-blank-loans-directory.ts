import { sql, type Kysely } from 'kysely';

/**
 * Both engines. The offices and suppliers the office deals with (`directory`); loans of blanks
 * between offices (`blank_loans`, apart from `loans`, whose rows are rolls of one consumable type);
 * on `movements`, the blank loan a movement settles or makes and the sub-unit a distribution goes
 * to; on `blank_batches`, where a batch came from (the Directorate's allocation by default).
 * Self-contained on purpose: no app imports.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('directory')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('office', 'supplier', 'directorate', 'sub-unit')`))
    .addColumn('contact', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('blank_loans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('borrowed', 'lent')`))
    .addColumn('counterparty', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('document_no', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema.alterTable('movements').addColumn('blank_loan_id', 'text', (c) => c.references('blank_loans.id')).execute();
  await db.schema.alterTable('movements').addColumn('location', 'text').execute();
  await db.schema.alterTable('blank_batches').addColumn('source', 'text', (c) => c.notNull().defaultTo('allocation')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('blank_batches').dropColumn('source').execute();
  await db.schema.alterTable('movements').dropColumn('location').execute();
  await db.schema.alterTable('movements').dropColumn('blank_loan_id').execute();
  await db.schema.dropTable('blank_loans').execute();
  await db.schema.dropTable('directory').execute();
}
