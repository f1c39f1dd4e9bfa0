import { hostname } from 'node:os';
import { ensureDataHome, migrateToLatest, migrations, openDatabase, resolveDataHome, type CetakDatabase } from '../../db/index.js';
import type { Database } from '../../db/schema.js';
import { isoNow, systemClock, type Clock } from './clock.js';
import type { StationContext } from './context.js';
import { silentLogger, type Logger } from './logger.js';

export interface OpenStationOptions {
  /** Data folder; default CETAK_HOME, else the XDG data folder. */
  readonly home?: string;
  /** `postgres://…` or a SQLite path; default CETAK_DATABASE_URL, else `<home>/cetak.sqlite`. */
  readonly databaseUrl?: string;
  readonly stationId?: string;
  readonly clock?: Clock;
  readonly log?: Logger;
}

export interface OpenStation extends StationContext {
  readonly database: CetakDatabase<Database>;
  close(): Promise<void>;
}

/**
 * Opens the database for the station's services: creates the data folder, migrates (only writers
 * migrate; the console never does), and registers this station. One-shot CLI commands that write
 * use this too, so an import from a shell is the same code as an import from the station.
 */
export async function openStation(options: OpenStationOptions = {}): Promise<OpenStation> {
  const home = await ensureDataHome(options.home ?? resolveDataHome());
  const url = options.databaseUrl ?? process.env['CETAK_DATABASE_URL'] ?? undefined;
  const database = await openDatabase<Database>({ home, ...(url ? { url } : {}) });
  try {
    await migrateToLatest(database.kysely, migrations);
    const clock = options.clock ?? systemClock;
    const stationId = options.stationId ?? process.env['CETAK_STATION_ID'] ?? hostname().toLowerCase().replace(/[^a-z0-9-]/g, '-');
    await database.kysely
      .insertInto('stations')
      .values({ id: stationId, name: stationId, created_at: isoNow(clock) })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    return {
      db: database.kysely,
      dialect: database.dialect,
      clock,
      stationId,
      home,
      log: options.log ?? silentLogger(),
      database,
      close: () => database.close(),
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
