// One scenario, every engine: behaviour that openDatabase() promises whichever engine is behind
// it. test/db/sqlite/sqlite-contract.test.ts and test/db/postgres/postgres-contract.test.ts run it.
import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CetakDatabase } from '../../db/cetak-database.js';
import { DatabaseError } from '../../db/database-error.js';
import { migrateToLatest } from '../../db/migrate.js';
import { writeTransaction } from '../../db/transaction.js';

export interface ContractTables {
  entry: { id: number; writer: string };
}

export interface FreshDatabase {
  readonly db: CetakDatabase<ContractTables>;
  /** Closes the database (if still open) and deletes what the test created. */
  dispose(): Promise<void>;
}

const MIGRATIONS: Record<string, Migration> = {
  '2026-01-01-001-a': {
    async up(db: Kysely<any>) {
      await db.schema.createTable('alpha').addColumn('id', 'integer', (c) => c.primaryKey()).execute();
    },
  },
  '2026-01-02-001-b': {
    async up(db: Kysely<any>) {
      await db.schema.createTable('beta').addColumn('id', 'integer', (c) => c.primaryKey()).execute();
    },
  },
};

const BROKEN: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createTable('gamma').addColumn('id', 'integer').execute();
    await sql`select * from no_such_table`.execute(db);
  },
};

async function tableNames(db: CetakDatabase<ContractTables>): Promise<string[]> {
  const tables = await db.kysely.introspection.getTables({ withInternalKyselyTables: true });
  return tables.map((t) => t.name).sort();
}

export function describeDatabaseContract(engine: string, fresh: () => Promise<FreshDatabase>): void {
  describe(`database contract on ${engine}`, () => {
    let current: FreshDatabase;
    let db: CetakDatabase<ContractTables>;
    beforeEach(async () => {
      current = await fresh();
      db = current.db;
      await sql`create table entry (id integer primary key, writer text not null)`.execute(db.kysely);
    });
    afterEach(async () => {
      await current.dispose();
    });

    it('commits a write transaction and returns what fn returned', async () => {
      const result = await writeTransaction(db, async (trx) => {
        await trx.insertInto('entry').values({ id: 1, writer: 'station' }).execute();
        return 'ok';
      });
      expect(result).toBe('ok');
      expect(await db.kysely.selectFrom('entry').selectAll().execute()).toEqual([{ id: 1, writer: 'station' }]);
    });

    it('rolls back when fn throws and rethrows the same error', async () => {
      const failure = new Error('card render failed');
      const thrown = await writeTransaction(db, async (trx) => {
        await trx.insertInto('entry').values({ id: 1, writer: 'station' }).execute();
        throw failure;
      }).catch((e: unknown) => e);
      expect(thrown).toBe(failure);
      expect(await db.kysely.selectFrom('entry').selectAll().execute()).toEqual([]);
    });

    it('joins an outer transaction when given one, so its writes roll back with it', async () => {
      await db.kysely
        .transaction()
        .execute(async (outer) => {
          await writeTransaction(outer, async (trx) => {
            await trx.insertInto('entry').values({ id: 2, writer: 'inner' }).execute();
          });
          expect(await outer.selectFrom('entry').select('id').execute()).toEqual([{ id: 2 }]);
          throw new Error('outer fails');
        })
        .catch(() => undefined);
      expect(await db.kysely.selectFrom('entry').selectAll().execute()).toEqual([]);
    });

    it('migrates to the latest once, then reports nothing to do', async () => {
      const first = await migrateToLatest(db.kysely, MIGRATIONS);
      expect(first).toEqual({ applied: Object.keys(MIGRATIONS), current: Object.keys(MIGRATIONS) });
      const second = await migrateToLatest(db.kysely, MIGRATIONS);
      expect(second).toEqual({ applied: [], current: Object.keys(MIGRATIONS) });
      expect(await tableNames(db)).toEqual(expect.arrayContaining(['alpha', 'beta', 'kysely_migration']));
    });

    it('names a failed migration and rolls its whole run back', async () => {
      const error = await migrateToLatest(db.kysely, { ...MIGRATIONS, '2026-01-03-001-broken': BROKEN }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DatabaseError);
      expect((error as DatabaseError).code).toBe('db-migration-failed');
      expect((error as DatabaseError).details).toEqual({ migration: '2026-01-03-001-broken' });
      expect((error as DatabaseError).message).toMatch(/^Migration 2026-01-03-001-broken failed/);
      const names = await tableNames(db);
      expect(names).not.toContain('alpha');
      expect(names).not.toContain('gamma');
      expect(await db.kysely.selectFrom('kysely_migration' as never).selectAll().execute()).toEqual([]);
    });

    it('moves dataVersion after a commit', async () => {
      const before = await db.dataVersion();
      await writeTransaction(db, async (trx) => {
        await trx.insertInto('entry').values({ id: 3, writer: 'import' }).execute();
      });
      expect(await db.dataVersion()).toBeGreaterThan(before);
    });

    it('closes idempotently, and refuses queries afterwards', async () => {
      await db.close();
      await db.close();
      await expect(db.kysely.selectFrom('entry').selectAll().execute()).rejects.toThrow();
    });
  });
}
