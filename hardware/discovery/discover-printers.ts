import { DEFAULT_SERIAL_SETTINGS, formatPrinterUri } from '../printer-uri.js';
import { PcscEncoder } from '../smartcard/pcsc-encoder.js';
import type { ReaderInfo } from '../smartcard/card-encoder.js';
import { CARD_PRINTER_VENDORS, hasPrinterInterface } from '../transports/usb-printer-class.js';
import type { UsbConfigurationDescriptor } from '../transports/usb-printer-class.js';
import { parseLpstatDevices, runLpstat } from './cups-queues.js';
import type { RunLpstat } from './cups-queues.js';
import { raceSignal } from '../io-deadline.js';

export const DISCOVERED_KINDS = ['usb', 'serial', 'cups'] as const;
export type DiscoveredKind = (typeof DISCOVERED_KINDS)[number];

export interface DiscoveredPrinter {
  readonly kind: DiscoveredKind;
  /** One line for a person: what it is and how to tell it apart. */
  readonly description: string;
  /** The connection URI to put in the config. */
  readonly uri: string;
  /** For USB: true when the vendor is a known card-printer maker (§5.3). */
  readonly cardPrinter?: boolean;
}

/** A PC/SC smart-card reader (a card encoder), as pcscd lists it. */
export interface DiscoveredReader {
  readonly name: string;
  readonly cardPresent: boolean;
  /** Upper-case hex, when a card is present. */
  readonly atrHex?: string;
  /** For a printer's `encoder` setting in station.json: `pcsc://<reader name>`. */
  readonly uri: string;
}

export interface DiscoveryResult {
  readonly printers: readonly DiscoveredPrinter[];
  readonly readers: readonly DiscoveredReader[];
  /** Plain sentences about what could not be searched (no USB bus, no CUPS …). */
  readonly notes: readonly string[];
}

/** The descriptor fields discovery reads from a USB device (a subset of WebUSB's `USBDevice`). */
export interface UsbDeviceInfo {
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber?: string | null | undefined;
  readonly manufacturerName?: string | null | undefined;
  readonly productName?: string | null | undefined;
  readonly configurations: readonly UsbConfigurationDescriptor[];
}

/** Serial-port metadata as `SerialPort.list()` returns it. */
export interface SerialPortInfo {
  readonly path: string;
  readonly manufacturer?: string | undefined;
  readonly serialNumber?: string | undefined;
  readonly vendorId?: string | undefined;
  readonly productId?: string | undefined;
}

/** Where discovery looks; each defaults to the real machine. Tests feed fakes. */
export interface DiscoverySources {
  readonly usbDevices?: () => Promise<readonly UsbDeviceInfo[]>;
  readonly serialPorts?: () => Promise<readonly SerialPortInfo[]>;
  readonly lpstat?: RunLpstat;
  /** The PC/SC readers; default: pcscd through the smartcard binding. */
  readonly readers?: () => Promise<readonly ReaderInfo[]>;
  /** Longest wait for any one source. Default 5 000 ms. */
  readonly sourceTimeoutMs?: number;
}

const realUsbDevices = async (): Promise<readonly UsbDeviceInfo[]> => {
  const { WebUSB } = await import('usb');
  // The runtime devices carry these descriptor fields; the library's typings lean on DOM types we do not load.
  return (await new WebUSB({ allowAllDevices: true }).getDevices()) as unknown as readonly UsbDeviceInfo[];
};

const realSerialPorts = async (): Promise<readonly SerialPortInfo[]> => {
  const { SerialPort } = await import('serialport');
  return SerialPort.list();
};

/**
 * Used when `SerialPort.list()` fails (on Linux it needs `udevadm`, absent in minimal containers): USB
 * serial adapters by device name. Built-in `ttyS*` are left out because Linux creates them whether or not
 * a UART is behind them.
 */
const serialPortsByName = async (): Promise<readonly SerialPortInfo[]> => {
  const { readdir } = await import('node:fs/promises');
  const names = await readdir('/dev');
  return names
    .filter((name) => /^tty(USB|ACM)[0-9]+$/.test(name))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((name) => ({ path: `/dev/${name}` }));
};

/** `promise`, or a plain error naming `what` after `timeoutMs` (discovery reports it as a line, not a code). */
async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  const raced = await raceSignal(promise, AbortSignal.timeout(timeoutMs));
  if (!raced.ok) throw new Error(`${what} did not answer within ${timeoutMs} ms`);
  return raced.value;
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
}

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

function describeUsb(device: UsbDeviceInfo): DiscoveredPrinter {
  const vendor = CARD_PRINTER_VENDORS.find((known) => known.vendorId === device.vendorId);
  const name = [device.manufacturerName, device.productName].filter((part) => part !== undefined && part !== null && part !== '').join(' ');
  const serial = device.serialNumber ?? undefined;
  const facts = [
    vendor === undefined ? 'USB printer' : `${vendor.name} card printer`,
    `${hex4(device.vendorId)}:${hex4(device.productId)}`,
    ...(serial === undefined || serial === '' ? ['no serial number'] : [`serial ${serial}`]),
  ];
  return {
    kind: 'usb',
    description: `${name === '' ? 'Unnamed device' : name} (${facts.join(', ')})`,
    uri: formatPrinterUri({
      scheme: 'usb',
      vendorId: device.vendorId,
      productId: device.productId,
      ...(serial === undefined || serial === '' ? {} : { serial }),
    }),
    cardPrinter: vendor !== undefined,
  };
}

async function discoverUsb(source: () => Promise<readonly UsbDeviceInfo[]>, timeoutMs: number, notes: string[]): Promise<DiscoveredPrinter[]> {
  let devices: readonly UsbDeviceInfo[];
  try {
    devices = await withTimeout(source(), timeoutMs, 'The USB bus');
  } catch (error) {
    const message = messageOf(error);
    notes.push(/permission|access/i.test(message) ? `no access to the USB bus: ${message}` : `no USB bus found: ${message}`);
    return [];
  }
  const found: DiscoveredPrinter[] = [];
  for (const device of devices) {
    let printerClass: boolean;
    try {
      printerClass = hasPrinterInterface(device.configurations);
    } catch (error) {
      notes.push(`could not read the descriptors of USB device ${hex4(device.vendorId)}:${hex4(device.productId)}: ${messageOf(error)}`);
      continue;
    }
    // §5.3: match on VID plus the printer-class interface, never on the VID alone.
    if (printerClass) found.push(describeUsb(device));
  }
  // Card printers first: they are what this station is for.
  found.sort((a, b) => Number(b.cardPrinter) - Number(a.cardPrinter));
  const seen = new Set<string>();
  for (const printer of found) {
    if (seen.has(printer.uri)) notes.push(`several USB devices answer to ${printer.uri}; only the first will be used unless they report serial numbers`);
    seen.add(printer.uri);
  }
  return found;
}

async function discoverSerial(
  source: () => Promise<readonly SerialPortInfo[]>,
  fallback: (() => Promise<readonly SerialPortInfo[]>) | undefined,
  timeoutMs: number,
  notes: string[],
): Promise<DiscoveredPrinter[]> {
  let ports: readonly SerialPortInfo[];
  try {
    ports = await withTimeout(source(), timeoutMs, 'The serial port list');
  } catch (error) {
    if (fallback === undefined) {
      notes.push(`could not list serial ports: ${messageOf(error)}`);
      return [];
    }
    try {
      ports = await withTimeout(fallback(), timeoutMs, 'The /dev listing');
      notes.push(`serial port details unavailable (${messageOf(error)}); listed /dev/ttyUSB* and /dev/ttyACM* by name only`);
    } catch (fallbackError) {
      notes.push(`could not list serial ports: ${messageOf(error)}; ${messageOf(fallbackError)}`);
      return [];
    }
  }
  return ports.map((port) => {
    const facts = [
      port.manufacturer,
      port.vendorId !== undefined && port.productId !== undefined ? `${port.vendorId}:${port.productId}` : undefined,
      port.serialNumber === undefined ? undefined : `serial ${port.serialNumber}`,
    ].filter((fact): fact is string => fact !== undefined && fact !== '');
    return {
      kind: 'serial' as const,
      description: `Serial port ${port.path}${facts.length === 0 ? '' : ` (${facts.join(', ')})`}`,
      uri: formatPrinterUri({ scheme: 'serial', path: port.path, ...DEFAULT_SERIAL_SETTINGS }),
    };
  });
}

async function discoverCups(source: RunLpstat, timeoutMs: number, notes: string[]): Promise<DiscoveredPrinter[]> {
  let stdout: string;
  try {
    stdout = await withTimeout(source(), timeoutMs, 'lpstat');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    notes.push(code === 'ENOENT' ? 'no CUPS found: lpstat is not installed' : `no CUPS found: ${messageOf(error)}`);
    return [];
  }
  return parseLpstatDevices(stdout).map((queue) => ({
    kind: 'cups' as const,
    description: `CUPS queue ${queue.name}${queue.deviceUri === '' ? '' : ` (${queue.deviceUri})`}`,
    uri: queue.uri,
  }));
}

const realReaders = (): Promise<readonly ReaderInfo[]> => new PcscEncoder().listReaders();

async function discoverReaders(source: () => Promise<readonly ReaderInfo[]>, timeoutMs: number, notes: string[]): Promise<DiscoveredReader[]> {
  let readers: readonly ReaderInfo[];
  try {
    readers = await withTimeout(source(), timeoutMs, 'pcscd');
  } catch (error) {
    notes.push(`no smart-card readers listed: ${messageOf(error)}`);
    return [];
  }
  return readers.map((reader) => ({
    name: reader.name,
    cardPresent: reader.cardPresent,
    ...(reader.atrHex === undefined ? {} : { atrHex: reader.atrHex }),
    uri: `pcsc://${reader.name}`,
  }));
}

/**
 * Lists printers this machine can reach: USB printer-class devices (card-printer vendors of §5.3 first),
 * serial ports (`SerialPort.list()`, falling back to `/dev/ttyUSB*`/`ttyACM*` names when that fails; default
 * 9600 8N1 settings in the URI), and CUPS queues
 * (`lpstat -v`), and the PC/SC smart-card readers pcscd knows (with card presence and ATR). Never rejects: a source that fails (no USB bus, no CUPS) adds a note and the others are
 * still listed. The three sources run in parallel, each bounded by `sourceTimeoutMs`.
 */
export async function discoverPrinters(sources: DiscoverySources = {}): Promise<DiscoveryResult> {
  const timeoutMs = sources.sourceTimeoutMs ?? 5_000;
  const usbNotes: string[] = [];
  const serialNotes: string[] = [];
  const cupsNotes: string[] = [];
  const readerNotes: string[] = [];
  const [usb, serial, cups, readers] = await Promise.all([
    discoverUsb(sources.usbDevices ?? realUsbDevices, timeoutMs, usbNotes),
    discoverSerial(sources.serialPorts ?? realSerialPorts, sources.serialPorts === undefined ? serialPortsByName : undefined, timeoutMs, serialNotes),
    discoverCups(sources.lpstat ?? runLpstat, timeoutMs, cupsNotes),
    discoverReaders(sources.readers ?? realReaders, timeoutMs, readerNotes),
  ]);
  return { printers: [...usb, ...serial, ...cups], readers, notes: [...usbNotes, ...serialNotes, ...cupsNotes, ...readerNotes] };
}
