import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CetakDatabase } from '../../db/cetak-database.js';
import { DatabaseError } from '../../db/database-error.js';
import { openDatabase } from '../../db/open-database.js';
import { retryableCode, writeTransaction } from '../../db/transaction.js';

interface Tables {
  entry: { seq: number | null; writer: string };
}

// Engine-independent behaviour is in test/support/database-contract.ts (run on SQLite and
// PostgreSQL); this file covers the SQLite busy retries.
let scratch: string;
let db: CetakDatabase<Tables>;
let other: BetterSqlite3.Database;

beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cetak-trx-'));
  const path = join(scratch, 'cetak.sqlite');
  db = await openDatabase<Tables>({ url: path, busyTimeoutMs: 0 });
  await sql`create table entry (seq integer primary key, writer text not null)`.execute(db.kysely);
  other = new BetterSqlite3(path);
  other.pragma('busy_timeout = 0');
});
afterEach(async () => {
  if (other.inTransaction) other.exec('rollback');
  other.close();
  await db.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('writeTransaction on SQLite', () => {
  it('retries while another connection holds the write lock, then commits once', async () => {
    other.exec('begin immediate');
    const retries: string[] = [];
    let runs = 0;
    const result = await writeTransaction(
      db,
      async (trx) => {
        runs += 1;
        await trx.insertInto('entry').values({ writer: 'station' }).execute();
        return 'done';
      },
      {
        retryDelayMs: 1,
        onRetry: ({ attempt, code }) => {
          retries.push(`${attempt}:${code}`);
          if (attempt === 2) other.exec('commit');
        },
      },
    );
    expect(result).toBe('done');
    expect(retries).toEqual(['1:SQLITE_BUSY', '2:SQLITE_BUSY']);
    // BEGIN IMMEDIATE failed before fn ran, so fn ran only on the attempt that committed.
    expect(runs).toBe(1);
    expect(await db.kysely.selectFrom('entry').selectAll().execute()).toEqual([{ seq: 1, writer: 'station' }]);
  });

  it('gives up after maxAttempts with db-busy, keeping the engine error as cause', async () => {
    other.exec('begin immediate');
    let runs = 0;
    const error = await writeTransaction(
      db,
      async () => {
        runs += 1;
      },
      { maxAttempts: 3, retryDelayMs: 1 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).code).toBe('db-busy');
    expect((error as DatabaseError).details).toMatchObject({ attempts: 3, reason: 'SQLITE_BUSY' });
    expect(retryableCode((error as DatabaseError).cause)).toBe('SQLITE_BUSY');
    expect(runs).toBe(0);
  });

  it('does not retry other errors', async () => {
    let runs = 0;
    const error = await writeTransaction(db, async (trx) => {
      runs += 1;
      await trx.insertInto('entry').values({ seq: 1, writer: 'a' }).execute();
      await trx.insertInto('entry').values({ seq: 1, writer: 'b' }).execute();
    }).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
    expect(runs).toBe(1);
  });
});
