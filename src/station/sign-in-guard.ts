import { writeTransaction } from '../../db/transaction.js';
import type { Role } from '../domain/roles.js';
import { isoNow } from './clock.js';
import type { StationContext, Trx } from './context.js';
import { checkCredentials, type Operator } from './operators.js';
import { StationError } from './station-error.js';

/**
 * How PIN guessing is slowed down. Failures are counted under two keys at once: the operator id (known
 * or not: a made-up id is counted like a real one) and the console socket the guess came in on, so
 * spraying many ids meets the socket's limit. Each lock lasts twice the one before, up to the cap.
 */
export const SIGN_IN_POLICY = {
  id: { failures: 5, firstLockMs: 60_000, maxLockMs: 60 * 60_000 },
  socket: { failures: 20, firstLockMs: 60_000, maxLockMs: 15 * 60_000 },
} as const;

/** Counters untouched this long, and not locked, are dropped: the table holds recent guessing only. */
const STALE_AFTER_MS = 24 * 60 * 60_000;

/** The one answer for an unknown id, a disabled account, a wrong PIN and an account of the other console. */
export const SIGN_IN_FAILED_TEXT = 'unknown operator, wrong PIN, or an account of the other console';

type Scope = keyof typeof SIGN_IN_POLICY;

export interface GuardedSignIn {
  readonly operatorId: string;
  readonly pin: string;
  /** The console socket the request came in on (`operator`, `technician`): the peer the guesses come from. */
  readonly socket: string;
  /** Roles that may sign in on that socket; any other account is refused exactly as a wrong PIN is. */
  readonly accepts: ReadonlySet<Role>;
}

/**
 * Signs in through the lockouts, which live in the database (`sign_in_locks`): they survive a restart
 * and cannot be pushed out by other keys. A try is counted as failed *before* the PIN is checked and
 * given back on success, so parallel guesses cannot all slip in before the first failure is written.
 * Every refusal that is not a lock costs one scrypt and one write, whatever the id, so neither the
 * answer nor its time tells whether an id exists.
 */
export async function guardedSignIn(ctx: StationContext, input: GuardedSignIn): Promise<Operator> {
  // The socket first: a try refused by its lock is not counted against the id.
  const keys: readonly (readonly [Scope, string])[] = [['socket', `socket:${input.socket}`], ['id', `id:${input.operatorId}`]];
  const nowIso = isoNow(ctx.clock);
  const refusal = await writeTransaction(ctx.db, async (trx) => {
    await trx.deleteFrom('sign_in_locks').where('last_failure_at', '<', new Date(Date.parse(nowIso) - STALE_AFTER_MS).toISOString())
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowIso)])).execute();
    for (const [scope, key] of keys) {
      const locked = await reserveTry(trx, scope, key, nowIso);
      if (locked !== null) return locked;
    }
    return null;
  });
  if (refusal !== null) throw refusal;
  const operator = await checkCredentials(ctx, input.operatorId, input.pin);
  if (operator === null || !input.accepts.has(operator.role)) throw new StationError('sign-in-failed', SIGN_IN_FAILED_TEXT);
  await writeTransaction(ctx.db, async (trx) => {
    await trx.deleteFrom('sign_in_locks').where('key', '=', `id:${input.operatorId}`).execute();
    // The socket's count drains only by time; a success just gives its own try back.
    await trx.updateTable('sign_in_locks').set((eb) => ({ failures: eb('failures', '-', 1) })).where('key', '=', `socket:${input.socket}`).where('failures', '>', 0).execute();
  });
  return operator;
}

/** Counts one try under `key`, or returns the `sign-in-locked` error (the transaction then writes the lock). */
async function reserveTry(trx: Trx, scope: Scope, key: string, nowIso: string): Promise<StationError | null> {
  const policy = SIGN_IN_POLICY[scope];
  await trx.insertInto('sign_in_locks').values({ key, failures: 0, locks: 0, locked_until: null, last_failure_at: nowIso }).onConflict((oc) => oc.column('key').doNothing()).execute();
  // One conditional UPDATE: on PostgreSQL a concurrent try waits on the row and re-checks the condition.
  const reserved = await trx
    .updateTable('sign_in_locks')
    .set((eb) => ({ failures: eb('failures', '+', 1), last_failure_at: nowIso }))
    .where('key', '=', key)
    .where('failures', '<', policy.failures)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowIso)]))
    .executeTakeFirst();
  if (Number(reserved.numUpdatedRows) === 1) return null;
  const row = await trx.selectFrom('sign_in_locks').select(['locks', 'locked_until']).where('key', '=', key).executeTakeFirstOrThrow();
  let until = row.locked_until;
  if (until === null || until <= nowIso) {
    const lockMs = Math.min(policy.maxLockMs, policy.firstLockMs * 2 ** row.locks);
    until = new Date(Date.parse(nowIso) + lockMs).toISOString();
    await trx.updateTable('sign_in_locks').set({ failures: 0, locks: row.locks + 1, locked_until: until }).where('key', '=', key).execute();
  }
  const seconds = Math.ceil((Date.parse(until) - Date.parse(nowIso)) / 1000);
  const where = scope === 'id' ? 'for this ID' : 'on this console';
  return new StationError('sign-in-locked', `too many wrong PINs ${where}: try again in ${seconds} s`, { seconds });
}
