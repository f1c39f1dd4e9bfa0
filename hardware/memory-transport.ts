import type { IoOptions, Transport } from './types.js';
import { TransportError } from './types.js';

type EndState = 'new' | 'open' | 'closed' | 'disconnected';

interface PendingRead {
  resolve(data: Uint8Array): void;
  reject(error: unknown): void;
  cleanup(): void;
}

/**
 * One end of an in-memory byte pipe. Behaves like a socket under the `Transport` contract:
 * reads resolve with everything queued so far (at least one byte), the peer's `close()` is seen
 * as `disconnected` once queued bytes have been read, and `close()` here makes pending and later
 * calls reject with `closed`.
 */
export class MemoryTransport implements Transport {
  readonly description: string;
  #state: EndState = 'new';
  #inbox: Uint8Array[] = [];
  #pending: PendingRead | undefined;
  #peerGone = false;
  #peer: MemoryTransport | undefined;

  constructor(description: string) {
    this.description = description;
  }

  /** @internal wires the two ends together; used by `createMemoryTransportPair`. */
  attach(peer: MemoryTransport): void {
    this.#peer = peer;
  }

  get isOpen(): boolean {
    return this.#state === 'open';
  }

  async open(_options?: IoOptions): Promise<void> {
    if (this.#state === 'open') return;
    if (this.#state !== 'new') {
      throw new TransportError('open-failed', this.description, `Memory transport ${this.description} cannot be reopened after it was ${this.#state}.`);
    }
    this.#state = 'open';
  }

  async write(data: Uint8Array, _options?: IoOptions): Promise<void> {
    this.#assertUsable();
    // Copy: the caller may reuse its buffer, as with a real socket.
    this.#peer?.deliver(Uint8Array.from(data));
  }

  read(options?: IoOptions): Promise<Uint8Array> {
    try {
      this.#assertUsable(true);
    } catch (error) {
      return Promise.reject(error);
    }
    const queued = this.#takeInbox();
    if (queued) return Promise.resolve(queued);
    if (this.#peerGone) {
      this.#state = 'disconnected';
      return Promise.reject(new TransportError('disconnected', this.description, `Peer of ${this.description} closed the connection.`));
    }
    if (this.#pending) {
      return Promise.reject(new Error(`Only one read may be outstanding on ${this.description}.`));
    }
    return new Promise<Uint8Array>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const signal = options?.signal;
      const onAbort = (): void => {
        this.#pending?.cleanup();
        this.#pending = undefined;
        reject(new TransportError('aborted', this.description, `Read on ${this.description} was aborted.`));
      };
      const pending: PendingRead = {
        resolve,
        reject,
        cleanup: () => {
          if (timer) clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      if (options?.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          pending.cleanup();
          this.#pending = undefined;
          reject(new TransportError('timeout', this.description, `No data on ${this.description} within ${options.timeoutMs} ms.`));
        }, options.timeoutMs);
      }
      this.#pending = pending;
    });
  }

  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    const wasOpen = this.#state === 'open';
    this.#state = 'closed';
    this.#inbox = [];
    this.#settle(new TransportError('closed', this.description, `${this.description} was closed.`));
    if (wasOpen) this.#peer?.peerClosed();
  }

  /** Cut the link as if the cable was pulled: both ends fail with `disconnected`. */
  disconnect(): void {
    this.breakLocal();
    this.#peer?.breakLocal();
  }

  /** @internal */
  deliver(data: Uint8Array): void {
    if (this.#state === 'closed' || this.#state === 'disconnected' || data.length === 0) return;
    this.#inbox.push(data);
    const pending = this.#pending;
    if (pending) {
      this.#pending = undefined;
      pending.cleanup();
      pending.resolve(this.#takeInbox() ?? new Uint8Array());
    }
  }

  /** @internal */
  peerClosed(): void {
    this.#peerGone = true;
    if (this.#inbox.length === 0 && this.#pending) {
      this.#state = 'disconnected';
      this.#settle(new TransportError('disconnected', this.description, `Peer of ${this.description} closed the connection.`));
    }
  }

  /** @internal */
  breakLocal(): void {
    if (this.#state === 'closed') return;
    this.#state = 'disconnected';
    this.#inbox = [];
    this.#settle(new TransportError('disconnected', this.description, `${this.description} was disconnected.`));
  }

  #settle(error: TransportError): void {
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending) {
      pending.cleanup();
      pending.reject(error);
    }
  }

  #takeInbox(): Uint8Array | undefined {
    if (this.#inbox.length === 0) return undefined;
    const chunks = this.#inbox;
    this.#inbox = [];
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  }

  #assertUsable(forRead = false): void {
    if (this.#state === 'closed') {
      throw new TransportError('closed', this.description, `${this.description} is closed.`);
    }
    if (this.#state === 'disconnected') {
      throw new TransportError('disconnected', this.description, `${this.description} was disconnected.`);
    }
    if (this.#state === 'new') {
      throw new TransportError('closed', this.description, `${this.description} is not open yet; call open() first.`);
    }
    if (!forRead && this.#peerGone) {
      this.#state = 'disconnected';
      throw new TransportError('disconnected', this.description, `Peer of ${this.description} closed the connection.`);
    }
  }
}

export interface MemoryTransportPair {
  /** The host end (the driver's side). */
  readonly host: MemoryTransport;
  /** The device end (the emulator's side). */
  readonly device: MemoryTransport;
  /** Simulate a pulled cable: both ends fail with `disconnected`. */
  disconnect(): void;
}

/**
 * Two connected in-memory `Transport` ends: bytes written to one are read from the other.
 * Each end is single-use (no reopen after close or disconnect), like a socket.
 */
export function createMemoryTransportPair(name = 'memory'): MemoryTransportPair {
  const host = new MemoryTransport(`memory://${name}/host`);
  const device = new MemoryTransport(`memory://${name}/device`);
  host.attach(device);
  device.attach(host);
  return { host, device, disconnect: () => host.disconnect() };
}
