import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseError } from '../../../db/database-error.js';
import { openDatabase } from '../../../db/open-database.js';
import { applySqlitePragmas } from '../../../db/sqlite/sqlite-pragmas.js';
import type { SqlitePragmaTarget } from '../../../db/sqlite/sqlite-pragmas.js';

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cetak-pragmas-'));
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function pragma(db: Awaited<ReturnType<typeof openDatabase>>, name: string): Promise<unknown> {
  const { rows } = await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(db.kysely);
  return Object.values(rows[0] ?? {})[0];
}

describe('SQLite pragmas', () => {
  it('are in force on the connection kysely uses: WAL, synchronous FULL, foreign keys, busy timeout 5000 ms', async () => {
    const db = await openDatabase({ url: join(scratch, 'a.sqlite') });
    try {
      expect(await pragma(db, 'journal_mode')).toBe('wal');
      expect(await pragma(db, 'synchronous')).toBe(2);
      expect(await pragma(db, 'foreign_keys')).toBe(1);
      expect(await pragma(db, 'busy_timeout')).toBe(5000);
    } finally {
      await db.close();
    }
  });

  it('take the busy timeout option', async () => {
    const db = await openDatabase({ url: join(scratch, 'b.sqlite'), busyTimeoutMs: 1234 });
    try {
      expect(await pragma(db, 'busy_timeout')).toBe(1234);
    } finally {
      await db.close();
    }
  });

  it('refuse an in-memory database, which cannot be WAL, naming pragma, wanted and got', async () => {
    const error = await openDatabase({ url: ':memory:' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    const rejected = error as DatabaseError;
    expect(rejected.code).toBe('db-pragma-rejected');
    expect(rejected.details).toMatchObject({ pragma: 'journal_mode', wanted: 'wal', got: 'memory' });
    expect(rejected.message).toMatch(/journal_mode.*wanted wal, got memory/);
  });

  it('refuse a read-only open of a database that is not in WAL mode', async () => {
    const path = join(scratch, 'rollback-journal.sqlite');
    const plain = new BetterSqlite3(path);
    plain.exec('create table t (x)');
    plain.close();
    const error = await openDatabase({ url: path, readonly: true }).catch((e: unknown) => e);
    expect((error as DatabaseError).code).toBe('db-pragma-rejected');
    expect((error as DatabaseError).details).toMatchObject({ pragma: 'journal_mode', wanted: 'WAL' });
  });

  it('refuse a pragma the engine ignores (a connection that keeps synchronous at NORMAL)', () => {
    const real = new BetterSqlite3(join(scratch, 'c.sqlite'));
    // A connection that applies synchronous = NORMAL whatever it is asked, as a build or VFS
    // that clamps the setting would.
    const stubborn: SqlitePragmaTarget = {
      pragma: (source, options) =>
        real.pragma(source.startsWith('synchronous =') ? 'synchronous = NORMAL' : source, options),
    };
    try {
      expect(() => applySqlitePragmas(stubborn, 'c.sqlite', 100)).toThrow(
        expect.objectContaining({ code: 'db-pragma-rejected', details: expect.objectContaining({ pragma: 'synchronous', wanted: '2', got: '1' }) }),
      );
    } finally {
      real.close();
    }
  });

  it('report a file that is not a database as db-open-failed', async () => {
    const path = join(scratch, 'garbage.sqlite');
    await writeFile(path, 'this is not a database, just some text that is long enough'.repeat(20));
    const error = await openDatabase({ url: path }).catch((e: unknown) => e);
    expect((error as DatabaseError).code).toBe('db-open-failed');
    expect((error as DatabaseError).message).toContain(path);
  });
});
