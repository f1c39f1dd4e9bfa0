import { DatabaseError } from '../../db/database-error.js';
import { isStationError } from '../station/station-error.js';

/** A mistake by the person at the keyboard: printed as one sentence, no stack. */
export class UsageError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'UsageError';
    this.exitCode = exitCode;
  }
}

/** Turns any error into the one sentence we print and the exit code we leave with. */
export function describeError(error: unknown): { message: string; exitCode: number } {
  if (error instanceof UsageError) return { message: error.message, exitCode: error.exitCode };
  if (isStationError(error)) return { message: error.message, exitCode: 1 };
  if (error instanceof DatabaseError) return { message: error.message, exitCode: 1 };
  const e = error as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string' && ['ENOSPC', 'EACCES', 'EROFS', 'EDQUOT'].includes(e.code)) {
    const what = { ENOSPC: 'the disk is full', EACCES: 'permission denied', EROFS: 'the disk is read-only', EDQUOT: 'the disk quota is used up' }[e.code];
    return { message: `${what}${e.path ? ` (${e.path})` : ''}: nothing more was written`, exitCode: 1 };
  }
  if (e && typeof e.code === 'string' && e.code.startsWith('SQLITE_FULL')) {
    return { message: 'the disk is full: the database refused the write and kept everything already saved', exitCode: 1 };
  }
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return { message: `unexpected error: ${message} (set CETAK_DEBUG=1 for details)`, exitCode: 70 };
}
