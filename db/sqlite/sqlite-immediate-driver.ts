import { CompiledQuery, SqliteDriver } from 'kysely';
import type { DatabaseConnection, TransactionSettings } from 'kysely';

/**
 * kysely's better-sqlite3 driver, except that a transaction starts with `BEGIN IMMEDIATE`.
 *
 * kysely's `SqliteDriver` opens transactions with a plain (deferred) `BEGIN`: the write lock is
 * only requested at the first write, and a transaction that read first must then *upgrade*. When
 * another process holds the write lock, SQLite cannot wait for an upgrade (the holder might be
 * waiting on our snapshot), so it fails with SQLITE_BUSY at once, ignoring busy_timeout — two
 * writers that read-then-write would fail each other. `BEGIN IMMEDIATE` takes the RESERVED lock up
 * front, where busy_timeout applies, so writers queue instead of failing and a read-then-write
 * transaction never meets that deadlock. See docs/architecture.md (data flow, step 2).
 *
 * `db.transaction().setAccessMode('read only')` keeps a deferred `BEGIN`: a pure reader needs no
 * write lock and should not queue behind writers.
 */
export class SqliteImmediateDriver extends SqliteDriver {
  override async beginTransaction(
    connection: DatabaseConnection,
    // Optional only because SqliteDriver declares the method without it; kysely always passes it.
    settings?: TransactionSettings,
  ): Promise<void> {
    const sql = settings?.accessMode === 'read only' ? 'begin deferred' : 'begin immediate';
    await connection.executeQuery(CompiledQuery.raw(sql));
  }

  /**
   * Rolls back, unless SQLite already did. On some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM,
   * SQLITE_BUSY in a commit) SQLite ends the transaction itself; a ROLLBACK then fails with "cannot
   * rollback - no transaction is active", and kysely would throw that instead of the error that
   * mattered (a full disk would read as a programming mistake).
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } catch (error) {
      if (/no transaction is active/.test((error as Error).message)) return;
      throw error;
    }
  }
}
