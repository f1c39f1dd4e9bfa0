import type { Kysely, Transaction } from 'kysely';
import type { CetakDatabase } from './cetak-database.js';
import { DatabaseError } from './database-error.js';

/** Options for {@link writeTransaction}. */
export interface WriteTransactionOptions {
  /** Tries in all, the first included. Default 5. */
  readonly maxAttempts?: number;
  /** Wait before the first retry, in ms; doubles per retry, with ±50 % jitter. Default 20. */
  readonly retryDelayMs?: number;
  /** Told before each retry, e.g. to log it. `code` is SQLITE_BUSY…, 40001 or 40P01. */
  readonly onRetry?: (retry: { readonly attempt: number; readonly code: string }) => void;
}

const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_RETRY_DELAY_MS = 20;

/**
 * Runs `fn(trx)` in one write transaction and returns its result: `BEGIN IMMEDIATE` on SQLite
 * (the write lock is taken before `fn` runs), plain `BEGIN` (read committed) on PostgreSQL.
 *
 * Retries the whole transaction, up to `maxAttempts`, when SQLite stays busy past its
 * busy_timeout (SQLITE_BUSY…) or PostgreSQL aborts it for a serialization failure (40001) or a
 * deadlock (40P01); any other error rolls back and is rethrown unchanged. After the last attempt
 * it throws `DatabaseError` `db-busy` with the engine error as `cause`.
 *
 * Because `fn` may run more than once, it must only touch the database: no printer I/O, no
 * events, no clocks whose reading must not repeat. Send bytes after the commit, as the dispatcher
 * does with attempts (docs/architecture.md, data flow step 2).
 *
 * Called with a `Transaction`, it runs `fn` inside that transaction, without retries of its own
 * (the outermost caller owns them), so query functions can compose.
 */
export async function writeTransaction<DB, T>(
  db: Transaction<DB>,
  fn: (trx: Transaction<DB>) => Promise<T>,
  options?: WriteTransactionOptions,
): Promise<T>;
export async function writeTransaction<DB, T>(
  db: Kysely<DB>,
  fn: (trx: Transaction<DB>) => Promise<T>,
  options?: WriteTransactionOptions,
): Promise<T>;
export async function writeTransaction<DB, T>(
  db: CetakDatabase<DB>,
  fn: (trx: Transaction<DB>) => Promise<T>,
  options?: WriteTransactionOptions,
): Promise<T>;
export async function writeTransaction<DB, T>(
  db: CetakDatabase<DB> | Kysely<DB>,
  fn: (trx: Transaction<DB>) => Promise<T>,
  options: WriteTransactionOptions = {},
): Promise<T> {
  const kysely = 'kysely' in db ? db.kysely : db;
  if (kysely.isTransaction) return fn(kysely as Transaction<DB>);

  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be a whole number >= 1, got ${maxAttempts}`);
  }
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await kysely.transaction().execute(fn);
    } catch (error) {
      const code = retryableCode(error);
      if (code === undefined) throw error;
      if (attempt >= maxAttempts) {
        throw new DatabaseError(
          'db-busy',
          `A write transaction gave up after ${attempt} attempts: the database stayed busy (${code}); another process holds the write lock too long.`,
          { attempts: attempt, reason: code },
          { cause: error },
        );
      }
      options.onRetry?.({ attempt, code });
      const delayMs = retryDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/** The engine code that makes a transaction worth retrying, or undefined. */
export function retryableCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return undefined;
  if (code.startsWith('SQLITE_BUSY')) return code;
  if (code === '40001' || code === '40P01') return code;
  return undefined;
}
