import { StationError } from '../station/station-error.js';
import type { StationBackend } from './station-backend.js';

/** Failed sign-ins per operator id before that id is locked, and for how long, in ms. */
export const SIGN_IN_LIMIT = { failures: 5, lockMs: 60_000 } as const;

/** Ids tracked at most; the oldest is forgotten first, so guessing random ids cannot grow memory. */
const MAX_TRACKED_IDS = 1000;

/**
 * Slows PIN guessing over the sockets: after SIGN_IN_LIMIT.failures wrong tries for one id, that id
 * is refused for SIGN_IN_LIMIT.lockMs, on every connection of the station. Ids that do not exist are
 * counted the same way, so the lock tells a guesser nothing about which ids exist.
 */
export class SignInThrottle {
  readonly #entries = new Map<string, { failures: number; lockedUntilMs: number }>();

  /** Throws `sign-in-locked` while `operatorId` is locked. */
  check(operatorId: string, nowMs: number): void {
    const entry = this.#entries.get(operatorId);
    if (entry && entry.lockedUntilMs > nowMs) {
      const seconds = Math.ceil((entry.lockedUntilMs - nowMs) / 1000);
      throw new StationError('sign-in-locked', `too many wrong PINs for this ID: try again in ${seconds} s`, { seconds });
    }
  }

  failed(operatorId: string, nowMs: number): void {
    const entry = this.#entries.get(operatorId) ?? { failures: 0, lockedUntilMs: 0 };
    this.#entries.delete(operatorId);
    entry.failures += 1;
    if (entry.failures >= SIGN_IN_LIMIT.failures) {
      entry.failures = 0;
      entry.lockedUntilMs = nowMs + SIGN_IN_LIMIT.lockMs;
    }
    this.#entries.set(operatorId, entry);
    if (this.#entries.size > MAX_TRACKED_IDS) this.#entries.delete(this.#entries.keys().next().value!);
  }

  succeeded(operatorId: string): void {
    this.#entries.delete(operatorId);
  }
}

const throttles = new WeakMap<StationBackend, SignInThrottle>();

/** One throttle per station, shared by its socket and in-process connections. */
export function signInThrottleFor(backend: StationBackend): SignInThrottle {
  let throttle = throttles.get(backend);
  if (!throttle) throttles.set(backend, (throttle = new SignInThrottle()));
  return throttle;
}
