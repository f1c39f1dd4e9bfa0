import { connect as netConnect } from 'node:net';
import { TransportError } from '../types.js';
import type { IoOptions, Transport } from '../types.js';
import { IncomingBytes, PendingWrite } from './transport-io.js';
import { withDeadline } from '../io-deadline.js';
import { SILENT_LOGGER, type HardwareLogger } from '../hardware-logger.js';

/**
 * The slice of `node:net`'s `Socket` the TCP transport uses, so a test can hand in its own socket
 * factory. Events used: `connect`, `data` (Buffer), `end`, `error` (Error), `close`.
 */
export interface TcpSocketLike {
  write(data: Uint8Array, callback: (error?: Error | null) => void): boolean;
  end(): unknown;
  destroy(error?: Error): unknown;
  setKeepAlive(enable: boolean, initialDelayMs: number): unknown;
  setNoDelay(noDelay: boolean): unknown;
  on(event: string, listener: (...args: any[]) => void): unknown;
  once(event: string, listener: (...args: any[]) => void): unknown;
  removeListener(event: string, listener: (...args: any[]) => void): unknown;
}

/** Starts connecting to `host:port`; the socket emits `connect` or `error`. Default: `net.connect`. */
export type TcpSocketFactory = (target: { readonly host: string; readonly port: number }) => TcpSocketLike;

export interface TcpTransportOptions {
  readonly host: string;
  readonly port: number;
  /** Connect timeout when `open()` gets none. Default 10 000 ms. */
  readonly connectTimeoutMs?: number;
  /** Read timeout when `read()` gets none. Default 30 000 ms. */
  readonly readTimeoutMs?: number;
  /** Write timeout when `write()` gets none. Default 30 000 ms. */
  readonly writeTimeoutMs?: number;
  /** TCP keep-alive initial delay, so a printer that lost power is noticed while idle. Default 5 000 ms. */
  readonly keepAliveMs?: number;
  /** How long `close()` waits for the peer to acknowledge our FIN before destroying. Default 1 000 ms. */
  readonly closeGraceMs?: number;
  readonly socketFactory?: TcpSocketFactory;
  /** Module logger (e.g. a pino child); logs states and byte counts only. */
  readonly logger?: HardwareLogger;
}

const defaultFactory: TcpSocketFactory = ({ host, port }) => netConnect({ host, port });

/**
 * A raw TCP byte stream to a printer (printer-protocols.md §1.7: Evolis network printers take the
 * same escape-command stream over a plain socket; the port is configuration).
 *
 * Failure mapping (Transport contract in hardware/types.ts): our own `close()` → `closed`; connect
 * refused or unreachable → `open-failed`; no connection within the connect timeout → `timeout`; the peer
 * ending or resetting the connection, or a socket error → `disconnected`; a read or write that does not
 * finish in time → `timeout` (the connection stays usable).
 */
export class TcpTransport implements Transport {
  readonly description: string;
  readonly #options: TcpTransportOptions;
  readonly #incoming: IncomingBytes;
  readonly #log: HardwareLogger;
  #socket: TcpSocketLike | undefined;
  #closed = false;
  #socketClosed = false;
  #closing: Promise<void> | undefined;
  readonly #write: PendingWrite;

  constructor(options: TcpTransportOptions) {
    if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) {
      throw new TypeError(`TcpTransport: port ${String(options.port)} is not a number from 1 to 65535.`);
    }
    if (options.host === '') throw new TypeError('TcpTransport: host is empty.');
    this.#options = options;
    this.description = `tcp://${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
    this.#write = new PendingWrite(this.description);
    this.#incoming = new IncomingBytes(this.description);
    this.#log = options.logger ?? SILENT_LOGGER;
  }

  async open(options?: IoOptions): Promise<void> {
    this.#assertNotClosed('Open');
    if (this.#socket !== undefined) throw new TransportError('open-failed', this.description, `${this.description} is already open.`);
    const factory = this.#options.socketFactory ?? defaultFactory;
    const socket = factory({ host: this.#options.host, port: this.#options.port });
    this.#socket = socket;
    let onConnect: () => void = () => {};
    let onError: (error: Error) => void = () => {};
    try {
      await withDeadline(
        this.description,
        'Connecting',
        { signal: options?.signal, timeoutMs: options?.timeoutMs ?? this.#options.connectTimeoutMs ?? 10_000 },
        () =>
          new Promise<void>((resolve, reject) => {
            onConnect = resolve;
            onError = (error) =>
              reject(new TransportError('open-failed', this.description, `Could not connect to ${this.description}: ${errorText(error)}.`, { cause: error }));
            socket.once('connect', onConnect);
            socket.once('error', onError);
          }),
      );
    } catch (error) {
      this.#socket = undefined;
      socket.destroy();
      throw error;
    } finally {
      socket.removeListener('connect', onConnect);
      socket.removeListener('error', onError);
    }
    if (this.#closed) {
      socket.destroy();
      throw this.#closedError('Open');
    }
    socket.setKeepAlive(true, this.#options.keepAliveMs ?? 5_000);
    // Escape commands are small and each waits for a reply: do not let Nagle hold them back.
    socket.setNoDelay(true);
    this.#log.debug({ transport: this.description }, 'connected');
    socket.on('data', (chunk: Uint8Array) => {
      this.#log.debug({ transport: this.description, bytes: chunk.length }, 'received');
      this.#incoming.push(chunk);
    });
    socket.on('end', () => this.#lost('the printer closed the connection'));
    socket.on('error', (error: Error) => this.#lost(errorText(error), error));
    socket.on('close', () => {
      this.#socketClosed = true;
      this.#lost('the connection closed');
    });
  }

  write(data: Uint8Array, options?: IoOptions): Promise<void> {
    const socket = this.#socket;
    if (this.#closed) return Promise.reject(this.#closedError('Write'));
    if (this.#incoming.failure !== undefined) return Promise.reject(this.#incoming.failure);
    if (socket === undefined) return Promise.reject(notOpen(this.description, 'Write'));
    return this.#write.run(
      { ...(options?.signal ? { signal: options.signal } : {}), timeoutMs: options?.timeoutMs ?? this.#options.writeTimeoutMs ?? 30_000 },
      // The callback fires once the bytes were handed to the OS, not when anything printed.
      (done) => socket.write(data, done),
      () => this.#incoming.failure,
      this.#log,
      data.length,
    );
  }

  read(options?: IoOptions): Promise<Uint8Array> {
    if (this.#closed) return Promise.reject(this.#closedError('Read'));
    if (this.#socket === undefined && this.#incoming.failure === undefined) return Promise.reject(notOpen(this.description, 'Read'));
    return this.#incoming.read({ signal: options?.signal, timeoutMs: options?.timeoutMs ?? this.#options.readTimeoutMs ?? 30_000 });
  }

  /** Ends the connection politely (FIN), destroying it if the peer does not answer within the grace. Idempotent. */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#closed = true;
    this.#log.debug({ transport: this.description }, 'closing');
    const error = this.#closedError('The operation');
    this.#incoming.fail(error);
    this.#write.fail(error);
    const socket = this.#socket;
    this.#socket = undefined;
    this.#closing =
      socket === undefined || this.#socketClosed
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              socket.destroy();
              resolve();
            }, this.#options.closeGraceMs ?? 1_000);
            socket.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            socket.end();
          });
    return this.#closing;
  }

  #lost(reason: string, cause?: Error): void {
    if (this.#closed) return;
    const error = new TransportError('disconnected', this.description, `Lost ${this.description}: ${reason}.`, { cause });
    if (this.#incoming.failure === undefined) this.#log.warn({ transport: this.description, reason }, 'disconnected');
    this.#incoming.fail(error);
    this.#write.fail(error);
    const socket = this.#socket;
    if (socket !== undefined) socket.destroy();
  }


  #assertNotClosed(what: string): void {
    if (this.#closed) throw this.#closedError(what);
  }

  #closedError(what: string): TransportError {
    return new TransportError('closed', this.description, `${what} failed: ${this.description} was closed.`);
  }
}

function notOpen(description: string, what: string): TransportError {
  return new TransportError('closed', description, `${what} failed: ${description} is not open (call open() first).`);
}

function errorText(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code) ? `${code} ${error.message}` : error.message;
}
