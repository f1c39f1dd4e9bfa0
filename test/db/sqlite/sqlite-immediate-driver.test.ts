import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/open-database.js';

interface Tables {
  entry: { seq: number | null; writer: string };
}

let scratch: string;
let path: string;
let other: BetterSqlite3.Database;

beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cetak-immediate-'));
  path = join(scratch, 'cetak.sqlite');
  const setup = await openDatabase({ url: path });
  await sql`create table entry (seq integer primary key, writer text)`.execute(setup.kysely);
  await setup.close();
  // A second connection, as another process would have; busy_timeout 0 so a held lock shows at once.
  other = new BetterSqlite3(path);
  other.pragma('busy_timeout = 0');
});
afterEach(async () => {
  other.close();
  await rm(scratch, { recursive: true, force: true });
});

function writeFromOther(): unknown {
  try {
    other.prepare("insert into entry (writer) values ('other')").run();
    return 'written';
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('SqliteImmediateDriver', () => {
  it('opens db.transaction() with BEGIN IMMEDIATE (seen in the query log)', async () => {
    const statements: string[] = [];
    const db = await openDatabase<Tables>({ url: path, log: (event) => void statements.push(event.query.sql) });
    try {
      await db.kysely.transaction().execute(async (trx) => {
        await trx.insertInto('entry').values({ writer: 'a' }).execute();
      });
      expect(statements[0]).toBe('begin immediate');
      expect(statements.at(-1)).toBe('commit');
    } finally {
      await db.close();
    }
  });

  it('takes the write lock at BEGIN, before the transaction has written anything', async () => {
    const db = await openDatabase({ url: path, busyTimeoutMs: 0 });
    try {
      const during = await db.kysely.transaction().execute(async () => writeFromOther());
      expect(during).toBe('SQLITE_BUSY');
      expect(writeFromOther()).toBe('written');
    } finally {
      await db.close();
    }
  });

  it('differs from kysely\'s stock SqliteDialect, whose deferred BEGIN takes no lock (control)', async () => {
    const stock = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(path) }) });
    try {
      const during = await stock.transaction().execute(async () => writeFromOther());
      expect(during).toBe('written');
    } finally {
      await stock.destroy();
    }
  });

  it('keeps a deferred BEGIN for read-only transactions, which must not queue behind writers', async () => {
    const statements: string[] = [];
    const db = await openDatabase({ url: path, busyTimeoutMs: 0, log: (event) => void statements.push(event.query.sql) });
    try {
      const during = await db.kysely
        .transaction()
        .setAccessMode('read only')
        .execute(async () => writeFromOther());
      expect(statements[0]).toBe('begin deferred');
      expect(during).toBe('written');
    } finally {
      await db.close();
    }
  });
});
