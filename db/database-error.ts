/**
 * Stable codes for every failure `db/` reports itself. Callers branch on `code`, never on the message.
 */
export const DATABASE_ERROR_CODES = [
  /** The data home path exists but is not a directory. */
  'db-home-not-directory',
  /** The data home could not be created or is not writable by this user. */
  'db-home-not-writable',
  /** The data home lets other users in (group/other bits) and is not ours to tighten. */
  'db-home-too-open',
  /** The SQLite file could not be opened (missing directory, permissions, not a database). */
  'db-open-failed',
  /** A required SQLite pragma did not take effect; `details` names pragma, wanted and got. */
  'db-pragma-rejected',
  /** The PostgreSQL server could not be reached or refused us; the message never holds the password. */
  'db-connect-failed',
  /** A migration failed; `details.migration` names it. */
  'db-migration-failed',
  /** A write transaction was still busy / serialisation-failed after its last retry. */
  'db-busy',
] as const;

export type DatabaseErrorCode = (typeof DATABASE_ERROR_CODES)[number];

/**
 * The one error class `db/` throws for its own failures. Query errors from the engines
 * (better-sqlite3 `SqliteError`, pg `DatabaseError`) pass through unchanged, except where a
 * function documents that it wraps them.
 */
export class DatabaseError extends Error {
  readonly code: DatabaseErrorCode;
  readonly details: Readonly<Record<string, string | number | boolean>>;

  constructor(
    code: DatabaseErrorCode,
    message: string,
    details: Readonly<Record<string, string | number | boolean>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DatabaseError';
    this.code = code;
    this.details = Object.freeze({ ...details });
  }
}
