import { TransportError } from '../types.js';
import type { IoOptions, Transport } from '../types.js';
import {
  DEVICE_ID_BUFFER_BYTES,
  decodePortStatus,
  getDeviceIdSetup,
  getPortStatusSetup,
  parseDeviceIdReply,
  parseDeviceIdString,
  selectPrinterInterface,
  softResetSetups,
} from './usb-printer-class.js';
import type { UsbConfigurationDescriptor, UsbControlSetup, UsbDeviceId, UsbPortStatus, UsbPrinterInterface } from './usb-printer-class.js';
import { withDeadline } from '../io-deadline.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { SILENT_LOGGER, type HardwareLogger } from '../hardware-logger.js';

/** Result of an IN transfer (WebUSB `USBInTransferResult`). */
export interface UsbInResult {
  readonly data?: DataView | undefined;
  readonly status?: 'ok' | 'stall' | 'babble' | undefined;
}

/** Result of an OUT transfer (WebUSB `USBOutTransferResult`). */
export interface UsbOutResult {
  readonly bytesWritten: number;
  readonly status?: 'ok' | 'stall' | undefined;
}

/**
 * The slice of a WebUSB `USBDevice` (as `usb` v3 implements it) that the transport uses. The trailing
 * `timeoutMs` arguments are `usb` v3's extension to WebUSB (its default is 1 000 ms).
 */
export interface WebUsbDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber?: string | null | undefined;
  readonly manufacturerName?: string | null | undefined;
  readonly productName?: string | null | undefined;
  /** `usb` v3 only: bus and address, used to tell two identical printers apart. */
  readonly bus?: string | undefined;
  readonly address?: number | undefined;
  readonly opened: boolean;
  readonly configuration?: UsbConfigurationDescriptor | null | undefined;
  readonly configurations: readonly UsbConfigurationDescriptor[];
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(configurationValue: number): Promise<void>;
  claimInterface(interfaceNumber: number): Promise<void>;
  releaseInterface(interfaceNumber: number): Promise<void>;
  selectAlternateInterface(interfaceNumber: number, alternateSetting: number): Promise<void>;
  controlTransferIn(setup: UsbControlSetup, length: number, timeoutMs?: number): Promise<UsbInResult>;
  controlTransferOut(setup: UsbControlSetup, data?: Uint8Array, timeoutMs?: number): Promise<UsbOutResult>;
  transferIn(endpointNumber: number, length: number, timeoutMs?: number): Promise<UsbInResult>;
  transferOut(endpointNumber: number, data: Uint8Array, timeoutMs?: number): Promise<UsbOutResult>;
  clearHalt(direction: 'in' | 'out', endpointNumber: number): Promise<void>;
  /** Linux, `usb` v3: usblp must let go of the interface before we can claim it (§5.1). */
  detachKernelDriver?(interfaceNumber: number): Promise<void>;
  attachKernelDriver?(interfaceNumber: number): Promise<void>;
}

export interface WebUsbConnectionEventLike {
  readonly device: WebUsbDeviceLike;
}

/** The slice of WebUSB's `USB` object (`new WebUSB(...)` in `usb` v3) that the transport uses. */
export interface WebUsbLike {
  getDevices(): Promise<readonly WebUsbDeviceLike[]>;
  addEventListener(type: 'connect' | 'disconnect', listener: (event: WebUsbConnectionEventLike) => void): void;
  removeEventListener(type: 'connect' | 'disconnect', listener: (event: WebUsbConnectionEventLike) => void): void;
}

export interface UsbTransportOptions {
  readonly vendorId: number;
  readonly productId: number;
  /** Only a device with this serial number; absent = the first device with the VID/PID. */
  readonly serial?: string;
  /** Only this printer interface; absent = usblp's preference (§5.1). */
  readonly interfaceNumber?: number;
  /** The WebUSB host. Default: `new WebUSB({ allowAllDevices: true })` from `usb`, loaded on first open. */
  readonly usb?: WebUsbLike;
  /** Bytes per `transferOut` (§5.4 suggests 16–64 KiB). Default 16 384. */
  readonly chunkBytes?: number;
  /** Bytes asked for per `transferIn`. Default 1 024 (usblp's read buffer, a multiple of every packet size). */
  readonly readChunkBytes?: number;
  /** Longest single `transferIn` while waiting for a reply; reads loop until data or the deadline. Default 500 ms. */
  readonly readPollMs?: number;
  /** Pause after an empty IN transfer before asking again. Default 10 ms. */
  readonly idlePollMs?: number;
  /** Timeout for class requests (usblp uses 5 s, §5.1). Default 5 000 ms. */
  readonly controlTimeoutMs?: number;
  readonly openTimeoutMs?: number;
  /** Default 30 000 ms. */
  readonly readTimeoutMs?: number;
  /** Default 60 000 ms for a whole `write()` (a full YMCKO bitmap is several MiB). */
  readonly writeTimeoutMs?: number;
  /** Module logger (e.g. a pino child); logs states and byte counts only. */
  readonly logger?: HardwareLogger;
}

type Attachment = { readonly device: WebUsbDeviceLike; readonly printer: UsbPrinterInterface; readonly detachedKernelDriver: boolean };

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

/**
 * How `usb` v3 words an expired per-transfer timeout is not documented; nusb cancels the transfer, so a
 * "cancelled" we did not ask for is read as a timeout too.
 */
const TIMEOUT_TEXT = /timed? ?out|timeout|cancel/i;

/**
 * A USB printer-class interface over WebUSB (`usb` v3), printer-protocols.md §5.
 *
 * Open finds the device by VID/PID (and serial), selects a configuration if none is set, picks the
 * printer interface (§5.1), detaches usblp, claims the interface and its alternate, and uses its bulk
 * OUT/IN endpoints. Writes go out in `chunkBytes` pieces; reads poll bulk IN until at least one byte
 * arrives.
 *
 * Unplugging is `TransportError('disconnected')` at any moment: a `disconnect` event rejects every
 * transfer in flight at once (even one the OS has not failed yet), and any transfer failure other
 * than a timeout counts as a disconnect, as the Transport contract says. While detached, every call
 * first tries to re-attach (same VID/PID/serial) and rejects with `disconnected` when the device is
 * still missing; a matching `connect` event re-attaches in the background. Our own `close()` →
 * `closed`.
 */
export class UsbTransport implements Transport {
  readonly description: string;
  readonly #options: UsbTransportOptions;
  readonly #log: HardwareLogger;
  #usb: WebUsbLike | undefined;
  #attachment: Attachment | undefined;
  #attaching: Promise<Attachment> | undefined;
  #opened = false;
  #closed = false;
  #closing: Promise<void> | undefined;
  #lastLoss: TransportError | undefined;
  /** Rejecters of every call in flight; a disconnect or close rejects them all at once. */
  readonly #inFlight = new Set<(error: TransportError) => void>();
  readonly #onConnect = (event: WebUsbConnectionEventLike): void => this.#handleConnect(event.device);
  readonly #onDisconnect = (event: WebUsbConnectionEventLike): void => this.#handleDisconnect(event.device);

  constructor(options: UsbTransportOptions) {
    for (const [name, value] of [['vendorId', options.vendorId], ['productId', options.productId]] as const) {
      if (!Number.isInteger(value) || value < 0 || value > 0xffff) throw new TypeError(`UsbTransport: ${name} ${String(value)} is not a 16-bit number.`);
    }
    const chunk = options.chunkBytes ?? 16_384;
    if (!Number.isInteger(chunk) || chunk < 64) throw new TypeError(`UsbTransport: chunkBytes ${String(options.chunkBytes)} must be an integer ≥ 64.`);
    this.#options = options;
    this.#log = options.logger ?? SILENT_LOGGER;
    this.#usb = options.usb;
    const query = [
      ...(options.serial === undefined ? [] : [`serial=${encodeURIComponent(options.serial)}`]),
      ...(options.interfaceNumber === undefined ? [] : [`interface=${options.interfaceNumber}`]),
    ].join('&');
    this.description = `usb://${hex4(options.vendorId)}:${hex4(options.productId)}${query === '' ? '' : `?${query}`}`;
  }

  /** True while the device is attached and its printer interface claimed. */
  get attached(): boolean {
    return this.#attachment !== undefined;
  }

  /** The chosen printer interface, once attached. */
  get printerInterface(): UsbPrinterInterface | undefined {
    return this.#attachment?.printer;
  }

  async open(options?: IoOptions): Promise<void> {
    if (this.#closed) throw this.#closedError('Open');
    if (this.#opened) throw new TransportError('open-failed', this.description, `${this.description} is already open.`);
    const usb = await this.#host();
    await withDeadline(this.description, 'Opening', { signal: options?.signal, timeoutMs: options?.timeoutMs ?? this.#options.openTimeoutMs ?? 10_000 }, async () => {
      const attachment = await this.#attach('open-failed');
      if (this.#closed) throw this.#closedError('Open');
      // Listen only once a device was found: `usb` v3 starts native hot-plug watching on the first
      // listener, which throws asynchronously on machines without a USB bus.
      usb.addEventListener('connect', this.#onConnect);
      usb.addEventListener('disconnect', this.#onDisconnect);
      return attachment;
    });
    this.#opened = true;
    if (this.#closed) {
      await this.close();
      throw this.#closedError('Open');
    }
  }

  /** Sends `data` in `chunkBytes` transfers; resolves when the last one is acknowledged by the device. */
  write(data: Uint8Array, options?: IoOptions): Promise<void> {
    return this.#io('Write', options, this.#options.writeTimeoutMs ?? 60_000, async (attachment, deadline, isAbandoned) => {
      const chunkBytes = this.#options.chunkBytes ?? 16_384;
      for (let offset = 0; offset < data.length; ) {
        // After an abort or timeout the caller has moved on; the rest of the job must not trickle out.
        if (isAbandoned()) throw this.#closedError('Write');
        const chunk = data.subarray(offset, offset + chunkBytes);
        const result = await this.#transfer(attachment, 'Write', deadline, (timeoutMs) =>
          attachment.device.transferOut(attachment.printer.bulkOut.endpointNumber, chunk, timeoutMs),
        );
        if (result.status === 'stall') {
          // A stalled OUT pipe means the printer refuses data; clear it once so a reset printer can go on.
          await this.#transfer(attachment, 'Write', deadline, () => attachment.device.clearHalt('out', attachment.printer.bulkOut.endpointNumber));
          const retry = await this.#transfer(attachment, 'Write', deadline, (timeoutMs) =>
            attachment.device.transferOut(attachment.printer.bulkOut.endpointNumber, chunk, timeoutMs),
          );
          if (retry.status === 'stall') throw this.#lose(attachment, 'the bulk OUT endpoint stalled twice');
          offset += retry.bytesWritten;
        } else {
          offset += result.bytesWritten;
        }
        this.#log.debug({ transport: this.description, bytes: offset, of: data.length }, 'sent');
        if (result.bytesWritten === 0 && result.status !== 'stall') throw this.#lose(attachment, 'the device accepted no bytes');
      }
    });
  }

  /** Polls bulk IN until at least one byte arrives (§5.4 flow). Unidirectional interfaces cannot be read. */
  read(options?: IoOptions): Promise<Uint8Array> {
    return this.#io('Read', options, this.#options.readTimeoutMs ?? 30_000, async (attachment, deadline, isAbandoned) => {
      const bulkIn = attachment.printer.bulkIn;
      if (bulkIn === undefined) {
        throw new Error(`${this.description} uses a unidirectional printer interface (protocol 1) and cannot send replies (printer-protocols.md §5.1).`);
      }
      const pollMs = this.#options.readPollMs ?? 500;
      for (;;) {
        if (isAbandoned()) throw this.#closedError('Read');
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new TransportError('timeout', this.description, `Read on ${this.description} timed out.`);
        let result: UsbInResult;
        try {
          result = await this.#transfer(attachment, 'Read', Math.min(deadline, Date.now() + pollMs), (timeoutMs) =>
            attachment.device.transferIn(bulkIn.endpointNumber, this.#options.readChunkBytes ?? 1024, timeoutMs),
          );
        } catch (error) {
          // One poll running out is normal while the printer has nothing to say.
          if (error instanceof TransportError && error.code === 'timeout') continue;
          throw error;
        }
        if (result.status === 'stall') {
          await this.#transfer(attachment, 'Read', deadline, () => attachment.device.clearHalt('in', bulkIn.endpointNumber));
          continue;
        }
        const view = result.data;
        if (view !== undefined && view.byteLength > 0) return Uint8Array.from(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
        await sleep(Math.min(this.#options.idlePollMs ?? 10, Math.max(0, deadline - Date.now())));
      }
    });
  }

  /**
   * GET_DEVICE_ID (§5.2) on the claimed interface, parsed. When the printer sends no plausible ID, the
   * USB string descriptors stand in (as PAPPL does) with `raw` left empty.
   */
  readDeviceId(options?: IoOptions): Promise<UsbDeviceId> {
    return this.#io('GET_DEVICE_ID', options, this.#options.controlTimeoutMs ?? 5_000, async (attachment, deadline) => {
      const setup = getDeviceIdSetup(attachment.printer.interfaceNumber, attachment.printer.alternateSetting, 0);
      const result = await this.#transfer(attachment, 'GET_DEVICE_ID', deadline, (timeoutMs) =>
        attachment.device.controlTransferIn(setup, DEVICE_ID_BUFFER_BYTES, timeoutMs),
      );
      const view = result.status === 'stall' ? undefined : result.data;
      const parsed = view === undefined ? parseDeviceIdString('') : parseDeviceIdReply(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
      if (parsed.raw !== '') return parsed;
      const { manufacturerName, productName, serialNumber } = attachment.device;
      return {
        ...parsed,
        ...(manufacturerName ? { manufacturer: manufacturerName } : {}),
        ...(productName ? { model: productName } : {}),
        ...(serialNumber ? { serial: serialNumber } : {}),
      };
    });
  }

  /** GET_PORT_STATUS (§5.2), decoded. */
  portStatus(options?: IoOptions): Promise<UsbPortStatus> {
    return this.#io('GET_PORT_STATUS', options, this.#options.controlTimeoutMs ?? 5_000, async (attachment, deadline) => {
      const setup = getPortStatusSetup(attachment.printer.interfaceNumber);
      const result = await this.#transfer(attachment, 'GET_PORT_STATUS', deadline, (timeoutMs) => attachment.device.controlTransferIn(setup, 1, timeoutMs));
      const view = result.data;
      if (result.status === 'stall' || view === undefined || view.byteLength < 1) {
        throw this.#lose(attachment, 'GET_PORT_STATUS returned no status byte');
      }
      return decodePortStatus(view.getUint8(0));
    });
  }

  /**
   * SOFT_RESET (§5.2): flushes the printer's buffers and clears stalls without re-enumerating. Sent with
   * recipient "other" (23) as usblp and CUPS do, retried with recipient interface (21) if that fails.
   */
  softReset(options?: IoOptions): Promise<void> {
    return this.#io('SOFT_RESET', options, this.#options.controlTimeoutMs ?? 5_000, async (attachment, deadline) => {
      const [other, iface] = softResetSetups(attachment.printer.interfaceNumber);
      try {
        const result = await this.#transfer(attachment, 'SOFT_RESET', deadline, (timeoutMs) => attachment.device.controlTransferOut(other, undefined, timeoutMs));
        if (result.status !== 'stall') return;
      } catch (error) {
        if (error instanceof TransportError && error.code !== 'disconnected') throw error;
        if (!this.#isCurrent(attachment)) throw error;
        // The device is still attached, so the failure was the request, not the cable: try CUPS' form.
      }
      const retry = await this.#transfer(attachment, 'SOFT_RESET', deadline, (timeoutMs) => attachment.device.controlTransferOut(iface, undefined, timeoutMs));
      if (retry.status === 'stall') throw this.#lose(attachment, 'SOFT_RESET was refused in both forms');
    });
  }

  /** Releases the interface, gives it back to usblp where we took it, and closes the device. Never rejects. */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#closed = true;
    const error = this.#closedError('The operation');
    for (const reject of [...this.#inFlight]) reject(error);
    this.#inFlight.clear();
    this.#usb?.removeEventListener('connect', this.#onConnect);
    this.#usb?.removeEventListener('disconnect', this.#onDisconnect);
    const attachment = this.#attachment;
    this.#attachment = undefined;
    this.#closing = attachment === undefined ? Promise.resolve() : this.#release(attachment);
    return this.#closing;
  }

  async #host(): Promise<WebUsbLike> {
    if (this.#usb !== undefined) return this.#usb;
    try {
      const { WebUSB } = await import('usb');
      // `usb` v3's typings lean on the DOM WebUSB types, which this project does not load; the runtime
      // object has exactly the shape of WebUsbLike.
      this.#usb = new WebUSB({ allowAllDevices: true }) as unknown as WebUsbLike;
      return this.#usb;
    } catch (error) {
      throw new TransportError('open-failed', this.description, `Could not load the usb library for ${this.description}: ${String(error)}.`, { cause: error });
    }
  }

  #matches(device: WebUsbDeviceLike): boolean {
    if (device.vendorId !== this.#options.vendorId || device.productId !== this.#options.productId) return false;
    return this.#options.serial === undefined || device.serialNumber === this.#options.serial;
  }

  /** Finds, opens and claims the device; failures carry `failCode`. One attach at a time. */
  #attach(failCode: 'open-failed' | 'disconnected'): Promise<Attachment> {
    if (this.#attachment !== undefined) return Promise.resolve(this.#attachment);
    if (this.#attaching !== undefined) return this.#attaching;
    const attempt = (async (): Promise<Attachment> => {
      const usb = await this.#host();
      let devices: readonly WebUsbDeviceLike[];
      try {
        devices = await usb.getDevices();
      } catch (error) {
        throw new TransportError(failCode, this.description, `Could not list USB devices for ${this.description}: ${errorText(error)}.`, { cause: error });
      }
      const device = devices.find((candidate) => this.#matches(candidate));
      if (device === undefined) {
        throw new TransportError(failCode, this.description, `No USB device matching ${this.description} is connected.`);
      }
      return await this.#claim(device, failCode);
    })();
    this.#attaching = attempt;
    const settle = (): void => {
      if (this.#attaching === attempt) this.#attaching = undefined;
    };
    attempt.then(settle, settle);
    return attempt;
  }

  async #claim(device: WebUsbDeviceLike, failCode: 'open-failed' | 'disconnected'): Promise<Attachment> {
    let step = 'open the device';
    let detachedKernelDriver = false;
    try {
      if (!device.opened) await device.open();
      step = 'select a configuration';
      let configuration = device.configuration ?? undefined;
      if (configuration === undefined) {
        const first = device.configurations[0];
        if (first === undefined) throw new Error('the device has no configurations');
        await device.selectConfiguration(first.configurationValue);
        configuration = device.configuration ?? first;
      }
      const printer = selectPrinterInterface(configuration, this.#options.interfaceNumber);
      if (printer === undefined) {
        throw new TransportError('open-failed', this.description, `${this.description} has no usable printer-class interface${this.#options.interfaceNumber === undefined ? '' : ` numbered ${this.#options.interfaceNumber}`} (class 7, subclass 1, protocol 1/2/3 with bulk endpoints, printer-protocols.md §5.1).`);
      }
      step = `claim interface ${printer.interfaceNumber}`;
      if (device.detachKernelDriver !== undefined) {
        try {
          await device.detachKernelDriver(printer.interfaceNumber);
          detachedKernelDriver = true;
        } catch {
          // "no kernel driver attached" is the usual reason, and harmless; a real conflict shows at claim.
        }
      }
      await device.claimInterface(printer.interfaceNumber);
      if (printer.alternateSetting !== 0) {
        step = `select alternate ${printer.alternateSetting}`;
        await device.selectAlternateInterface(printer.interfaceNumber, printer.alternateSetting);
      }
      if (this.#closed) {
        await this.#release({ device, printer, detachedKernelDriver });
        throw this.#closedError('Open');
      }
      const attachment: Attachment = { device, printer, detachedKernelDriver };
      this.#log.debug({ transport: this.description, interfaceNumber: printer.interfaceNumber, alternateSetting: printer.alternateSetting, protocol: printer.protocol }, 'attached');
      this.#attachment = attachment;
      this.#lastLoss = undefined;
      return attachment;
    } catch (error) {
      if (error instanceof TransportError) throw error;
      await device.close().catch(() => {});
      throw new TransportError(failCode, this.description, `Could not ${step} on ${this.description}: ${errorText(error)}.`, { cause: error });
    }
  }

  async #release(attachment: Attachment): Promise<void> {
    const { device, printer } = attachment;
    await device.releaseInterface(printer.interfaceNumber).catch(() => {});
    if (attachment.detachedKernelDriver && device.attachKernelDriver !== undefined) {
      await device.attachKernelDriver(printer.interfaceNumber).catch(() => {});
    }
    await device.close().catch(() => {});
  }

  #isCurrent(attachment: Attachment): boolean {
    return this.#attachment === attachment;
  }

  /** Marks the device gone, fails everything in flight, and returns the error for the caller to throw. */
  #lose(attachment: Attachment, reason: string, cause?: unknown): TransportError {
    const error = new TransportError('disconnected', this.description, `Lost ${this.description}: ${reason}.`, { cause });
    if (this.#attachment === attachment) {
      this.#log.warn({ transport: this.description, reason }, 'disconnected');
      this.#attachment = undefined;
      this.#lastLoss = error;
      for (const reject of [...this.#inFlight]) reject(error);
      this.#inFlight.clear();
      // The handle is dead or suspect; drop it so re-attach starts clean.
      void this.#release(attachment);
    }
    return error;
  }

  #handleDisconnect(device: WebUsbDeviceLike): void {
    const attachment = this.#attachment;
    if (attachment === undefined) return;
    const same =
      device === attachment.device ||
      (device.bus !== undefined && device.address !== undefined
        ? device.bus === attachment.device.bus && device.address === attachment.device.address
        : this.#matches(device) && device.serialNumber === attachment.device.serialNumber);
    if (same) this.#lose(attachment, 'the device was unplugged');
  }

  #handleConnect(device: WebUsbDeviceLike): void {
    if (this.#closed || this.#attachment !== undefined || this.#attaching !== undefined || !this.#matches(device)) return;
    const attempt = this.#claim(device, 'disconnected');
    this.#attaching = attempt;
    const settle = (): void => {
      if (this.#attaching === attempt) this.#attaching = undefined;
    };
    // A failed background re-attach is retried by the next call.
    attempt.then(settle, settle);
  }

  /** Common frame of every call: closed check, (re-)attach, deadline, abort, and rejection on loss. */
  #io<T>(
    what: string,
    options: IoOptions | undefined,
    defaultTimeoutMs: number,
    body: (attachment: Attachment, deadline: number, isAbandoned: () => boolean) => Promise<T>,
  ): Promise<T> {
    if (this.#closed) return Promise.reject(this.#closedError(what));
    if (!this.#opened) return Promise.reject(new TransportError('closed', this.description, `${what} failed: ${this.description} is not open (call open() first).`));
    const timeoutMs = options?.timeoutMs ?? defaultTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    let rejectOnLoss: (error: TransportError) => void = () => {};
    const lost = new Promise<never>((_, reject) => {
      rejectOnLoss = reject;
    });
    this.#inFlight.add(rejectOnLoss);
    let abandoned = false;
    const run = async (): Promise<T> => {
      let attachment = this.#attachment;
      if (attachment === undefined) {
        try {
          attachment = await this.#attach('disconnected');
        } catch (error) {
          throw this.#lastLoss !== undefined && error instanceof TransportError && error.code === 'disconnected'
            ? new TransportError('disconnected', this.description, `${error.message} (${this.#lastLoss.message})`, { cause: error })
            : error;
        }
      }
      return await body(attachment, deadline, () => abandoned);
    };
    return withDeadline(this.description, what, { signal: options?.signal, timeoutMs }, () => Promise.race([run(), lost])).finally(() => {
      // Stops a read loop whose caller has given up (abort, timeout, loss), so it cannot race the next read.
      abandoned = true;
      this.#inFlight.delete(rejectOnLoss);
    });
  }

  /** One native transfer with the time left; failures become `timeout` or `disconnected`. */
  async #transfer<T>(attachment: Attachment, what: string, deadline: number, call: (timeoutMs: number) => Promise<T>): Promise<T> {
    const timeoutMs = Math.max(1, deadline - Date.now());
    const started = Date.now();
    if (!this.#isCurrent(attachment)) throw this.#lastLoss ?? this.#closedError(what);
    try {
      return await call(timeoutMs);
    } catch (error) {
      if (this.#closed) throw this.#closedError(what);
      if (!this.#isCurrent(attachment)) throw this.#lastLoss ?? this.#lose(attachment, errorText(error), error);
      // `usb` v3 reports its own per-transfer timeout as an error; anything else means the device is gone
      // or broken, which the Transport contract calls a disconnect.
      // 0.9: timers may fire a little early, and a transfer that ran its full course timed out.
      if (TIMEOUT_TEXT.test(errorText(error)) || Date.now() - started >= timeoutMs * 0.9) {
        throw new TransportError('timeout', this.description, `${what} on ${this.description} timed out after ${timeoutMs} ms.`, { cause: error });
      }
      throw this.#lose(attachment, `${what} failed: ${errorText(error)}`, error);
    }
  }

  #closedError(what: string): TransportError {
    return new TransportError('closed', this.description, `${what} failed: ${this.description} was closed.`);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

