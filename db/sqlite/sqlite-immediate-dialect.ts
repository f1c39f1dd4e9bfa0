import { SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import type {
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  SqliteDialectConfig,
} from 'kysely';
import { SqliteImmediateAdapter } from './sqlite-immediate-adapter.js';
import { SqliteImmediateDriver } from './sqlite-immediate-driver.js';

/**
 * kysely's SQLite dialect (better-sqlite3) with `BEGIN IMMEDIATE` transactions and migrations that
 * run under that write lock. Wiring only; see {@link SqliteImmediateDriver} and
 * {@link SqliteImmediateAdapter} for why.
 */
export class SqliteImmediateDialect implements Dialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    this.#config = Object.freeze({ ...config });
  }

  createDriver(): Driver {
    return new SqliteImmediateDriver(this.#config);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteImmediateAdapter();
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
