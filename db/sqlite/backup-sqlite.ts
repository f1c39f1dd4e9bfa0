import BetterSqlite3 from 'better-sqlite3';
import { closeSync, openSync } from 'node:fs';
import { DatabaseError } from '../database-error.js';

/**
 * Copies a live SQLite database to `destination` through SQLite's online backup API (better-sqlite3
 * `backup()`), page by page, so the station may go on writing: the copy is one consistent moment.
 * `destination` must not exist; it is created 0600 (it holds the same personal data as the
 * database). Once verified, {@link sealSqliteBackup} makes it one self-contained file.
 *
 * Throws `DatabaseError` `db-open-failed` when the source cannot be opened or the copy not written.
 */
export async function backupSqlite(source: string, destination: string): Promise<void> {
  let reader: BetterSqlite3.Database;
  try {
    reader = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new DatabaseError('db-open-failed', `Cannot open the SQLite database ${source} to back it up: ${(error as Error).message}.`, { location: source }, { cause: error });
  }
  try {
    closeSync(openSync(destination, 'wx', 0o600));
    await reader.backup(destination);
  } catch (error) {
    throw new DatabaseError('db-open-failed', `Cannot write the backup ${destination}: ${(error as Error).message}.`, { location: destination }, { cause: error });
  } finally {
    reader.close();
  }
}

/**
 * Takes a backup out of WAL mode, so it is one file that opens read-only anywhere and leaves no
 * -wal or -shm behind when read.
 */
export function sealSqliteBackup(path: string): void {
  const copy = new BetterSqlite3(path, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/** `PRAGMA integrity_check` on a closed file: an empty list when SQLite finds nothing wrong. */
export function sqliteIntegrityProblems(path: string): string[] {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
  } finally {
    db.close();
  }
}
