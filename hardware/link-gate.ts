import { TransportError } from './types.js';
import { backoffDelayMs } from './backoff.js';
import type { BackoffOptions } from './backoff.js';
import { raceSignal } from './io-deadline.js';

export interface LinkGateOptions {
  /** Waits after failures in a row (see `backoffDelayMs`). Default 500 ms doubling to 30 s. */
  readonly backoff?: BackoffOptions;
  /** Milliseconds since an arbitrary origin; tests may inject one. Default `performance.now`. */
  readonly now?: () => number;
}

/**
 * What every printer driver that talks over a link shares (style.md house rule 6), whatever the
 * link is (a byte stream in `PrinterSession`, HTTP requests in the IPP driver): one caller at a
 * time in FIFO order, `closed` once closed, and backoff while the link keeps failing: after a
 * failure the next try is allowed at once, after more failures in a row only once
 * `backoffDelayMs(failures - 1)` has passed; until then `admit()` rejects with `open-failed`
 * (nothing was sent). A success forgets the failures.
 */
export class LinkGate {
  readonly description: string;
  readonly #backoff: BackoffOptions;
  readonly #now: () => number;
  #tail: Promise<void> = Promise.resolve();
  #holders = 0;
  #closed = false;
  #failures = 0;
  #retryAtMs = 0;
  #lastFailure = '';

  constructor(description: string, options: LinkGateOptions = {}) {
    this.description = description;
    this.#backoff = options.backoff ?? {};
    this.#now = options.now ?? (() => performance.now());
  }

  /** True while a caller holds or waits for the link. */
  get busy(): boolean {
    return this.#holders > 0;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Failures in a row since the last success. */
  get consecutiveFailures(): number {
    return this.#failures;
  }

  /** Run `fn` alone, after earlier callers finish; rejects `aborted` if `signal` fires while waiting. */
  async exclusive<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    this.assertOpen();
    this.#holders += 1;
    const previous = this.#tail;
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    // Chained on `previous` so an aborted waiter cannot let the next one overtake a running holder.
    this.#tail = previous.then(() => mine);
    try {
      const waited = await raceSignal(previous, signal);
      if (!waited.ok) throw new TransportError('aborted', this.description, `Waiting for ${this.description} was aborted.`);
      this.assertOpen();
      return await fn();
    } finally {
      this.#holders -= 1;
      release();
    }
  }

  /** Reject with `open-failed` while the backoff after failures lasts. */
  admit(): void {
    const waitMs = Math.ceil(this.#retryAtMs - this.#now());
    if (this.#failures > 0 && waitMs > 0) {
      throw new TransportError('open-failed', this.description, `${this.description} is unreachable (${this.#lastFailure}); next try in ${waitMs} ms.`);
    }
  }

  succeeded(): void {
    this.#failures = 0;
  }

  failed(because: string): void {
    if (this.#closed) return;
    this.#lastFailure = because;
    this.#retryAtMs = this.#now() + backoffDelayMs(this.#failures, this.#backoff);
    this.#failures += 1;
  }

  close(): void {
    this.#closed = true;
  }

  assertOpen(): void {
    if (this.#closed) throw new TransportError('closed', this.description, `Printer link ${this.description} is closed.`);
  }
}
