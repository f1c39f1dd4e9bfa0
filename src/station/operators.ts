import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { writeTransaction } from '../../db/transaction.js';
import { can, isRole, type Permission, type Role } from '../domain/roles.js';
import { appendAudit } from './audit/audit-log.js';
import { isoNow } from './clock.js';
import type { Actor, StationContext } from './context.js';
import { StationError } from './station-error.js';

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** scrypt cost: about 50 ms on a low-spec box, enough to make guessing 6-digit PINs offline slow. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keylen: 32 } as const;

export interface Operator {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
}

export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(pin, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function pinMatches(pin: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(pin, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(actual, expected);
}

const PIN_PATTERN = /^\d{4,12}$/;

/** PINs this long or longer are what we offer: a 4-digit PIN falls to the lockouts' allowance in days, 6 digits in years. */
export const RECOMMENDED_PIN_DIGITS = 6;
const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{1,31}$/;

export async function addOperator(
  ctx: StationContext,
  by: Actor,
  input: { id: string; name: string; role: string; pin: string },
): Promise<Operator> {
  if (!ID_PATTERN.test(input.id)) {
    throw new StationError('operator-bad-id', `operator id "${input.id}" must be 2-32 lower-case letters, digits, ".", "_" or "-"`);
  }
  if (!isRole(input.role)) {
    throw new StationError('operator-bad-role', `role "${input.role}" is not one of operator, supervisor, technician`);
  }
  if (!PIN_PATTERN.test(input.pin)) {
    throw new StationError('operator-bad-pin', 'a PIN is 4 to 12 digits');
  }
  if (input.name.trim() === '') throw new StationError('operator-bad-name', 'an operator needs a name');
  const pinHash = await hashPin(input.pin);
  const role = input.role;
  await writeTransaction(ctx.db, async (trx) => {
    const existing = await trx.selectFrom('operators').select('id').where('id', '=', input.id).executeTakeFirst();
    if (existing) throw new StationError('operator-exists', `operator "${input.id}" already exists`);
    const at = isoNow(ctx.clock);
    await trx
      .insertInto('operators')
      .values({ id: input.id, name: input.name.trim(), role, pin_hash: pinHash, created_at: at, created_by: by, disabled_at: null })
      .execute();
    await appendAudit(trx, { actor: by, at, action: 'operator.add', entityKind: 'operator', entityId: input.id, details: { role } });
  });
  return { id: input.id, name: input.name.trim(), role };
}

export async function disableOperator(ctx: StationContext, by: Operator, id: string): Promise<void> {
  requirePermission(by, 'operators.manage');
  await writeTransaction(ctx.db, async (trx) => {
    const at = isoNow(ctx.clock);
    const result = await trx
      .updateTable('operators')
      .set({ disabled_at: at })
      .where('id', '=', id)
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      throw new StationError('operator-unknown', `no active operator "${id}"`);
    }
    await appendAudit(trx, { actor: by.id, at, action: 'operator.disable', entityKind: 'operator', entityId: id });
  });
}

export interface OperatorListing extends Operator {
  readonly disabled: boolean;
  readonly createdAt: string;
}

export async function listOperators(ctx: StationContext): Promise<OperatorListing[]> {
  const rows = await ctx.db.selectFrom('operators').select(['id', 'name', 'role', 'disabled_at', 'created_at']).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, disabled: r.disabled_at !== null, createdAt: r.created_at }));
}

export async function countOperators(ctx: StationContext): Promise<number> {
  const row = await ctx.db.selectFrom('operators').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A hash of no PIN, checked against when the id is unknown or disabled so that every check costs one scrypt. */
let decoyHash: Promise<string> | undefined;

/**
 * The operator whose id and PIN these are, or null: unknown id, disabled account and wrong PIN alike,
 * each after exactly one scrypt with the current cost, so the time taken does not tell them apart.
 */
export async function checkCredentials(ctx: StationContext, id: string, pin: string): Promise<Operator | null> {
  const row = await ctx.db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
  decoyHash ??= hashPin(randomBytes(16).toString('hex'));
  const usable = row !== undefined && row.disabled_at === null;
  const matches = await pinMatches(pin, usable ? row.pin_hash : await decoyHash);
  return usable && matches ? { id: row.id, name: row.name, role: row.role } : null;
}

/**
 * Checks an operator's PIN (for the CLI; the consoles go through `guardedSignIn`). The error is the
 * same whether the id is unknown, disabled or the PIN wrong, so it does not tell a guesser which ids exist.
 */
export async function signIn(ctx: StationContext, id: string, pin: string): Promise<Operator> {
  const operator = await checkCredentials(ctx, id, pin);
  if (!operator) throw new StationError('sign-in-failed', 'unknown operator, disabled operator or wrong PIN');
  return operator;
}

export function requirePermission(operator: Operator, permission: Permission): void {
  if (can(operator.role, permission)) return;
  const who = can('supervisor', permission) ? 'a supervisor' : can('operator', permission) ? 'an operator' : 'another role';
  throw new StationError('not-permitted', `${operator.id} is a ${operator.role}: ${permission} needs ${who}`, {
    permission,
    role: operator.role,
  });
}
