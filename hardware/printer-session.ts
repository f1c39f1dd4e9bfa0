import type { IoOptions, Transport } from './types.js';
import { TransportError } from './types.js';

export interface PrinterSessionOptions {
  /** Time allowed for `transport.open()`. Default 10 000 ms. */
  readonly openTimeoutMs?: number;
  /** Default per-read and per-write timeout when a call gives none. Default 10 000 ms. */
  readonly commandTimeoutMs?: number;
}

/** What a driver may do while it holds the session (see `PrinterSession.exclusive`). */
export interface SessionLink {
  /** Write bytes; rejects with a `TransportError` on timeout, abort, close or disconnect. */
  write(data: Uint8Array, options?: IoOptions): Promise<void>;
  /** Read at least one byte; rejects with a `TransportError` (`timeout`, `aborted`, …). */
  read(options?: IoOptions): Promise<Uint8Array>;
  /** Read at least one byte, or resolve `undefined` after `waitMs` of silence. */
  tryRead(waitMs: number, options?: IoOptions): Promise<Uint8Array | undefined>;
}

type ReadOutcome = { ok: true; data: Uint8Array } | { ok: false; error: unknown };

/**
 * The session wrapper shared by every printer family (style.md house rule 6): opens the transport
 * once (and again after a disconnect), keeps one command sequence in flight through a FIFO lock,
 * applies per-call timeouts and AbortSignals, and rejects everything with `closed` once closed.
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
  #tail: Promise<void> = Promise.resolve();
  #holders = 0;
  #pendingRead: Promise<ReadOutcome> | undefined;

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
    return this.#holders > 0;
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
    this.#holders += 1;
    const previous = this.#tail;
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    // Chained on `previous` so an aborted waiter cannot let the next one overtake a running holder.
    this.#tail = previous.then(() => mine);
    try {
      await waitOrAbort(previous, options.signal, this.description);
      this.#assertNotClosed();
      if (this.#state !== 'open') await this.#open(options);
      return await fn(this.#link(options.signal));
    } finally {
      this.#holders -= 1;
      release();
    }
  }

  /** Close the transport; pending and later calls reject with a `closed` TransportError. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
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
      await withTimeout(this.#transport.open({ signal: options.signal, timeoutMs: this.#openTimeoutMs }), this.#openTimeoutMs, options.signal, this.description, 'open');
    } catch (error) {
      if (this.#state === 'closed') throw new TransportError('closed', this.description, `Printer session on ${this.description} is closed.`, { cause: error });
      if (reopening && !this.#makeTransport) {
        throw new TransportError('open-failed', this.description, `Could not reopen ${this.description} after the link was lost; make a new driver or give it a transport factory.`, { cause: error });
      }
      if (error instanceof TransportError) throw error;
      throw new TransportError('open-failed', this.description, `Could not open ${this.description}.`, { cause: error });
    }
    this.#state = 'open';
  }

  #link(outerSignal: AbortSignal | undefined): SessionLink {
    const signalFor = (options?: IoOptions): AbortSignal | undefined => {
      const signals = [outerSignal, options?.signal].filter((s): s is AbortSignal => s !== undefined);
      return signals.length <= 1 ? signals[0] : AbortSignal.any(signals);
    };
    return {
      write: async (data, options) => {
        this.#assertNotClosed();
        const timeoutMs = options?.timeoutMs ?? this.#commandTimeoutMs;
        try {
          const signal = signalFor(options);
          await withTimeout(this.#transport.write(data, { timeoutMs, ...(signal ? { signal } : {}) }), timeoutMs, signal, this.description, 'write');
        } catch (error) {
          this.#noteFailure(error, true);
          throw error;
        }
      },
      read: async (options) => {
        const data = await this.#read(options?.timeoutMs ?? this.#commandTimeoutMs, signalFor(options));
        if (data === undefined) {
          throw new TransportError('timeout', this.description, `No reply from ${this.description} within ${options?.timeoutMs ?? this.#commandTimeoutMs} ms.`);
        }
        return data;
      },
      tryRead: (waitMs, options) => this.#read(waitMs, signalFor(options)),
    };
  }

  async #read(waitMs: number, signal: AbortSignal | undefined): Promise<Uint8Array | undefined> {
    this.#assertNotClosed();
    const deadline = Date.now() + waitMs;
    let raced: ReadOutcome | 'timeout' | 'aborted';
    for (;;) {
      if (!this.#pendingRead) {
        this.#pendingRead = this.#transport.read().then(
          (data): ReadOutcome => ({ ok: true, data }),
          (error: unknown): ReadOutcome => ({ ok: false, error }),
        );
      }
      raced = await raceTimer(this.#pendingRead, Math.max(0, deadline - Date.now()), signal);
      if (raced === 'timeout') return undefined;
      if (raced === 'aborted') throw new TransportError('aborted', this.description, `Read on ${this.description} was aborted.`);
      this.#pendingRead = undefined;
      // The transport's own read deadline is not ours: a read left pending across calls may time out
      // on its own clock, so read again until our deadline instead of failing early.
      if (!raced.ok && raced.error instanceof TransportError && raced.error.code === 'timeout' && Date.now() < deadline) continue;
      break;
    }
    if (raced.ok) return raced.data;
    this.#noteFailure(raced.error, false);
    if (this.#state === 'closed') {
      throw new TransportError('closed', this.description, `${this.description} is closed.`, { cause: raced.error });
    }
    throw raced.error;
  }

  #noteFailure(error: unknown, isWrite: boolean): void {
    if (this.#state === 'closed') return;
    if (error instanceof TransportError) {
      // A timed-out write leaves the transport with a write outstanding: start afresh next time.
      if (error.code === 'disconnected' || error.code === 'closed' || (isWrite && error.code === 'timeout')) {
        this.#state = 'broken';
        this.#pendingRead = undefined;
      }
    } else {
      this.#state = 'broken';
      this.#pendingRead = undefined;
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

async function raceTimer<T>(promise: Promise<T>, ms: number, signal: AbortSignal | undefined): Promise<T | 'timeout' | 'aborted'> {
  if (signal?.aborted) return 'aborted';
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<'timeout' | 'aborted'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
    onAbort = () => resolve('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, stop]);
  } finally {
    if (timer) clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, signal: AbortSignal | undefined, where: string, what: string): Promise<T> {
  const raced = await raceTimer(promise.then((value) => ({ value })), ms, signal);
  if (raced === 'timeout') {
    promise.catch(() => undefined);
    throw new TransportError('timeout', where, `${what} on ${where} did not finish within ${ms} ms.`);
  }
  if (raced === 'aborted') {
    promise.catch(() => undefined);
    throw new TransportError('aborted', where, `${what} on ${where} was aborted.`);
  }
  return raced.value;
}

async function waitOrAbort(promise: Promise<void>, signal: AbortSignal | undefined, where: string): Promise<void> {
  if (!signal) return promise;
  const raced = await raceTimer(promise, 2_147_483_647, signal);
  if (raced === 'aborted') throw new TransportError('aborted', where, `Waiting for ${where} was aborted.`);
}
