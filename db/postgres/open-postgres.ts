import { Kysely, PostgresDialect } from 'kysely';
import type { KyselyConfig } from 'kysely';
import pg from 'pg';
import type { CetakDatabase } from '../cetak-database.js';
import { listenPostgres } from './postgres-listener.js';
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

const PG_INT8 = 20;
const PG_NUMERIC = 1700;

/**
 * Type parsers for this pool only (pg's global parsers stay untouched): `count(*)` (int8) and
 * `sum(integer)` (int8/numeric) come back as JavaScript numbers, as they do from SQLite, so the
 * same domain code runs on both. cetak's counts and sums stay far below 2^53.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === PG_INT8 || oid === PG_NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/**
 * Opens a `pg` pool behind kysely's PostgresDialect, and connects once before returning so that a
 * wrong URL fails here rather than at the first query.
 *
 * Transactions are plain `BEGIN`, so they run at the server's default isolation (read committed).
 * int8 and numeric results are numbers (see `types` above). A server that goes away never crashes
 * the process: errors on idle or checked-out clients are absorbed, the failing query rejects, and
 * the pool opens new connections for later queries (so the caller retries with its own backoff).
 * Throws `DatabaseError` `db-connect-failed`: one sentence naming `user@host:port/database` and the
 * reason, never the password.
 */
export async function openPostgres<DB>(options: OpenPostgresOptions): Promise<CetakDatabase<DB>> {
  const config = Object.freeze({ ...options });
  const target = postgresTarget(config.url);
  const connectTimeoutMs = config.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const pool = new pg.Pool({
    connectionString: config.url,
    connectionTimeoutMillis: connectTimeoutMs,
    max: config.maxConnections ?? 10,
    types,
    ...(config.readonly === true ? { options: '-c default_transaction_read_only=on' } : {}),
  });
  // An idle pooled client whose server goes away emits 'error' on the pool; unhandled, that
  // event would kill the station. The pool drops that client and the next query reconnects.
  pool.on('error', () => undefined);
  // A client checked out between two statements of a transaction has no pool listener: the same
  // server loss would be an unhandled 'error' event there. Its next query fails instead.
  pool.on('connect', (client) => client.on('error', () => undefined));

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
  const listeners = new Set<{ close(): Promise<void> }>();

  return {
    kysely,
    dialect: 'postgres',
    location: target.location,
    async dataVersion() {
      version += 1;
      return version;
    },
    listen(channel, handlers) {
      if (closed) throw new Error(`The database ${target.location} is closed.`);
      const listener = listenPostgres({ url: config.url, channel, connectTimeoutMs, types, ...handlers });
      listeners.add(listener);
      return {
        async close() {
          listeners.delete(listener);
          await listener.close();
        },
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...listeners].map((l) => l.close()));
      await kysely.destroy();
    },
  };
}
