import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';

/** What every station service needs. One per process; services are plain functions over it. */
export interface StationContext {
  readonly db: Kysely<Database>;
  readonly dialect: 'sqlite' | 'postgres';
  readonly clock: Clock;
  readonly stationId: string;
  /** The station's data folder: record images are stored below it. */
  readonly home: string;
  readonly log: Logger;
}

/** A database handle inside a write transaction. */
export type Trx = Transaction<Database>;

/** Who did it: an operator id, or `system:<module>` for the station's own actions. */
export type Actor = string;
