import { execFile } from 'node:child_process';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { backupSqlite, sealSqliteBackup } from '../../../db/index.js';
import type { Clock } from '../clock.js';
import { StationError } from '../station-error.js';
import { verifyDatabase, type DatabaseVerification } from './verify-database.js';

const run = promisify(execFile);

export const POSTGRES_URL = /^postgres(?:ql)?:\/\//i;

/** `cetak-20261204T014500123Z.sqlite`, or with a label (`-before-2026-11-28-001-shared-queue`), which rotation never removes. */
const BACKUP_NAME = /^cetak-(\d{8}T\d{9}Z)(-[a-z0-9-]+)?\.(sqlite|pgdump)$/;

export interface BackupOptions {
  /** The database: a SQLite path or a `postgres://` URL. */
  readonly url: string;
  readonly toDir: string;
  /** Unlabelled backups kept in `toDir` after this one (this one included). 0 keeps all. */
  readonly keep: number;
  readonly clock: Clock;
  /** Marks a backup that rotation keeps (the backup before a migration). Lowercase words and dashes. */
  readonly label?: string;
}

export interface BackupReport {
  readonly file: string;
  readonly bytes: number;
  readonly verification: DatabaseVerification;
  /** Older backups that rotation removed. */
  readonly removed: readonly string[];
}

function stamp(clock: Clock): string {
  return clock.now().toISOString().replace(/[-:]/g, '').replace('.', '');
}

/**
 * Backs up the station's database into `toDir` (0700) and verifies the copy: for SQLite the copy
 * itself (integrity check, audit chain, balances); for PostgreSQL `pg_dump`'s archive must list
 * whole and the database is verified as dumped. A copy that fails verification is removed and the
 * backup fails: an unverified backup is never left looking like a good one. Then rotation.
 */
export async function backupStation(o: BackupOptions): Promise<BackupReport> {
  await mkdir(o.toDir, { recursive: true, mode: 0o700 });
  const postgres = POSTGRES_URL.test(o.url);
  const file = join(o.toDir, `cetak-${stamp(o.clock)}${o.label ? `-${o.label}` : ''}.${postgres ? 'pgdump' : 'sqlite'}`);
  let verification: DatabaseVerification;
  try {
    if (postgres) {
      await run('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, `--dbname=${o.url}`]);
      await run('pg_restore', ['--list', file], { maxBuffer: 64 * 1024 * 1024 });
      verification = await verifyDatabase(o.url);
    } else {
      await backupSqlite(o.url, file);
      verification = await verifyDatabase(file);
    }
  } catch (error) {
    await rm(file, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && postgres) {
      throw new StationError('backup-failed', 'pg_dump was not found: install the PostgreSQL client tools (Debian: postgresql-client) to back up a PostgreSQL station', {});
    }
    throw error;
  }
  if (!verification.ok) {
    await rm(file, { force: true });
    throw new StationError('backup-failed', `the backup did not verify and was removed: ${verification.problems.join('; ')}`, { file });
  }
  if (!postgres) sealSqliteBackup(file);
  const removed = o.keep > 0 ? await rotate(o.toDir, o.keep) : [];
  return { file, bytes: (await stat(file)).size, verification, removed };
}

/** Removes the oldest unlabelled backups beyond `keep`. Names sort by time. */
async function rotate(dir: string, keep: number): Promise<string[]> {
  const plain = (await readdir(dir)).filter((n) => BACKUP_NAME.exec(n)?.[2] === undefined && BACKUP_NAME.test(n)).sort().reverse();
  const old = plain.slice(keep);
  for (const name of old) await rm(join(dir, name), { force: true });
  return old.map((n) => join(dir, n));
}
