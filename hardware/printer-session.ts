import type { IoOptions, Transport } from './types.js';
import { TransportError } from './types.js';
import type { BackoffOptions } from './backoff.js';
import { anySignal, raceSignal, withDeadline } from './io-deadline.js';
import { LinkGate } from './link-gate.js';
import type { Raced } from './io-deadline.js';

export interface PrinterSessionOptions {
  /** Time allowed for `transport.open()`. Default 10 000 ms. */
  readonly openTimeoutMs?: number;
  /** Default per-read and per-write timeout when a call gives none. Default 10 000 ms. */
  readonly commandTimeoutMs?: number;
  /**
   * Waits between reopening a lost link: the first reopen is at once, then each further one after
   * `backoffDelayMs(failures)`, until an exchange succeeds. Default 500 ms doubling to 30 s.
   */
  readonly reopenBackoff?: BackoffOptions;
  /** Milliseconds since an arbitrary origin; tests may inject one. Default `performance.now`. */
  readonly now?: () => number;
}

/** What a driver may do while it holds the session (see `PrinterSession.exclusive`). */
export interface SessionLink {
  /** Write bytes; rejects with a `TransportError` on timeout, abort, close or disconnect. */
  write(data: Uint8Array, options?: IoOptions): Promise<void>;
  /** Read at least one byte; rejects with a `TransportError` (`timeout`, `aborted`, …). */
  read(options?: IoOptions): Promise<Uint8Array>;
  /** Read at least one byte, or resolve `undefined` after `waitMs` of silence. */
  tryRead(waitMs: number, options?: IoOptions): Promise<Uint8Array | undefined>;
  /**
   * Give the link up: the peer stalled or is out of step, so the next caller gets a fresh
   * connection (after the reopen backoff). Later calls through this link reject.
   */
  abandon(reason: string): void;
}

type ReadOutcome = { ok: true; data: Uint8Array } | { ok: false; error: unknown };

/**
 * The session wrapper shared by every printer family (style.md house rule 6): opens the transport
 * once (and again after a disconnect), keeps one command sequence in flight through a FIFO lock,
 * applies per-call timeouts and AbortSignals, and rejects everything with `closed` once closed.
 * A link that is lost, or given up by its driver (`SessionLink.abandon`: stalled or out of step),
 * is reopened on next use with backoff (`LinkGate`): at once the first time, then with growing
 * waits while reopened links keep failing; calls during a wait reject with `open-failed` at once.
 *
 * Reads outlive their timeouts: when a timed read gives up, the transport read stays pending and
 * the next read collects its bytes, so the transport never sees two reads at once (Transport
 * contract in hardware/types.ts).
 */
export class PrinterSession {
  #transport: Transport;
  readonly #makeTransport: (() => Transport) | undefined;
  readonly #openTimeoutMs: number;
  readonly #commandTimeoutMs: number;
  #state: 'new' | 'open' | 'broken' | 'closed' = 'new';
  readonly #gate: LinkGate;
  #pendingRead: Promise<ReadOutcome> | undefined;
  #brokenBecause = '';
  /** Bumped at each (re)open, so a link handed out before is recognised as stale. */
  #generation = 0;

  /**
   * @param transport a transport, or a factory for one. With a factory, a session that lost its
   *   link starts afresh on a new transport; with an instance, it calls `open()` on it again, which
   *   transports that are single-use refuse (the next call then rejects with `open-failed`).
   */
  constructor(transport: Transport | (() => Transport), options: PrinterSessionOptions = {}) {
    this.#makeTransport = typeof transport === 'function' ? transport : undefined;
    this.#transport = typeof transport === 'function' ? transport() : transport;
    this.#openTimeoutMs = positive(options.openTimeoutMs ?? 10_000, 'openTimeoutMs');
    this.#commandTimeoutMs = positive(options.commandTimeoutMs ?? 10_000, 'commandTimeoutMs');
    this.#gate = new LinkGate(this.#transport.description, {
      ...(options.reopenBackoff ? { backoff: options.reopenBackoff } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  }

  /** Links lost in a row (reset by a successful read); for status and tests. */
  get consecutiveFailures(): number {
    return this.#gate.consecutiveFailures;
  }

  /** The transport in use now (a new one after a reconnect when built from a factory). */
  get transport(): Transport {
    return this.#transport;
  }

  get description(): string {
    return this.#transport.description;
  }

  /** True while a caller holds or waits for the session. */
  get busy(): boolean {
    return this.#gate.busy;
  }

  get closed(): boolean {
    return this.#state === 'closed';
  }

  /**
   * Run `fn` with sole use of the link, after earlier callers finish. Opens the transport first
   * if needed. A transport `disconnected` error marks the session for reopening on next use.
   */
  async exclusive<T>(fn: (link: SessionLink) => Promise<T>, options: IoOptions = {}): Promise<T> {
    this.#assertNotClosed();
    return this.#gate.exclusive(async () => {
      this.#assertNotClosed();
      if (this.#state !== 'open') this.#gate.admit();
      if (this.#state !== 'open') await this.#open(options);
      return fn(this.#link(options.signal));
    }, options.signal);
  }

  /** Close the transport; pending and later calls reject with a `closed` TransportError. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#gate.close();
    await this.#transport.close().catch(() => undefined);
  }

  async #open(options: IoOptions): Promise<void> {
    this.#pendingRead = undefined;
    const reopening = this.#state === 'broken';
    if (reopening && this.#makeTransport) {
      await this.#transport.close().catch(() => undefined);
      this.#transport = this.#makeTransport();
    }
    try {
      const io = { timeoutMs: this.#openTimeoutMs, ...(options.signal ? { signal: options.signal } : {}) };
      await withDeadline(this.description, 'open', io, () => this.#transport.open(io));
    } catch (error) {
      if (this.#state === 'closed') throw new TransportError('closed', this.description, `Printer session on ${this.description} is closed.`, { cause: error });
      // A printer that is off when first opened backs off like one that was lost.
      if (reopening) this.#markBroken(error instanceof Error ? error.message : String(error));
      else this.#gate.failed(error instanceof Error ? error.message : String(error));
      if (reopening && !this.#makeTransport) {
        throw new TransportError('open-failed', this.description, `Could not reopen ${this.description} after the link was lost; make a new driver or give it a transport factory.`, { cause: error });
      }
      if (error instanceof TransportError) throw error;
      throw new TransportError('open-failed', this.description, `Could not open ${this.description}.`, { cause: error });
    }
    this.#state = 'open';
    this.#generation += 1;
  }

  /** The link is lost or given up: reopen on next use, after the backoff for this many failures. */
  #markBroken(because: string): void {
    if (this.#state === 'closed') return;
    this.#state = 'broken';
    this.#pendingRead = undefined;
    this.#brokenBecause = because;
    // The first loss is retried at once (a printer that was unplugged and plugged back in); a
    // link that keeps failing after reopening waits longer each time.
    this.#gate.failed(because);
  }

  #link(outerSignal: AbortSignal | undefined): SessionLink {
    const generation = this.#generation;
    const current = (): void => {
      this.#assertNotClosed();
      if (generation !== this.#generation || this.#state !== 'open') {
        throw new TransportError('disconnected', this.description, `The link to ${this.description} was given up (${this.#brokenBecause || 'lost'}).`);
      }
    };
    return {
      write: async (data, options) => {
        current();
        const timeoutMs = options?.timeoutMs ?? this.#commandTimeoutMs;
        try {
          const signal = anySignal(outerSignal, options?.signal);
          const io = { timeoutMs, ...(signal ? { signal } : {}) };
          await withDeadline(this.description, 'write', io, () => this.#transport.write(data, io));
        } catch (error) {
          this.#noteFailure(error, true);
          throw error;
        }
      },
      read: async (options) => {
        current();
        const timeoutMs = options?.timeoutMs ?? this.#commandTimeoutMs;
        const data = await this.#read(timeoutMs, anySignal(outerSignal, options?.signal));
        if (data === undefined) {
          throw new TransportError('timeout', this.description, `No reply from ${this.description} within ${timeoutMs} ms.`);
        }
        return data;
      },
      tryRead: async (waitMs, options) => {
        current();
        return this.#read(waitMs, anySignal(outerSignal, options?.signal));
      },
      abandon: (reason) => {
        if (generation === this.#generation && this.#state === 'open') this.#markBroken(reason);
      },
    };
  }

  async #read(waitMs: number, signal: AbortSignal | undefined): Promise<Uint8Array | undefined> {
    this.#assertNotClosed();
    const deadline = AbortSignal.timeout(Math.max(0, Math.ceil(waitMs)));
    const stop = anySignal(deadline, signal)!;
    let raced: Raced<ReadOutcome>;
    for (;;) {
      if (!this.#pendingRead) {
        this.#pendingRead = this.#transport.read().then(
          (data): ReadOutcome => ({ ok: true, data }),
          (error: unknown): ReadOutcome => ({ ok: false, error }),
        );
      }
      raced = await raceSignal(this.#pendingRead, stop);
      if (!raced.ok && (raced.stopped === 'timeout' || deadline.aborted)) return undefined;
      if (!raced.ok) throw new TransportError('aborted', this.description, `Read on ${this.description} was aborted.`);
      this.#pendingRead = undefined;
      // The transport's own read deadline is not ours: a read left pending across calls may time out
      // on its own clock, so read again until our deadline instead of failing early.
      if (!raced.value.ok && raced.value.error instanceof TransportError && raced.value.error.code === 'timeout' && !deadline.aborted) continue;
      break;
    }
    const outcome = raced.value;
    if (outcome.ok) {
      this.#gate.succeeded();
      return outcome.data;
    }
    this.#noteFailure(outcome.error, false);
    if (this.#state === 'closed') {
      throw new TransportError('closed', this.description, `${this.description} is closed.`, { cause: outcome.error });
    }
    throw outcome.error;
  }

  #noteFailure(error: unknown, isWrite: boolean): void {
    if (this.#state !== 'open') return;
    if (error instanceof TransportError) {
      // A timed-out write leaves the transport with a write outstanding: start afresh next time.
      if (error.code === 'disconnected' || error.code === 'closed' || (isWrite && error.code === 'timeout')) this.#markBroken(error.message);
    } else {
      this.#markBroken(error instanceof Error ? error.message : String(error));
    }
  }

  #assertNotClosed(): void {
    if (this.#state === 'closed') {
      throw new TransportError('closed', this.description, `Printer session on ${this.description} is closed.`);
    }
  }
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`PrinterSession option ${name} must be a positive number, got ${value}.`);
  return value;
}
