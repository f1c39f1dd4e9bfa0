import type { Kysely } from 'kysely';
import type { ListenHandlers } from './postgres/postgres-listener.js';

/** The engines cetak runs on. */
export const DATABASE_DIALECTS = ['sqlite', 'postgres'] as const;

export type DatabaseDialect = (typeof DATABASE_DIALECTS)[number];

/** An open cetak database, whichever the engine. Returned by `openDatabase()`. */
export interface CetakDatabase<DB> {
  /** The query builder. Transactions on SQLite begin with `BEGIN IMMEDIATE`. */
  readonly kysely: Kysely<DB>;
  readonly dialect: DatabaseDialect;
  /**
   * Where the data lives, safe to log and show: the absolute SQLite path, or
   * `user@host:port/database` for PostgreSQL (never the password).
   */
  readonly location: string;
  /** Closes every connection. Idempotent; queries after it fail. */
  close(): Promise<void>;
  /**
   * A number that changes when the database may have changed, so the station can refresh its
   * consoles after a commit made by another process (an import from a shell).
   *
   * SQLite: `PRAGMA data_version` read on a dedicated read-only connection, so it moves on every
   * commit by any connection, this process's own writer included; it never moves otherwise.
   * PostgreSQL: a local counter that increases on every call, so a poller always refreshes;
   * use {@link CetakDatabase.listen} there instead.
   */
  dataVersion(): Promise<number>;
  /**
   * PostgreSQL only (undefined on SQLite): LISTENs on `channel` over a dedicated connection that
   * reconnects with backoff (250 ms doubling to 5 s). The schema's triggers NOTIFY
   * {@link CHANGES_CHANNEL} with the table name on every committed change to a watched table.
   * Closed with the database.
   */
  listen?(channel: string, handlers: ListenHandlers): { close(): Promise<void> };
}

/**
 * The channel the PostgreSQL schema NOTIFYs after a statement changes jobs, attempts, records,
 * stock, rolls, loans, printers or operators; the payload is the table's name. PostgreSQL folds
 * identical notifications of one transaction into one, so a commit sends one per table touched.
 */
export const CHANGES_CHANNEL = 'cetak_changes';
