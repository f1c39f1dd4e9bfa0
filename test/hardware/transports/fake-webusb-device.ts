/**
 * A recorded fake of a WebUSB printer (the `WebUsbDeviceLike` slice the USB transport uses) and of the
 * WebUSB host (`WebUsbLike`). It is the far side of the cable, not a mock of the transport: it keeps
 * every call with its arguments, collects what was written to bulk OUT, answers bulk IN from a reply
 * queue or a `respond` hook, answers the printer-class control requests, and can be unplugged at any
 * moment, including in the middle of a transfer.
 *
 * Reusable by driver tests: `new FakeWebUsb([new FakeWebUsbDevice({ respond })])` gives a host to pass
 * as `UsbTransport`'s `usb` option.
 */
import type {
  UsbInResult,
  UsbOutResult,
  WebUsbConnectionEventLike,
  WebUsbDeviceLike,
  WebUsbLike,
} from '../../../hardware/transports/usb-transport.js';
import type { UsbConfigurationDescriptor, UsbControlSetup } from '../../../hardware/transports/usb-printer-class.js';

export interface FakeUsbCall {
  readonly method: string;
  readonly args: readonly unknown[];
}

export interface FakeWebUsbDeviceOptions {
  readonly vendorId?: number;
  readonly productId?: number;
  readonly serialNumber?: string | null;
  readonly manufacturerName?: string | null;
  readonly productName?: string | null;
  /** Default: one configuration, interface 0 alternate 0, printer class protocol 2, bulk OUT 1, bulk IN 2. */
  readonly configurations?: readonly UsbConfigurationDescriptor[];
  /** Whether the device starts configured (WebUSB `configuration` non-null). Default true. */
  readonly configured?: boolean;
  /** IEEE-1284 ID sent for GET_DEVICE_ID with a big-endian length prefix; or raw reply bytes. */
  readonly deviceId?: string | Uint8Array;
  /** GET_PORT_STATUS byte. Default 0x18 (selected, no error). */
  readonly portStatus?: number;
  /** Called with each bulk OUT chunk; bytes it returns are queued for bulk IN (a scripted printer). */
  readonly respond?: (chunk: Uint8Array) => Uint8Array | undefined;
  /** Rejects SOFT_RESET sent with this recipient by stalling, to exercise the CUPS retry. */
  readonly stallSoftResetRecipient?: UsbControlSetup['recipient'];
}

/** The default descriptor: a bidirectional printer interface 0 with bulk OUT 1 and bulk IN 2. */
export function printerConfiguration(overrides?: { protocol?: number; interfaceNumber?: number }): UsbConfigurationDescriptor {
  return {
    configurationValue: 1,
    interfaces: [
      {
        interfaceNumber: overrides?.interfaceNumber ?? 0,
        alternates: [
          {
            alternateSetting: 0,
            interfaceClass: 7,
            interfaceSubclass: 1,
            interfaceProtocol: overrides?.protocol ?? 2,
            endpoints: [
              { endpointNumber: 1, direction: 'out', type: 'bulk', packetSize: 512 },
              { endpointNumber: 2, direction: 'in', type: 'bulk', packetSize: 512 },
            ],
          },
        ],
      },
    ],
  };
}

interface Pending {
  readonly reject: (error: Error) => void;
}

/** The error `usb` v3 (nusb) raises for a transfer on a device that went away. */
export function deviceGoneError(): Error {
  return Object.assign(new Error('device disconnected'), { code: 'GenericFailure' });
}

export class FakeWebUsbDevice implements WebUsbDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber: string | null;
  readonly manufacturerName: string | null;
  readonly productName: string | null;
  readonly configurations: readonly UsbConfigurationDescriptor[];
  /** Every call, in order, with its arguments (data arguments copied). */
  readonly calls: FakeUsbCall[] = [];
  /** Bulk OUT chunks as received. */
  readonly written: Uint8Array[] = [];
  /** Host that owns this device; set by FakeWebUsb.plug. */
  host: FakeWebUsb | undefined;
  #options: FakeWebUsbDeviceOptions;
  #opened = false;
  #configuration: UsbConfigurationDescriptor | null;
  #claimed = new Set<number>();
  #replies: Uint8Array[] = [];
  #plugged = true;
  #pending = new Set<Pending>();
  #inWaiters: Array<() => void> = [];
  #holdWrites = false;
  #heldWrites: Array<() => void> = [];
  #unplugAfterBytes: number | undefined;

  constructor(options: FakeWebUsbDeviceOptions = {}) {
    this.#options = options;
    this.vendorId = options.vendorId ?? 0x0f49;
    this.productId = options.productId ?? 0x0a00;
    this.serialNumber = options.serialNumber === undefined ? 'FAKE0001' : options.serialNumber;
    this.manufacturerName = options.manufacturerName === undefined ? 'Evolis' : options.manufacturerName;
    this.productName = options.productName === undefined ? 'Fake Primacy' : options.productName;
    this.configurations = options.configurations ?? [printerConfiguration()];
    this.#configuration = options.configured === false ? null : (this.configurations[0] ?? null);
  }

  get opened(): boolean {
    return this.#opened;
  }

  get configuration(): UsbConfigurationDescriptor | null {
    return this.#configuration;
  }

  get plugged(): boolean {
    return this.#plugged;
  }

  get claimedInterfaces(): readonly number[] {
    return [...this.#claimed];
  }

  /** All bulk OUT bytes so far, concatenated. */
  writtenBytes(): Uint8Array {
    const total = this.written.reduce((sum, chunk) => sum + chunk.length, 0);
    const out = new Uint8Array(total);
    let offset = 0;
    for (const chunk of this.written) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  callsOf(method: string): FakeUsbCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Queues bytes for the next bulk IN transfer. */
  queueReply(bytes: Uint8Array): void {
    this.#replies.push(Uint8Array.from(bytes));
    for (const wake of this.#inWaiters.splice(0)) wake();
  }

  /** While held, bulk OUT transfers hang (a busy printer) until `releaseWrites()` or an unplug. */
  holdWrites(hold = true): void {
    this.#holdWrites = hold;
    if (!hold) for (const release of this.#heldWrites.splice(0)) release();
  }

  /** Unplugs the device once this many bulk OUT bytes have been accepted (mid-transfer when it falls inside a chunk). */
  unplugAfterBytes(byteCount: number): void {
    this.#unplugAfterBytes = byteCount;
  }

  /**
   * Pulls the cable: every transfer in flight and every later call rejects as `usb` v3 does, and the
   * host (if any) fires `disconnect`. `eventFirst` fires the event before failing transfers (the OS
   * may do either).
   */
  unplug(options?: { eventFirst?: boolean; silent?: boolean }): void {
    if (!this.#plugged) return;
    this.#plugged = false;
    this.#opened = false;
    this.#claimed.clear();
    const failTransfers = (): void => {
      for (const pending of [...this.#pending]) pending.reject(deviceGoneError());
      this.#pending.clear();
    };
    if (options?.eventFirst === true) {
      if (options.silent !== true) this.host?.emitDisconnect(this);
      failTransfers();
    } else {
      failTransfers();
      if (options?.silent !== true) this.host?.emitDisconnect(this);
    }
  }

  /** Plugs the same device back in (fresh state, no claimed interfaces). */
  replug(): void {
    this.#plugged = true;
    this.#unplugAfterBytes = undefined;
    this.host?.emitConnect(this);
  }

  #record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args: args.map((arg) => (arg instanceof Uint8Array ? Uint8Array.from(arg) : arg)) });
  }

  #alive(): void {
    if (!this.#plugged) throw deviceGoneError();
  }

  /** Runs `body` so an unplug while it waits rejects it. */
  #track<T>(body: (pending: Pending) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const pending: Pending = { reject };
      this.#pending.add(pending);
      body(pending).then(
        (value) => {
          if (this.#pending.delete(pending)) resolve(value);
        },
        (error: unknown) => {
          if (this.#pending.delete(pending)) reject(error);
        },
      );
    });
  }

  async open(): Promise<void> {
    this.#record('open');
    this.#alive();
    this.#opened = true;
  }

  async close(): Promise<void> {
    this.#record('close');
    this.#opened = false;
    this.#claimed.clear();
  }

  async selectConfiguration(configurationValue: number): Promise<void> {
    this.#record('selectConfiguration', configurationValue);
    this.#alive();
    const found = this.configurations.find((c) => c.configurationValue === configurationValue);
    if (found === undefined) throw new Error('invalid configuration');
    this.#configuration = found;
  }

  async claimInterface(interfaceNumber: number): Promise<void> {
    this.#record('claimInterface', interfaceNumber);
    this.#alive();
    if (!this.#opened) throw new Error('device not open');
    this.#claimed.add(interfaceNumber);
  }

  async releaseInterface(interfaceNumber: number): Promise<void> {
    this.#record('releaseInterface', interfaceNumber);
    this.#alive();
    this.#claimed.delete(interfaceNumber);
  }

  async selectAlternateInterface(interfaceNumber: number, alternateSetting: number): Promise<void> {
    this.#record('selectAlternateInterface', interfaceNumber, alternateSetting);
    this.#alive();
  }

  async detachKernelDriver(interfaceNumber: number): Promise<void> {
    this.#record('detachKernelDriver', interfaceNumber);
    this.#alive();
    // As on a machine where usblp is not bound.
    throw new Error('no kernel driver attached');
  }

  async attachKernelDriver(interfaceNumber: number): Promise<void> {
    this.#record('attachKernelDriver', interfaceNumber);
  }

  async clearHalt(direction: 'in' | 'out', endpointNumber: number): Promise<void> {
    this.#record('clearHalt', direction, endpointNumber);
    this.#alive();
  }

  async controlTransferIn(setup: UsbControlSetup, length: number, timeoutMs?: number): Promise<UsbInResult> {
    this.#record('controlTransferIn', { ...setup }, length, timeoutMs);
    this.#alive();
    if (setup.requestType === 'class' && setup.request === 0) {
      const id = this.#options.deviceId ?? 'MFG:Evolis;MDL:Fake Primacy;CMD:EVOLIS;';
      return { status: 'ok', data: view((typeof id === 'string' ? withLengthPrefix(id) : id).subarray(0, length)) };
    }
    if (setup.requestType === 'class' && setup.request === 1) {
      return { status: 'ok', data: view(Uint8Array.of(this.#options.portStatus ?? 0x18)) };
    }
    return { status: 'stall' };
  }

  async controlTransferOut(setup: UsbControlSetup, data?: Uint8Array, timeoutMs?: number): Promise<UsbOutResult> {
    this.#record('controlTransferOut', { ...setup }, data, timeoutMs);
    this.#alive();
    if (setup.request === 2 && setup.recipient === this.#options.stallSoftResetRecipient) return { status: 'stall', bytesWritten: 0 };
    if (setup.request === 2) this.#replies = [];
    return { status: 'ok', bytesWritten: data?.length ?? 0 };
  }

  transferOut(endpointNumber: number, data: Uint8Array, timeoutMs?: number): Promise<UsbOutResult> {
    this.#record('transferOut', endpointNumber, data, timeoutMs);
    if (!this.#plugged) return Promise.reject(deviceGoneError());
    return this.#track(async () => {
      if (this.#holdWrites) await new Promise<void>((resolve) => this.#heldWrites.push(resolve));
      const already = this.written.reduce((sum, chunk) => sum + chunk.length, 0);
      if (this.#unplugAfterBytes !== undefined && already + data.length > this.#unplugAfterBytes) {
        // Part of this chunk gets through, then the cable goes: the transfer never completes normally.
        const accepted = Math.max(0, this.#unplugAfterBytes - already);
        if (accepted > 0) this.written.push(Uint8Array.from(data.subarray(0, accepted)));
        await new Promise<void>((resolve) => setTimeout(resolve, 1));
        this.unplug();
        return new Promise<UsbOutResult>(() => {});
      }
      const copy = Uint8Array.from(data);
      this.written.push(copy);
      const reply = this.#options.respond?.(copy);
      if (reply !== undefined && reply.length > 0) this.queueReply(reply);
      return { status: 'ok', bytesWritten: data.length };
    });
  }

  transferIn(endpointNumber: number, length: number, timeoutMs?: number): Promise<UsbInResult> {
    this.#record('transferIn', endpointNumber, length, timeoutMs);
    if (!this.#plugged) return Promise.reject(deviceGoneError());
    return this.#track(async () => {
      if (this.#replies.length === 0) {
        // Like the real library: wait up to the transfer timeout, then fail with a timeout error.
        const arrived = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), timeoutMs ?? 1000);
          this.#inWaiters.push(() => {
            clearTimeout(timer);
            resolve(true);
          });
        });
        if (!arrived) throw new Error('transfer timed out');
      }
      const next = this.#replies.shift() ?? new Uint8Array(0);
      const taken = next.subarray(0, length);
      if (next.length > length) this.#replies.unshift(next.subarray(length));
      return { status: 'ok', data: view(taken) };
    });
  }
}

/** A WebUSB host holding fake devices; fires `connect` / `disconnect` like `usb` v3's `WebUSB`. */
export class FakeWebUsb implements WebUsbLike {
  readonly #devices = new Set<FakeWebUsbDevice>();
  readonly #listeners = { connect: new Set<(event: WebUsbConnectionEventLike) => void>(), disconnect: new Set<(event: WebUsbConnectionEventLike) => void>() };
  getDevicesCalls = 0;

  constructor(devices: readonly FakeWebUsbDevice[] = []) {
    for (const device of devices) this.plug(device);
  }

  plug(device: FakeWebUsbDevice): void {
    device.host = this;
    this.#devices.add(device);
  }

  get listenerCount(): number {
    return this.#listeners.connect.size + this.#listeners.disconnect.size;
  }

  async getDevices(): Promise<readonly WebUsbDeviceLike[]> {
    this.getDevicesCalls += 1;
    return [...this.#devices].filter((device) => device.plugged);
  }

  addEventListener(type: 'connect' | 'disconnect', listener: (event: WebUsbConnectionEventLike) => void): void {
    this.#listeners[type].add(listener);
  }

  removeEventListener(type: 'connect' | 'disconnect', listener: (event: WebUsbConnectionEventLike) => void): void {
    this.#listeners[type].delete(listener);
  }

  emitConnect(device: FakeWebUsbDevice): void {
    this.#devices.add(device);
    for (const listener of this.#listeners.connect) listener({ device });
  }

  emitDisconnect(device: FakeWebUsbDevice): void {
    for (const listener of this.#listeners.disconnect) listener({ device });
  }
}

/** GET_DEVICE_ID reply bytes: 2-byte big-endian length counting itself, then the ID (§5.2). */
export function withLengthPrefix(id: string, littleEndian = false): Uint8Array {
  const body = new TextEncoder().encode(id);
  const length = body.length + 2;
  const out = new Uint8Array(length);
  out[0] = littleEndian ? length & 0xff : length >> 8;
  out[1] = littleEndian ? length >> 8 : length & 0xff;
  out.set(body, 2);
  return out;
}

function view(bytes: Uint8Array): DataView {
  const copy = Uint8Array.from(bytes);
  return new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
}
