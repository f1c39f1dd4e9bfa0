import { SqliteAdapter } from 'kysely';

/**
 * kysely's SQLite adapter, but declaring transactional DDL, which SQLite has.
 *
 * kysely's `Migrator` wraps a run in a transaction only when the adapter says
 * `supportsTransactionalDdl`; `SqliteAdapter` says false and its migration lock is a no-op (it
 * assumes one process). Two cetak processes starting at once would then both see a migration as
 * pending and both apply it. Saying true makes the Migrator run inside `db.transaction()`, which
 * our driver opens with `BEGIN IMMEDIATE`: that write lock is the cross-process migration lock, and
 * the second process reads the migration table only after the first has committed.
 *
 * The lock methods stay the inherited no-ops for that reason. Caveat for migration authors:
 * `PRAGMA foreign_keys` cannot change inside a transaction, so a table rebuild must keep the
 * constraints valid at every statement (or use `PRAGMA defer_foreign_keys = ON`).
 */
export class SqliteImmediateAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}
