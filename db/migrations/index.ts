import type { Migration } from 'kysely';
import * as initial from './2026-11-27-001-initial.js';
import * as sharedQueue from './2026-11-28-001-shared-queue.js';
import * as signInLocks from './2026-12-04-001-sign-in-locks.js';
import * as chipUid from './2026-12-04-010-chip-uid.js';
import * as recordImages from './2026-12-05-160-record-images.js';

/**
 * Every migration, by name. Names sort by date (`2026-11-27-001-initial`) because kysely applies
 * them in name order and refuses a new one that sorts before an applied one. Each module is typed
 * on `Kysely<any>` and never imports `db/tables/`: a migration must keep meaning what it meant when
 * it shipped.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-27-001-initial': initial,
  '2026-11-28-001-shared-queue': sharedQueue,
  '2026-12-04-001-sign-in-locks': signInLocks,
  '2026-12-04-010-chip-uid': chipUid,
  '2026-12-05-160-record-images': recordImages,
};
