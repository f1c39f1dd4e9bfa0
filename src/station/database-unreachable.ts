import { isConnectionError } from '../../db/index.js';
import { StationError } from './station-error.js';

/** What a person is told when a request could not reach the database (the header says since when). */
export const DATABASE_UNREACHABLE_TEXT = 'the database is unreachable: nothing was changed; try again once the header no longer says so';

/**
 * A lost database connection as the `database-unreachable` StationError that requests answer with
 * (instead of `internal-error`), or null for any other error.
 */
export function asDatabaseUnreachable(error: unknown): StationError | null {
  return isConnectionError(error) ? new StationError('database-unreachable', DATABASE_UNREACHABLE_TEXT) : null;
}
