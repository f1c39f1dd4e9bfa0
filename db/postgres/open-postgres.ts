import { Kysely, PostgresDialect } from 'kysely';
import type { KyselyConfig } from 'kysely';
import pg from 'pg';
import type { CetakDatabase } from '../cetak-database.js';
import { postgresConnectError } from './postgres-connect-error.js';
import { postgresTarget } from './postgres-target.js';

/** Default wait for a PostgreSQL connection before giving up, in ms. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Options for {@link openPostgres}. */
export interface OpenPostgresOptions {
  /** A `postgres://` or `postgresql://` URL (libpq-style query parameters allowed). */
  readonly url: string;
  /** Every session runs with `default_transaction_read_only = on`. Default false. */
  readonly readonly?: boolean;
  /** Wait for a connection, in ms. Default 10 000. */
  readonly connectTimeoutMs?: number;
  /** Most connections kept in the pool. Default 10. */
  readonly maxConnections?: number;
  /** kysely's query log hook. */
  readonly log?: KyselyConfig['log'];
}

/**
 * Opens a `pg` pool behind kysely's PostgresDialect, and connects once before returning so that a
 * wrong URL fails here rather than at the first query.
 *
 * Transactions are plain `BEGIN`, so they run at the server's default isolation (read committed).
 * Throws `DatabaseError` `db-connect-failed`: one sentence naming `user@host:port/database` and the
 * reason, never the password.
 */
export async function openPostgres<DB>(options: OpenPostgresOptions): Promise<CetakDatabase<DB>> {
  const config = Object.freeze({ ...options });
  const target = postgresTarget(config.url);
  const pool = new pg.Pool({
    connectionString: config.url,
    connectionTimeoutMillis: config.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    max: config.maxConnections ?? 10,
    ...(config.readonly === true ? { options: '-c default_transaction_read_only=on' } : {}),
  });
  // An idle pooled client whose server goes away emits 'error' on the pool; unhandled, that
  // event would kill the station. The pool drops that client and the next query reconnects.
  pool.on('error', () => undefined);

  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    const password = new pg.Client({ connectionString: config.url }).password;
    await pool.end().catch(() => undefined);
    throw postgresConnectError(target, error, typeof password === 'string' ? password : undefined);
  }

  const kysely = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    ...(config.log === undefined ? {} : { log: config.log }),
  });
  let version = 0;
  let closed = false;

  return {
    kysely,
    dialect: 'postgres',
    location: target.location,
    async dataVersion() {
      version += 1;
      return version;
    },
    async close() {
      if (closed) return;
      closed = true;
      await kysely.destroy();
    },
  };
}
