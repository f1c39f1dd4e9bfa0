import { DatabaseError } from '../database-error.js';
import type { PostgresTarget } from './postgres-target.js';

const REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused, so no server is listening there',
  ECONNRESET: 'the connection was reset by the server',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved right now',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENOENT: 'no server socket exists at that path',
  '28P01': 'password authentication failed',
  '28000': 'the server rejected this user (check pg_hba.conf and the role)',
  '3D000': 'the database does not exist',
  '57P03': 'the server is starting up or shutting down',
  '53300': 'the server has too many connections',
};

/**
 * Turns a failed connection attempt into one sentence naming `user@host:port/database` and the
 * reason, with a stable code `db-connect-failed`. The message and details never hold the password:
 * the original error is not attached as `cause` (pg errors can quote server text), and any
 * occurrence of the password in the reason is masked.
 */
export function postgresConnectError(
  target: PostgresTarget,
  error: unknown,
  password: string | undefined,
): DatabaseError {
  const code = errorCode(error);
  const raw = error instanceof Error ? error.message : String(error);
  let reason = REASONS[code] ?? describeUnknown(raw);
  if (password !== undefined && password !== '') {
    for (const form of new Set([password, encodeURIComponent(password)])) {
      reason = reason.split(form).join('***');
    }
  }
  return new DatabaseError(
    'db-connect-failed',
    `Cannot connect to PostgreSQL at ${target.location}: ${reason} (${code}).`,
    { host: target.host, port: target.port, database: target.database, reason: code },
  );
}

function errorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'unknown';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '') return code;
  // Node's happy-eyeballs connect reports an AggregateError holding one error per address.
  const inner = (error as { errors?: unknown }).errors;
  if (Array.isArray(inner) && inner.length > 0) return errorCode(inner[0]);
  const message = (error as { message?: unknown }).message;
  if (typeof message === 'string' && /timeout/i.test(message)) return 'ETIMEDOUT';
  if (typeof message === 'string' && /SASL|password must be a string/i.test(message)) return 'no-password';
  return 'unknown';
}

function describeUnknown(message: string): string {
  if (/SASL|password must be a string/i.test(message)) {
    return 'the server asks for a password and the URL gives none';
  }
  if (/timeout/i.test(message)) return REASONS['ETIMEDOUT'] ?? message;
  return message.replace(/[\r\n]+/g, ' ').replace(/\.$/, '');
}
