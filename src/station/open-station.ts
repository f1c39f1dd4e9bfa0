import { hostname } from 'node:os';
import { join } from 'node:path';
import { ensureDataHome, migrateToLatest, migrationState, migrations, openDatabase, resolveDataHome, type CetakDatabase } from '../../db/index.js';
import { backupStation } from './backup/backup-station.js';
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
 * A database that already holds records and is about to be migrated is backed up (and verified)
 * first into `<home>/backups`, named after the first pending migration; rotation keeps those.
 * SQLite only: a PostgreSQL office backs up with `cetak backup` (pg_dump) before it upgrades.
 */
async function backupBeforeMigrating(database: CetakDatabase<Database>, home: string, clock: Clock): Promise<void> {
  if (database.dialect !== 'sqlite') return;
  const { applied, pending } = await migrationState(database.kysely, migrations);
  if (applied.length === 0 || pending.length === 0) return;
  await backupStation({ url: database.location, toDir: join(home, 'backups'), keep: 0, clock, label: `before-${pending[0]}` });
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
    const clock = options.clock ?? systemClock;
    await backupBeforeMigrating(database, home, clock);
    await migrateToLatest(database.kysely, migrations);
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
