import type { HardwareLogger } from '../hardware-logger.js';
import { TransportError } from '../types.js';
import type { IoOptions } from '../types.js';
import { withDeadline } from '../io-deadline.js';

/**
 * The one write a stream transport may have in flight (the Transport contract): refuses a second,
 * runs the write under the caller's deadline, and lets a disconnect or close reject it at once.
 */
export class PendingWrite {
  readonly #description: string;
  #reject: ((error: TransportError) => void) | undefined;

  constructor(description: string) {
    this.#description = description;
  }

  /**
   * `send` hands the bytes to the OS and calls back once they are taken (or with the error);
   * `failure` is the link's own failure, which explains an error better than the write's.
   */
  run(
    options: IoOptions,
    send: (done: (error?: Error | null) => void) => void,
    failure: () => TransportError | undefined,
    log: HardwareLogger,
    bytes: number,
  ): Promise<void> {
    if (this.#reject !== undefined) {
      return Promise.reject(new Error(`A write is already pending on ${this.#description}; the Transport contract allows one at a time.`));
    }
    return withDeadline(
      this.#description,
      'Write',
      options,
      () =>
        new Promise<void>((resolve, reject) => {
          this.#reject = reject;
          send((error) => {
            if (this.#reject !== reject) return;
            this.#reject = undefined;
            if (error) {
              reject(failure() ?? new TransportError('disconnected', this.#description, `Write to ${this.#description} failed: ${error.message}.`, { cause: error }));
              return;
            }
            log.debug({ transport: this.#description, bytes }, 'sent');
            resolve();
          });
        }),
      () => {
        this.#reject = undefined;
      },
    );
  }

  /** Rejects the write in flight, if any, with `error` (the link is gone or closed). */
  fail(error: TransportError): void {
    const reject = this.#reject;
    this.#reject = undefined;
    reject?.(error);
  }
}

/**
 * Bytes pushed by a stream (socket, serial port) waiting for `read()`. Bounded: if nobody reads and
 * more than `maxBufferedBytes` pile up, the oldest bytes are dropped, because a printer that talks
 * without being asked is sending noise, and memory must not grow without limit.
 */
export class IncomingBytes {
  readonly #description: string;
  readonly #maxBufferedBytes: number;
  #chunks: Uint8Array[] = [];
  #buffered = 0;
  #failure: TransportError | undefined;
  #waiter: { resolve: (data: Uint8Array) => void; reject: (error: unknown) => void } | undefined;

  constructor(description: string, maxBufferedBytes = 1024 * 1024) {
    this.#description = description;
    this.#maxBufferedBytes = maxBufferedBytes;
  }

  /** The failure every later `read` gets, once set. */
  get failure(): TransportError | undefined {
    return this.#failure;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.#waiter !== undefined) {
      const waiter = this.#waiter;
      this.#waiter = undefined;
      waiter.resolve(Uint8Array.from(chunk));
      return;
    }
    this.#chunks.push(Uint8Array.from(chunk));
    this.#buffered += chunk.length;
    while (this.#buffered > this.#maxBufferedBytes && this.#chunks.length > 0) {
      this.#buffered -= this.#chunks.shift()?.length ?? 0;
    }
  }

  /** Fails the pending read and every later read; the first failure sticks. */
  fail(error: TransportError): void {
    if (this.#failure !== undefined) return;
    this.#failure = error;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.reject(error);
  }

  /**
   * Resolves with every byte buffered so far (at least one). Bytes that arrived before a failure are
   * still delivered, so a reply sent just before the peer hung up is not lost (except after our own
   * close: then every read rejects with `closed`, as the Transport contract says).
   */
  read(options?: IoOptions): Promise<Uint8Array> {
    if (this.#failure?.code === 'closed') return Promise.reject(this.#failure);
    if (this.#buffered > 0) return Promise.resolve(this.#take());
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#waiter !== undefined) {
      return Promise.reject(new Error(`A read is already pending on ${this.#description}; the Transport contract allows one at a time.`));
    }
    return withDeadline(
      this.#description,
      'Read',
      options,
      () =>
        new Promise<Uint8Array>((resolve, reject) => {
          this.#waiter = { resolve, reject };
        }),
      () => {
        this.#waiter = undefined;
      },
    );
  }

  #take(): Uint8Array {
    const out = new Uint8Array(this.#buffered);
    let offset = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    this.#chunks = [];
    this.#buffered = 0;
    return out;
  }
}
