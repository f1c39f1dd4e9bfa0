import { SerialPort } from 'serialport';
import { TransportError } from '../types.js';
import type { IoOptions, Transport } from '../types.js';
import type { SerialPrinterUri } from '../printer-uri.js';
import { IncomingBytes, PendingWrite } from './transport-io.js';
import { withDeadline } from '../io-deadline.js';
import { SILENT_LOGGER, type HardwareLogger } from '../hardware-logger.js';

export interface SerialTransportOptions {
  /** Line settings, exactly as parsed from a `serial://` URI. */
  readonly settings: Omit<SerialPrinterUri, 'scheme'>;
  /** Open timeout when `open()` gets none. Default 5 000 ms. */
  readonly openTimeoutMs?: number;
  /** Read timeout when `read()` gets none. Default 30 000 ms. */
  readonly readTimeoutMs?: number;
  /** Write timeout when `write()` gets none. Default 30 000 ms (a held-off XOFF/CTS line blocks writes). */
  readonly writeTimeoutMs?: number;
  /** Module logger (e.g. a pino child); logs states and byte counts only. */
  readonly logger?: HardwareLogger;
}

/**
 * A serial line to a printer over `serialport` v13 (printer-protocols.md §1.5: `Pcom` settings map to
 * `baudRate`, `parity`, `dataBits`, `stopBits`, and `XON/XOFF` → `xon`+`xoff`, `RTS/CTS` → `rtscts`).
 *
 * Failure mapping: our own `close()` → `closed`; the device vanishing (USB-serial adapter pulled, pty
 * peer gone, serialport's `DisconnectedError`) → `disconnected`; the port failing to open →
 * `open-failed`; a read or write that does not finish in time → `timeout`.
 */
export class SerialTransport implements Transport {
  readonly description: string;
  readonly #options: SerialTransportOptions;
  readonly #incoming: IncomingBytes;
  readonly #log: HardwareLogger;
  #port: SerialPort | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;
  readonly #write: PendingWrite;

  constructor(options: SerialTransportOptions) {
    if (options.settings.path === '') throw new TypeError('SerialTransport: settings.path is empty.');
    if (!Number.isInteger(options.settings.baudRate) || options.settings.baudRate <= 0) {
      throw new TypeError(`SerialTransport: baudRate ${String(options.settings.baudRate)} is not a positive integer.`);
    }
    this.#options = options;
    const { path, baudRate } = options.settings;
    this.description = `serial://${path}?baud=${baudRate}`;
    this.#write = new PendingWrite(this.description);
    this.#incoming = new IncomingBytes(this.description);
    this.#log = options.logger ?? SILENT_LOGGER;
  }

  async open(options?: IoOptions): Promise<void> {
    if (this.#closed) throw this.#closedError('Open');
    if (this.#port !== undefined) throw new TransportError('open-failed', this.description, `${this.description} is already open.`);
    const { path, baudRate, parity, dataBits, stopBits, flow } = this.#options.settings;
    const softwareFlow = flow === 'xonxoff' || flow === 'both';
    const port = new SerialPort({
      path,
      baudRate,
      parity,
      dataBits,
      stopBits,
      rtscts: flow === 'rtscts' || flow === 'both',
      xon: softwareFlow,
      xoff: softwareFlow,
      autoOpen: false,
    });
    this.#port = port;
    // Registered before opening so an 'error' emitted at any time never goes unhandled.
    port.on('error', (error: Error) => this.#lost(error.message, error));
    try {
      await withDeadline(
        this.description,
        'Opening',
        { signal: options?.signal, timeoutMs: options?.timeoutMs ?? this.#options.openTimeoutMs ?? 5_000 },
        () =>
          new Promise<void>((resolve, reject) => {
            port.open((error) => {
              if (error) {
                reject(new TransportError('open-failed', this.description, `Could not open ${this.description}: ${error.message}.`, { cause: error }));
              } else resolve();
            });
          }),
      );
    } catch (error) {
      this.#port = undefined;
      if (port.isOpen) port.close();
      throw error;
    }
    if (this.#closed) {
      port.close();
      throw this.#closedError('Open');
    }
    this.#log.debug({ transport: this.description }, 'opened');
    port.on('data', (chunk: Buffer) => {
      this.#log.debug({ transport: this.description, bytes: chunk.length }, 'received');
      this.#incoming.push(chunk);
    });
    port.on('close', (error: (Error & { disconnected?: boolean }) | null) => {
      this.#lost(error?.message ?? 'the port closed', error ?? undefined);
    });
  }

  write(data: Uint8Array, options?: IoOptions): Promise<void> {
    const port = this.#port;
    if (this.#closed) return Promise.reject(this.#closedError('Write'));
    if (this.#incoming.failure !== undefined) return Promise.reject(this.#incoming.failure);
    if (port === undefined) return Promise.reject(new TransportError('closed', this.description, `Write failed: ${this.description} is not open (call open() first).`));
    return this.#write.run(
      { ...(options?.signal ? { signal: options.signal } : {}), timeoutMs: options?.timeoutMs ?? this.#options.writeTimeoutMs ?? 30_000 },
      // The callback fires once the bytes were handed to the OS, not when anything printed.
      (done) => port.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength), done),
      () => this.#incoming.failure,
      this.#log,
      data.length,
    );
  }

  read(options?: IoOptions): Promise<Uint8Array> {
    if (this.#closed) return Promise.reject(this.#closedError('Read'));
    if (this.#port === undefined && this.#incoming.failure === undefined) {
      return Promise.reject(new TransportError('closed', this.description, `Read failed: ${this.description} is not open (call open() first).`));
    }
    return this.#incoming
      .read({ signal: options?.signal, timeoutMs: options?.timeoutMs ?? this.#options.readTimeoutMs ?? 30_000 })
      .catch(async (error: unknown) => {
        if (error instanceof TransportError && error.code === 'timeout' && (await this.#hungUp())) {
          throw this.#incoming.failure ?? error;
        }
        throw error;
      });
  }

  /**
   * A hung-up tty (adapter unplugged, pty peer gone while a read was in the OS) reads as endless
   * zero-byte reads, which serialport's binding retries forever instead of reporting. Any ioctl on such
   * a tty fails, so after a quiet read we ask for the line speed; a failure means the line is gone.
   */
  async #hungUp(): Promise<boolean> {
    const binding = this.#port?.port;
    if (binding === undefined || this.#closed) return false;
    try {
      await binding.getBaudRate();
      return false;
    } catch (error) {
      this.#lost(`the line hung up (${error instanceof Error ? error.message : String(error)})`, error instanceof Error ? error : undefined);
      // Closing stops the binding's zero-byte read loop.
      const port = this.#port;
      if (port?.isOpen === true) port.close(() => {});
      return true;
    }
  }

  /** Closes the port; pending calls reject with `closed`. Idempotent; never rejects. */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#closed = true;
    this.#log.debug({ transport: this.description }, 'closing');
    const error = this.#closedError('The operation');
    this.#incoming.fail(error);
    this.#write.fail(error);
    const port = this.#port;
    this.#port = undefined;
    this.#closing =
      port === undefined || !port.isOpen
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            // A close error means the port is already gone, which is what we wanted.
            port.close(() => resolve());
          });
    return this.#closing;
  }

  #lost(reason: string, cause?: Error): void {
    if (this.#closed) return;
    const error = new TransportError('disconnected', this.description, `Lost ${this.description}: ${reason}.`, { cause });
    if (this.#incoming.failure === undefined) this.#log.warn({ transport: this.description, reason }, 'disconnected');
    this.#incoming.fail(error);
    this.#write.fail(error);
  }


  #closedError(what: string): TransportError {
    return new TransportError('closed', this.description, `${what} failed: ${this.description} was closed.`);
  }
}
