import { DatabaseError } from '../database-error.js';

/** The part of a better-sqlite3 `Database` that pragma handling uses. */
export interface SqlitePragmaTarget {
  pragma(source: string, options: { simple: true }): unknown;
}

/** Default time a statement waits for another process's write lock before SQLITE_BUSY. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * Sets the pragmas cetak's durability rests on, then reads each back and refuses to go on if one
 * did not take:
 *
 * - `busy_timeout` (ms, first so the switch to WAL waits for other processes too). better-sqlite3
 *   is synchronous, so this wait blocks the event loop: write transactions must stay short.
 * - `journal_mode = WAL`: readers never block the writer, and a commit is one append to the log.
 *   An in-memory database (`:memory:`) or a file on a filesystem without shared memory cannot be
 *   WAL; both are refused rather than silently run in a weaker mode.
 * - `synchronous = FULL`: the WAL is fsynced at every commit, so an attempt committed as
 *   `printing` survives a power cut that follows the first byte sent to the printer.
 * - `foreign_keys = ON`.
 *
 * Throws `DatabaseError` `db-pragma-rejected` naming the pragma, the wanted and the got value
 * (`details.pragma`, `details.wanted`, `details.got`), or `db-open-failed` when the file is not a
 * database.
 */
export function applySqlitePragmas(
  db: SqlitePragmaTarget,
  location: string,
  busyTimeoutMs: number = DEFAULT_BUSY_TIMEOUT_MS,
): void {
  if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new RangeError(`busyTimeoutMs must be a whole number of milliseconds >= 0, got ${busyTimeoutMs}`);
  }
  const wanted = [
    { pragma: 'busy_timeout', set: String(busyTimeoutMs), readBack: busyTimeoutMs },
    { pragma: 'journal_mode', set: 'WAL', readBack: 'wal' },
    { pragma: 'synchronous', set: 'FULL', readBack: 2 },
    { pragma: 'foreign_keys', set: 'ON', readBack: 1 },
  ] as const;
  for (const { pragma, set } of wanted) {
    try {
      db.pragma(`${pragma} = ${set}`, { simple: true });
    } catch (error) {
      throw pragmaFailure(pragma, set, location, error);
    }
  }
  for (const { pragma, readBack } of wanted) {
    const got = readPragma(db, pragma, location);
    const normalised = typeof got === 'string' ? got.toLowerCase() : got;
    if (normalised !== readBack) {
      throw new DatabaseError(
        'db-pragma-rejected',
        `SQLite did not accept PRAGMA ${pragma} for ${location}: wanted ${String(readBack)}, got ${String(got)}; cetak needs a database file on a local disk.`,
        { pragma, wanted: String(readBack), got: String(got), location },
      );
    }
  }
}

function readPragma(db: SqlitePragmaTarget, pragma: string, location: string): unknown {
  try {
    return db.pragma(pragma, { simple: true });
  } catch (error) {
    throw pragmaFailure(pragma, '(read back)', location, error);
  }
}

function pragmaFailure(pragma: string, wanted: string, location: string, error: unknown): DatabaseError {
  const code = (error as { code?: unknown }).code;
  const got = typeof code === 'string' ? code : 'error';
  if (got === 'SQLITE_NOTADB' || got === 'SQLITE_CORRUPT') {
    return new DatabaseError(
      'db-open-failed',
      `Cannot open ${location}: the file is not a usable SQLite database (${got}).`,
      { location, errno: got },
      { cause: error },
    );
  }
  return new DatabaseError(
    'db-pragma-rejected',
    `SQLite refused PRAGMA ${pragma} for ${location}: wanted ${wanted}, got ${got}.`,
    { pragma, wanted, got, location },
    { cause: error },
  );
}
