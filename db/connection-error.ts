/** Node socket codes meaning the server cannot be reached or the link dropped. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ENOENT']);

/**
 * True when `error` says the database server is unreachable or the connection was lost, so the
 * operation's fate on the server is unknown or it never ran: socket failures, PostgreSQL's
 * connection-exception class (08…), admin/crash shutdown (57P01–57P03), and pg's own
 * "Connection terminated" / connect-timeout errors. SQLite errors are never connection errors.
 */
export function isConnectionError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code) || code === 'db-connect-failed' || code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true;
  }
  const inner = (error as { errors?: unknown }).errors;
  if (Array.isArray(inner) && inner.some(isConnectionError)) return true;
  const message = (error as { message?: unknown }).message;
  if (typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection is closed|Client was closed/i.test(message)) return true;
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && isConnectionError(cause);
}
