import { withStatementCache } from './statement-cache.js';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { KyselyConfig } from 'kysely';
import { chmodSync, closeSync, openSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CetakDatabase } from '../cetak-database.js';
import { DatabaseError } from '../database-error.js';
import { applySqlitePragmas, DEFAULT_BUSY_TIMEOUT_MS } from './sqlite-pragmas.js';
import { SqliteImmediateDialect } from './sqlite-immediate-dialect.js';

/** Options for {@link openSqlite}. */
export interface OpenSqliteOptions {
  /** The database file; created when missing unless `readonly`. `:memory:` is refused (no WAL). */
  readonly path: string;
  /** How long a statement waits for another process's write lock, in ms. Default 5000. */
  readonly busyTimeoutMs?: number;
  /** Open read-only; the file must exist and already be in WAL mode. Default false. */
  readonly readonly?: boolean;
  /** kysely's query log hook. */
  readonly log?: KyselyConfig['log'];
}

/**
 * Opens a SQLite file through better-sqlite3 with cetak's pragmas (see `applySqlitePragmas`) and
 * `BEGIN IMMEDIATE` transactions.
 *
 * Throws `DatabaseError` `db-open-failed` when the file cannot be opened, `db-pragma-rejected`
 * when WAL, `synchronous=FULL`, `foreign_keys` or `busy_timeout` did not take.
 */
export async function openSqlite<DB>(options: OpenSqliteOptions): Promise<CetakDatabase<DB>> {
  const config = Object.freeze({ ...options });
  const location = config.path === ':memory:' ? ':memory:' : resolve(config.path);
  const busyTimeoutMs = config.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const readonly = config.readonly ?? false;

  if (!readonly && location !== ':memory:') createPrivately(location);
  const database = openFile(location, readonly);
  try {
    applySqlitePragmas(database, location, busyTimeoutMs);
    if (!readonly && location !== ':memory:') for (const suffix of SIDECARS) tighten(location + suffix);
  } catch (error) {
    database.close();
    throw error;
  }

  const kysely = new Kysely<DB>({
    dialect: new SqliteImmediateDialect({ database: withStatementCache(database) }),
    ...(config.log === undefined ? {} : { log: config.log }),
  });

  // data_version only moves for commits made by *other* connections, so reading it on the
  // writer would miss this process's own commits; a second, read-only connection sees them all.
  let versionReader: BetterSqlite3.Database | undefined;
  let closed = false;

  return {
    kysely,
    dialect: 'sqlite',
    location,
    async dataVersion() {
      if (closed) throw new Error(`The database ${location} is closed.`);
      versionReader ??= openVersionReader(location, busyTimeoutMs);
      return Number(versionReader.pragma('data_version', { simple: true }));
    },
    async close() {
      if (closed) return;
      closed = true;
      // The reader goes first so that the writer is the last connection and checkpoints the WAL.
      versionReader?.close();
      await kysely.destroy();
    },
  };
}

/** Mode of the database and its -wal/-shm: they hold every NIK, name and PIN hash. */
export const DATABASE_FILE_MODE = 0o600;

const SIDECARS = ['-wal', '-shm', '-journal'] as const;

/**
 * Creates the file 0600 before SQLite does (SQLite gives -wal and -shm the mode of the database
 * file), and tightens a database or sidecars left looser by an older cetak. Errors here are left
 * for `openFile` to report as it does for any unopenable file.
 */
function createPrivately(location: string): void {
  try {
    closeSync(openSync(location, 'a', DATABASE_FILE_MODE));
  } catch {
    return;
  }
  for (const file of [location, ...SIDECARS.map((s) => location + s)]) tighten(file);
}

function tighten(file: string): void {
  try {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, DATABASE_FILE_MODE);
  } catch {
    // Missing (no sidecar yet) or not ours: SQLite itself reports a file it cannot use.
  }
}

function openFile(location: string, readonly: boolean): BetterSqlite3.Database {
  try {
    return new BetterSqlite3(location, { readonly, fileMustExist: readonly });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseError(
      'db-open-failed',
      `Cannot open the SQLite database ${location}: ${reason}.`,
      { location, errno: typeof code === 'string' ? code : 'unknown' },
      { cause: error },
    );
  }
}

function openVersionReader(location: string, busyTimeoutMs: number): BetterSqlite3.Database {
  const reader = new BetterSqlite3(location, { readonly: true, fileMustExist: true });
  reader.pragma(`busy_timeout = ${busyTimeoutMs}`);
  return reader;
}
