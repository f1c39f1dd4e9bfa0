import pg from 'pg';

/** Where a PostgreSQL URL points, without its password. */
export interface PostgresTarget {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  /** Undefined when neither the URL nor the environment names one. */
  readonly user: string | undefined;
  /** `user@host:port/database`, safe to log and show. */
  readonly location: string;
}

/**
 * Resolves a `postgres://` / `postgresql://` URL the way `pg` will (URL parts, then the PGHOST /
 * PGPORT / PGDATABASE / PGUSER defaults), keeping only what is safe to show.
 */
export function postgresTarget(url: string): PostgresTarget {
  // A Client that is never connected: the cheapest way to get pg's own reading of the URL
  // and its environment defaults, so the location we print is where pg really goes.
  const probe = new pg.Client({ connectionString: url });
  const host = probe.host;
  const port = probe.port;
  const user = probe.user;
  const database = probe.database ?? user ?? '';
  const location = `${user === undefined ? '' : `${user}@`}${host}:${port}/${database}`;
  return Object.freeze({ host, port, database, user, location });
}
