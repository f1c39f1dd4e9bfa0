import { Migrator } from 'kysely';
import type { Kysely, Migration, MigrationResult } from 'kysely';
import { DatabaseError } from './database-error.js';
import { retryableCode } from './transaction.js';

/** What {@link migrateToLatest} did. */
export interface MigrationReport {
  /** Migrations applied by this call, in order (empty when already up to date). */
  readonly applied: readonly string[];
  /** Every migration name now recorded as applied, in order. */
  readonly current: readonly string[];
}

/** Times a run that met a busy database is repeated (another process migrating). */
const BUSY_ATTEMPTS = 5;

/**
 * Brings the database up to the last of `migrations` (name → module; names sort by date).
 *
 * Runs through kysely's `Migrator` with an in-memory provider. On SQLite the whole run is one
 * `BEGIN IMMEDIATE` transaction (see `SqliteImmediateAdapter`), so two processes starting at once
 * apply each migration once: the second waits for the write lock, then finds nothing pending. If
 * the wait outlasts busy_timeout the run is repeated, up to 5 times. On PostgreSQL kysely takes a
 * row lock on `kysely_migration_lock` inside one transaction.
 *
 * A failed migration is rolled back with the rest of its run and throws `DatabaseError`
 * `db-migration-failed` naming it (`details.migration`), with the original error as `cause`.
 */
export async function migrateToLatest(
  kysely: Kysely<any>,
  migrations: Readonly<Record<string, Migration>>,
): Promise<MigrationReport> {
  const provided = Object.freeze({ ...migrations });
  const migrator = new Migrator({
    db: kysely,
    provider: { getMigrations: async () => provided },
  });
  for (let attempt = 1; ; attempt += 1) {
    const { error, results } = await migrator.migrateToLatest();
    if (error === undefined) {
      const current = (await migrator.getMigrations())
        .filter((m) => m.executedAt !== undefined)
        .map((m) => m.name);
      return { applied: applied(results), current };
    }
    if (retryableCode(error) !== undefined && attempt < BUSY_ATTEMPTS) continue;
    throw migrationError(error, results);
  }
}

/** Which of `migrations` this database has applied and which are still to run. Reads only. */
export async function migrationState(
  kysely: Kysely<any>,
  migrations: Readonly<Record<string, Migration>>,
): Promise<{ applied: string[]; pending: string[] }> {
  const provided = Object.freeze({ ...migrations });
  const all = await new Migrator({ db: kysely, provider: { getMigrations: async () => provided } }).getMigrations();
  return {
    applied: all.filter((m) => m.executedAt !== undefined).map((m) => m.name),
    pending: all.filter((m) => m.executedAt === undefined).map((m) => m.name),
  };
}

function applied(results: readonly MigrationResult[] | undefined): string[] {
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

function migrationError(error: unknown, results: readonly MigrationResult[] | undefined): DatabaseError {
  const failed = results?.find((r) => r.status === 'Error')?.migrationName;
  const reason = error instanceof Error ? error.message : String(error);
  if (failed === undefined) {
    return new DatabaseError(
      'db-migration-failed',
      `Migrating the database failed before any migration ran: ${reason}.`,
      {},
      { cause: error },
    );
  }
  return new DatabaseError(
    'db-migration-failed',
    `Migration ${failed} failed and was rolled back: ${reason}.`,
    { migration: failed },
    { cause: error },
  );
}
