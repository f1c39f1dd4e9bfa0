import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CetakDatabase } from '../../../db/cetak-database.js';
import { DatabaseError } from '../../../db/database-error.js';
import { openDatabase } from '../../../db/open-database.js';
import { writeTransaction } from '../../../db/transaction.js';
import { createTestDatabase, startPostgresServer } from '../../support/postgres-server.js';
import type { PostgresServer, TestDatabase } from '../../support/postgres-server.js';

interface Tables {
  entry: { id: number; writer: string };
}

let server: PostgresServer;
let database: TestDatabase;
let db: CetakDatabase<Tables>;

beforeAll(async () => {
  server = await startPostgresServer();
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  database = await createTestDatabase(server);
  db = await openDatabase<Tables>({ url: database.url });
  await sql`create table entry (id integer primary key, writer text not null)`.execute(db.kysely);
});
afterEach(async () => {
  await db.close();
  await database.drop();
});

describe('openDatabase on PostgreSQL', () => {
  it('reports the dialect and a location without the password', () => {
    const url = new URL(database.url);
    expect(db.dialect).toBe('postgres');
    expect(db.location).toBe(`${url.username}@${url.hostname}:${url.port}${url.pathname}`);
    expect(db.location).not.toContain(decodeURIComponent(url.password));
  });

  it('runs transactions at read committed', async () => {
    const level = await writeTransaction(db, async (trx) => {
      const { rows } = await sql<{ transaction_isolation: string }>`show transaction_isolation`.execute(trx);
      return rows[0]?.transaction_isolation;
    });
    expect(level).toBe('read committed');
  });

  it('retries a transaction PostgreSQL aborts as a deadlock victim, and both commit', async () => {
    await db.kysely.insertInto('entry').values([{ id: 1, writer: '-' }, { id: 2, writer: '-' }]).execute();
    let release!: () => void;
    const bothLockedOne = new Promise<void>((resolve) => (release = resolve));
    let arrived = 0;
    let runs = 0;
    const retries: string[] = [];
    // Each transaction locks one row, waits for the other to lock the other row, then reaches
    // for it: a real deadlock, which the server breaks by aborting one of them with 40P01.
    const crossing = (writer: string, first: number, second: number) => {
      let firstAttempt = true;
      return writeTransaction(
        db,
        async (trx) => {
          runs += 1;
          await trx.updateTable('entry').set({ writer }).where('id', '=', first).execute();
          if (firstAttempt) {
            firstAttempt = false;
            arrived += 1;
            if (arrived === 2) release();
            await bothLockedOne;
          }
          await trx.updateTable('entry').set({ writer }).where('id', '=', second).execute();
        },
        { retryDelayMs: 1, onRetry: ({ code }) => retries.push(code) },
      );
    };
    await Promise.all([crossing('a', 1, 2), crossing('b', 2, 1)]);
    expect(retries).toEqual(['40P01']);
    expect(runs).toBe(3);
    const rows = await db.kysely.selectFrom('entry').select('writer').execute();
    // The survivor committed first; the retried victim then overwrote both rows.
    expect(new Set(rows.map((r) => r.writer)).size).toBe(1);
  });

  it('counts dataVersion up on every call until LISTEN/NOTIFY replaces it', async () => {
    const first = await db.dataVersion();
    expect(await db.dataVersion()).toBe(first + 1);
  });

  it('opens read-only sessions when asked', async () => {
    const reader = await openDatabase<Tables>({ url: database.url, readonly: true });
    try {
      const error = await reader.kysely.insertInto('entry').values({ id: 9, writer: 'x' }).execute().catch((e: unknown) => e);
      expect((error as { code?: string }).code).toBe('25006');
    } finally {
      await reader.close();
    }
  });

  it('names a missing database in one sentence, without the password', async () => {
    const url = new URL(database.url);
    url.pathname = '/no_such_cetak_db';
    const error = await openDatabase({ url: url.toString() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).message).toBe(
      `Cannot connect to PostgreSQL at ${url.username}@${url.hostname}:${url.port}/no_such_cetak_db: the database does not exist (3D000).`,
    );
    if (url.password !== '') {
      expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain(decodeURIComponent(url.password));
    }
  });
});
