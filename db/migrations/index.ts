import type { Migration } from 'kysely';
import * as initial from './2026-11-27-001-initial.js';
import * as sharedQueue from './2026-11-28-001-shared-queue.js';
import * as signInLocks from './2026-12-04-001-sign-in-locks.js';
import * as chipUid from './2026-12-04-010-chip-uid.js';
import * as printerCare from './2026-12-05-110-printer-care.js';
import * as paperwork from './2026-12-05-140-paperwork.js';
import * as blankLoansDirectory from './2026-12-05-150-blank-loans-directory.js';
import * as sukets from './2026-12-05-151-sukets.js';
import * as recordImages from './2026-12-05-160-record-images.js';
import * as queueIndexes from './2026-12-05-161-queue-indexes.js';

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
  '2026-12-05-110-printer-care': printerCare,
  '2026-12-05-140-paperwork': paperwork,
  '2026-12-05-150-blank-loans-directory': blankLoansDirectory,
  '2026-12-05-151-sukets': sukets,
  '2026-12-05-160-record-images': recordImages,
  '2026-12-05-161-queue-indexes': queueIndexes,
};
