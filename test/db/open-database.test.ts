import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DatabaseError } from '../../db/database-error.js';
import { openDatabase } from '../../db/open-database.js';

interface Tables {
  entry: { id: number };
}

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cetak-open-'));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(scratch, { recursive: true, force: true });
});

describe('openDatabase on SQLite', () => {
  it('puts cetak.sqlite in the given home, creating the home with mode 0700', async () => {
    const home = join(scratch, 'home');
    const db = await openDatabase({ home });
    try {
      expect(db.dialect).toBe('sqlite');
      expect(db.location).toBe(join(home, 'cetak.sqlite'));
      expect(existsSync(db.location)).toBe(true);
      expect((await stat(home)).mode & 0o777).toBe(0o700);
    } finally {
      await db.close();
    }
  });

  it('uses the resolved data home (CETAK_HOME) when given neither url nor home', async () => {
    vi.stubEnv('CETAK_HOME', join(scratch, 'from-env'));
    const db = await openDatabase();
    try {
      expect(db.location).toBe(join(scratch, 'from-env', 'cetak.sqlite'));
    } finally {
      await db.close();
    }
  });

  it('takes sqlite: URLs and plain paths, reporting an absolute location', async () => {
    const absolute = join(scratch, 'a.sqlite');
    for (const url of [`sqlite:${absolute}`, `sqlite://${absolute}`, absolute, relative(process.cwd(), absolute)]) {
      const db = await openDatabase({ url });
      try {
        expect(db.location).toBe(absolute);
      } finally {
        await db.close();
      }
    }
  });

  it('names the path when the file cannot be opened', async () => {
    const path = join(scratch, 'missing-dir', 'cetak.sqlite');
    const error = await openDatabase({ url: path }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).code).toBe('db-open-failed');
    expect((error as DatabaseError).message).toContain(path);
  });

  it('moves dataVersion on commits by this and by other connections, and only then', async () => {
    const db = await openDatabase<Tables>({ url: join(scratch, 'v.sqlite') });
    const other = new BetterSqlite3(db.location);
    try {
      await sql`create table entry (id integer primary key)`.execute(db.kysely);
      const start = await db.dataVersion();
      await db.kysely.selectFrom('entry').selectAll().execute();
      expect(await db.dataVersion()).toBe(start);

      await db.kysely.insertInto('entry').values({ id: 1 }).execute();
      const afterOwn = await db.dataVersion();
      expect(afterOwn).toBeGreaterThan(start);

      other.prepare('insert into entry (id) values (2)').run();
      expect(await db.dataVersion()).toBeGreaterThan(afterOwn);
    } finally {
      other.close();
      await db.close();
    }
  });

  it('opens read-only: reads work, writes are refused', async () => {
    const path = join(scratch, 'ro.sqlite');
    const writer = await openDatabase<Tables>({ url: path });
    await sql`create table entry (id integer primary key)`.execute(writer.kysely);
    await writer.kysely.insertInto('entry').values({ id: 1 }).execute();
    const reader = await openDatabase<Tables>({ url: path, readonly: true });
    try {
      expect(await reader.kysely.selectFrom('entry').selectAll().execute()).toEqual([{ id: 1 }]);
      const error = await reader.kysely.insertInto('entry').values({ id: 2 }).execute().catch((e: unknown) => e);
      expect((error as { code?: string }).code).toBe('SQLITE_READONLY');
    } finally {
      await reader.close();
      await writer.close();
    }
  });
});
