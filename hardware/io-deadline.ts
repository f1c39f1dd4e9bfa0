import type { IoOptions } from './types.js';
import { TransportError } from './types.js';

/**
 * The one time-limit and abort helper of hardware/: every deadline is an `AbortSignal` (Node's
 * `AbortSignal.timeout`, combined with the caller's signal by `AbortSignal.any`), and every wait on
 * I/O is a race against such a signal. Callers tell a timeout from an abort by the signal's reason.
 */

/** The caller's signal combined with a time limit; `undefined` when neither is given. */
function deadlineSignal(timeoutMs: number | undefined, signal?: AbortSignal): AbortSignal | undefined {
  if (timeoutMs === undefined) return signal;
  const timeout = AbortSignal.timeout(Math.max(0, Math.ceil(timeoutMs)));
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

/** Several optional signals as one (or `undefined` when there are none). */
export function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  return present.length <= 1 ? present[0] : AbortSignal.any(present);
}

/** True when the signal fired because its time ran out, not because someone aborted it. */
function isTimeout(signal: AbortSignal): boolean {
  const reason: unknown = signal.reason;
  return reason instanceof Error && reason.name === 'TimeoutError';
}

export type Raced<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly stopped: 'timeout' | 'aborted' };

/**
 * Wait for `promise` or for `signal`, whichever comes first. When the signal wins, the promise is
 * left to settle on its own (its rejection is handled here), so the caller decides what a late
 * result means. Rejections of `promise` are passed through.
 */
export async function raceSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<Raced<T>> {
  if (!signal) return { ok: true, value: await promise };
  if (signal.aborted) {
    promise.catch(() => undefined);
    return { ok: false, stopped: isTimeout(signal) ? 'timeout' : 'aborted' };
  }
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<Raced<T>>((resolve) => {
    onAbort = () => resolve({ ok: false, stopped: isTimeout(signal) ? 'timeout' : 'aborted' });
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const raced = await Promise.race([promise.then((value): Raced<T> => ({ ok: true, value })), stopped]);
    if (!raced.ok) promise.catch(() => undefined);
    return raced;
  } finally {
    signal.removeEventListener('abort', onAbort!);
  }
}

/**
 * Runs `operation` under the caller's deadline: rejects with `TransportError('timeout')` after
 * `timeoutMs` (when given) and with `TransportError('aborted')` when `signal` fires. `onGiveUp` runs
 * when either happens, so the caller can cancel what is in flight. The operation's own result or
 * error wins if it settles first.
 */
export async function withDeadline<T>(
  description: string,
  what: string,
  options: IoOptions | undefined,
  operation: () => Promise<T>,
  onGiveUp?: (reason: TransportError) => void,
): Promise<T> {
  const caller = options?.signal;
  if (caller?.aborted === true) throw new TransportError('aborted', description, `${what} on ${description} was aborted before it started.`);
  const signal = deadlineSignal(options?.timeoutMs, caller);
  if (!signal) return operation();
  const raced = await raceSignal(operation(), signal);
  if (raced.ok) return raced.value;
  const error =
    raced.stopped === 'timeout'
      ? new TransportError('timeout', description, `${what} on ${description} timed out after ${options?.timeoutMs} ms.`)
      : new TransportError('aborted', description, `${what} on ${description} was aborted.`, { cause: caller?.reason });
  onGiveUp?.(error);
  throw error;
}
