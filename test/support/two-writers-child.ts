// Child process for the two-process SQLite tests (test/db/sqlite/two-processes.test.ts).
// argv: <mode: writers | migrate> <database path> <label> [rows]
// Protocol over the fork IPC channel: child → {type:'ready'}; parent → 'go'; child → a result.
import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import { migrateToLatest } from '../../db/migrate.js';
import { openDatabase } from '../../db/open-database.js';

export interface WritersResult {
  readonly type: 'writers';
  readonly committed: number;
  readonly busyErrors: number;
  readonly otherErrors: readonly string[];
}

export interface MigrateResult {
  readonly type: 'migrate';
  readonly applied: readonly string[];
  readonly error?: string;
}

/** Migrations both children race to apply; the first holds the write lock for a while. */
export const RACE_MIGRATIONS: Record<string, Migration> = {
  '2026-01-01-001-item': {
    async up(db: Kysely<any>) {
      await db.schema.createTable('item').addColumn('n', 'integer', (c) => c.primaryKey()).execute();
      await sql`with recursive c(n) as (select 1 union all select n + 1 from c where n < 50000)
                insert into item (n) select n from c`.execute(db);
    },
  },
  '2026-01-02-001-item-index': {
    async up(db: Kysely<any>) {
      await db.schema.createTable('item_note').addColumn('n', 'integer').execute();
      await db.schema.createIndex('item_note_n').on('item_note').column('n').execute();
    },
  },
};

const [mode, path, label, rowsArg] = process.argv.slice(2);

async function main(): Promise<void> {
  if (path === undefined || label === undefined) throw new Error('usage: <mode> <path> <label> [rows]');
  const db = await openDatabase<any>({ url: path });
  const go = new Promise<void>((resolve) => process.once('message', () => resolve()));
  process.send?.({ type: 'ready' });
  await go;

  if (mode === 'writers') {
    const rows = Number(rowsArg ?? '100');
    let committed = 0;
    let busyErrors = 0;
    const otherErrors: string[] = [];
    for (let i = 0; i < rows; i += 1) {
      try {
        // Read, then write, in one transaction: with a deferred BEGIN this is the pattern that
        // fails with SQLITE_BUSY (lock upgrade) under contention; with BEGIN IMMEDIATE it queues.
        await db.kysely.transaction().execute(async (trx) => {
          const row = await trx
            .selectFrom('entry')
            .select((eb) => eb.fn.max<number | null>('seq').as('top'))
            .executeTakeFirstOrThrow();
          await trx.insertInto('entry').values({ seq: (row.top ?? 0) + 1, writer: label }).execute();
        });
        committed += 1;
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        if (code.startsWith('SQLITE_BUSY')) busyErrors += 1;
        else otherErrors.push(`${code} ${(error as Error).message}`);
      }
    }
    const result: WritersResult = { type: 'writers', committed, busyErrors, otherErrors };
    process.send?.(result);
  } else if (mode === 'migrate') {
    let result: MigrateResult;
    try {
      const report = await migrateToLatest(db.kysely, RACE_MIGRATIONS);
      result = { type: 'migrate', applied: report.applied };
    } catch (error) {
      result = { type: 'migrate', applied: [], error: (error as Error).message };
    }
    process.send?.(result);
  } else {
    throw new Error(`unknown mode ${String(mode)}`);
  }
  await db.close();
}

// Only run when the test started us (vitest workers also have process.send), so the test can
// import RACE_MIGRATIONS and the result types.
if (process.env['CETAK_TWO_WRITERS_CHILD'] === '1') {
  main().then(
    () => process.disconnect(),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
