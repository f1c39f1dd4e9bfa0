import type { KyselyConfig } from 'kysely';
import { join } from 'node:path';
import type { CetakDatabase } from './cetak-database.js';
import { ensureDataHome, resolveDataHome, SQLITE_FILE_NAME } from './data-home.js';
import { openPostgres } from './postgres/open-postgres.js';
import { openSqlite } from './sqlite/open-sqlite.js';

/** Options for {@link openDatabase}. All optional. */
export interface OpenDatabaseOptions {
  /**
   * `postgres://…` or `postgresql://…` selects PostgreSQL. Anything else is a SQLite file: a path,
   * or a `sqlite:` URL (`sqlite:/abs/path`, `sqlite:///abs/path`, `sqlite:relative/path`).
   * Default: `<home>/cetak.sqlite`.
   */
  readonly url?: string;
  /**
   * The data home holding the default SQLite file; created with mode 0700 when missing.
   * Default: `resolveDataHome()` (CETAK_HOME, XDG_DATA_HOME/cetak, ~/.local/share/cetak).
   * Ignored when `url` is given.
   */
  readonly home?: string;
  /** SQLite only: how long a statement waits for another process's write lock, in ms. Default 5000. */
  readonly busyTimeoutMs?: number;
  /** Open without write access (SQLite file must exist in WAL mode; PostgreSQL sessions read only). */
  readonly readonly?: boolean;
  /** kysely's query log hook (a level list or a function receiving each query event). */
  readonly log?: KyselyConfig['log'];
}

const POSTGRES_URL = /^postgres(?:ql)?:\/\//i;

/**
 * Opens cetak's database. `DB` is the table map (db/schema.ts's `Database`).
 *
 * Failures are `DatabaseError`s: `db-home-not-directory` / `db-home-not-writable` (data home),
 * `db-open-failed` and `db-pragma-rejected` (SQLite), `db-connect-failed` (PostgreSQL).
 * It does not migrate: call `migrateToLatest()` next.
 */
export async function openDatabase<DB = unknown>(
  options: OpenDatabaseOptions = {},
): Promise<CetakDatabase<DB>> {
  const config = Object.freeze({ ...options });
  const common = {
    ...(config.readonly === undefined ? {} : { readonly: config.readonly }),
    ...(config.log === undefined ? {} : { log: config.log }),
  };
  if (config.url !== undefined && POSTGRES_URL.test(config.url)) {
    return openPostgres<DB>({ url: config.url, ...common });
  }
  const path =
    config.url !== undefined
      ? sqlitePath(config.url)
      : join(await ensureDataHome(config.home ?? resolveDataHome()), SQLITE_FILE_NAME);
  return openSqlite<DB>({
    path,
    ...common,
    ...(config.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: config.busyTimeoutMs }),
  });
}

function sqlitePath(url: string): string {
  if (!/^sqlite:/i.test(url)) return url;
  const rest = url.slice('sqlite:'.length);
  // sqlite:///abs → /abs; sqlite://relative is read as a relative path, not a host.
  return rest.startsWith('//') ? rest.slice(2) : rest;
}
