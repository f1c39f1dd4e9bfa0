import { execFile } from 'node:child_process';
import { access, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { backupSqlite, ensureDataHome, openDatabase, SQLITE_FILE_NAME } from '../../../db/index.js';
import { sql } from 'kysely';
import { StationError } from '../station-error.js';
import { POSTGRES_URL } from './backup-station.js';
import { verifyDatabase, type DatabaseVerification } from './verify-database.js';

const run = promisify(execFile);

export interface RestoreOptions {
  /** A `cetak-….sqlite` or `cetak-….pgdump` made by `cetak backup`. */
  readonly from: string;
  /** The data folder to restore into; for SQLite it must hold no database yet. */
  readonly home: string;
  /** A `postgres://` URL to restore a `.pgdump` into (an empty database). */
  readonly url?: string;
}

export interface RestoreReport {
  readonly database: string;
  readonly verification: DatabaseVerification;
}

const exists = (path: string) => access(path).then(() => true, () => false);

/**
 * Restores a backup into an empty home (or empty PostgreSQL database) and verifies the result the
 * way a backup is verified. Never overwrites: a home that already has a database is refused, so a
 * mistyped command cannot replace a live station's records.
 */
export async function restoreStation(o: RestoreOptions): Promise<RestoreReport> {
  if (!(await exists(o.from))) throw new StationError('restore-failed', `no backup at ${o.from}`, {});
  if (o.from.endsWith('.pgdump')) {
    if (!o.url || !POSTGRES_URL.test(o.url)) throw new StationError('restore-failed', `${o.from} is a PostgreSQL backup: say where it goes with --database postgres://…`, {});
    await refuseNonEmptyPostgres(o.url);
    await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${o.url}`, o.from]);
    return { database: o.url.replace(/\/\/[^@/]*@/, '//'), verification: await verifyDatabase(o.url) };
  }
  const home = await ensureDataHome(o.home);
  const target = o.url && !POSTGRES_URL.test(o.url) ? o.url : join(home, SQLITE_FILE_NAME);
  for (const f of [target, `${target}-wal`]) {
    if (await exists(f)) throw new StationError('restore-failed', `${f} already exists: restore goes into an empty home (give another --home, or move that database away first)`, { file: f });
  }
  // Verified as restored, not before: opening the backup itself to check it would change it.
  await backupSqlite(o.from, target);
  const verification = await verifyDatabase(target);
  if (!verification.ok) {
    for (const f of [target, `${target}-wal`, `${target}-shm`]) await rm(f, { force: true });
    throw new StationError('restore-failed', `the backup ${o.from} does not verify, nothing was restored: ${verification.problems.join('; ')}`, {});
  }
  return { database: target, verification };
}

async function refuseNonEmptyPostgres(url: string): Promise<void> {
  const database = await openDatabase({ url });
  try {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = 'public'`.execute(database.kysely);
    if ((rows[0]?.n ?? 0) > 0) throw new StationError('restore-failed', `the database ${database.location} is not empty: restore goes into an empty database`, {});
  } finally {
    await database.close();
  }
}
