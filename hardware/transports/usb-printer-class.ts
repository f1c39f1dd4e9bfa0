/**
 * USB printer class (printer-protocols.md §5): interface selection, class requests and the decoding of
 * their replies. Pure functions over descriptor-shaped data; no I/O.
 */

const USB_PRINTER_INTERFACE_CLASS = 0x07;
const USB_PRINTER_INTERFACE_SUBCLASS = 0x01;

/** Preference order from Linux usblp (§5.1): bidirectional first, then unidirectional, then 1284.4. */
const PROTOCOL_PREFERENCE: readonly number[] = [2, 1, 3];

/** The IEEE-1284 device-ID buffer size Linux uses (§5.1, §5.2). */
export const DEVICE_ID_BUFFER_BYTES = 1024;

/** Card-printer vendors from usb.ids (§5.3), matched on VID plus a printer-class interface. */
export const CARD_PRINTER_VENDORS = [
  { vendorId: 0x0f49, name: 'Evolis' },
  { vendorId: 0x09b0, name: 'Fargo (HID)' },
  { vendorId: 0x0a27, name: 'Datacard (Entrust)' },
  { vendorId: 0x0a5f, name: 'Zebra' },
  { vendorId: 0x0c1f, name: 'Magicard' },
] as const;

// Descriptor shapes as WebUSB (and `usb` v3) expose them; only the fields used here.
export interface UsbEndpointDescriptor {
  readonly endpointNumber: number;
  readonly direction: 'in' | 'out';
  readonly type: 'bulk' | 'interrupt' | 'isochronous';
  readonly packetSize: number;
}

export interface UsbAlternateDescriptor {
  readonly alternateSetting: number;
  readonly interfaceClass: number;
  readonly interfaceSubclass: number;
  readonly interfaceProtocol: number;
  readonly endpoints: readonly UsbEndpointDescriptor[];
}

export interface UsbInterfaceDescriptor {
  readonly interfaceNumber: number;
  readonly alternates: readonly UsbAlternateDescriptor[];
}

export interface UsbConfigurationDescriptor {
  readonly configurationValue: number;
  readonly interfaces: readonly UsbInterfaceDescriptor[];
}

/** The printer interface chosen on a device and its bulk endpoints. */
export interface UsbPrinterInterface {
  readonly interfaceNumber: number;
  readonly alternateSetting: number;
  readonly protocol: number;
  readonly bulkOut: UsbEndpointDescriptor;
  /** Absent for unidirectional (protocol 1) interfaces: such a printer cannot reply (§5.1). */
  readonly bulkIn?: UsbEndpointDescriptor;
}

/**
 * Picks the printer-class interface usblp would pick (§5.1): class 7 subclass 1 with a bulk OUT
 * endpoint; protocol 2, then 1, then 3; alternates with protocol > 1 but no bulk IN are ignored. Ties go
 * to the lower interface number, then the lower alternate. `interfaceNumber` restricts the choice to
 * one interface (the `interface=` URI parameter). Returns `undefined` when nothing qualifies.
 */
export function selectPrinterInterface(
  configuration: UsbConfigurationDescriptor,
  interfaceNumber?: number,
): UsbPrinterInterface | undefined {
  let best: { rank: number; found: UsbPrinterInterface } | undefined;
  for (const iface of configuration.interfaces) {
    if (interfaceNumber !== undefined && iface.interfaceNumber !== interfaceNumber) continue;
    for (const alternate of iface.alternates) {
      if (alternate.interfaceClass !== USB_PRINTER_INTERFACE_CLASS || alternate.interfaceSubclass !== USB_PRINTER_INTERFACE_SUBCLASS) continue;
      const preference = PROTOCOL_PREFERENCE.indexOf(alternate.interfaceProtocol);
      if (preference < 0) continue;
      const bulkOut = alternate.endpoints.find((ep) => ep.type === 'bulk' && ep.direction === 'out');
      const bulkIn = alternate.endpoints.find((ep) => ep.type === 'bulk' && ep.direction === 'in');
      if (bulkOut === undefined) continue;
      if (alternate.interfaceProtocol > 1 && bulkIn === undefined) continue;
      const rank = preference * 0x10000 + iface.interfaceNumber * 0x100 + alternate.alternateSetting;
      if (best !== undefined && best.rank <= rank) continue;
      best = {
        rank,
        found: {
          interfaceNumber: iface.interfaceNumber,
          alternateSetting: alternate.alternateSetting,
          protocol: alternate.interfaceProtocol,
          bulkOut,
          // A unidirectional interface may list a bulk IN, but usblp never reads it.
          ...(alternate.interfaceProtocol === 1 || bulkIn === undefined ? {} : { bulkIn }),
        },
      };
    }
  }
  return best?.found;
}

/** True when any alternate of any interface is printer class (class 7, subclass 1). */
export function hasPrinterInterface(configurations: readonly UsbConfigurationDescriptor[]): boolean {
  return configurations.some((configuration) =>
    configuration.interfaces.some((iface) =>
      iface.alternates.some((alt) => alt.interfaceClass === USB_PRINTER_INTERFACE_CLASS && alt.interfaceSubclass === USB_PRINTER_INTERFACE_SUBCLASS),
    ),
  );
}

/** A WebUSB control-transfer setup (`USBControlTransferParameters`). */
export interface UsbControlSetup {
  readonly requestType: 'standard' | 'class' | 'vendor';
  readonly recipient: 'device' | 'interface' | 'endpoint' | 'other';
  readonly request: number;
  readonly value: number;
  readonly index: number;
}

/**
 * GET_DEVICE_ID (§5.2): bmRequestType A1, bRequest 0, wValue = configuration index (0-based; Linux
 * sends 0), wIndex = (interface << 8) | alternate setting. Read with {@link DEVICE_ID_BUFFER_BYTES}.
 */
export function getDeviceIdSetup(interfaceNumber: number, alternateSetting: number, configurationIndex = 0): UsbControlSetup {
  return { requestType: 'class', recipient: 'interface', request: 0, value: configurationIndex, index: ((interfaceNumber & 0xff) << 8) | (alternateSetting & 0xff) };
}

/** GET_PORT_STATUS (§5.2): bmRequestType A1, bRequest 1, wValue 0, wIndex = interface; 1 byte back. */
export function getPortStatusSetup(interfaceNumber: number): UsbControlSetup {
  return { requestType: 'class', recipient: 'interface', request: 1, value: 0, index: interfaceNumber };
}

/**
 * SOFT_RESET (§5.2): bRequest 2, wValue 0, wIndex = interface, no data. The first setup is what usblp and
 * CUPS send (bmRequestType 23, recipient "other"); the second is CUPS' retry with 21 (recipient interface).
 */
export function softResetSetups(interfaceNumber: number): readonly [UsbControlSetup, UsbControlSetup] {
  return [
    { requestType: 'class', recipient: 'other', request: 2, value: 0, index: interfaceNumber },
    { requestType: 'class', recipient: 'interface', request: 2, value: 0, index: interfaceNumber },
  ];
}

/** A parsed IEEE-1284 device ID. Field keys are upper case and trimmed; long forms are folded. */
export interface UsbDeviceId {
  /** The ID string as received (after the length prefix), empty when the printer sent none. */
  readonly raw: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly manufacturer?: string;
  readonly model?: string;
  readonly commandSet?: string;
  readonly description?: string;
  readonly serial?: string;
}

/** Long key forms folded onto the short ones (§5.2: `MANUFACTURER:`, `MODEL:`, `COMMAND SET:`). */
const KEY_ALIASES: Readonly<Record<string, string>> = {
  MANUFACTURER: 'MFG',
  MODEL: 'MDL',
  'COMMAND SET': 'CMD',
  COMMANDSET: 'CMD',
  DESCRIPTION: 'DES',
  'SERIAL NUMBER': 'SN',
  SERIALNUMBER: 'SN',
  SERN: 'SN',
};

/** Device IDs shorter than this (PAPPL's bound: length field plus a minimal `MFG:x;MDL:y;`) are treated as absent. */
const MIN_DEVICE_ID_LENGTH = 14;

/**
 * Extracts the ID string from a GET_DEVICE_ID reply (§5.2): a 2-byte big-endian length that counts
 * itself, falling back to little-endian as PAPPL does when the big-endian value is < 14 or larger than
 * the buffer, and clamped to the bytes actually received. Returns '' when no plausible ID is present.
 */
export function extractDeviceIdString(reply: Uint8Array, bufferBytes = DEVICE_ID_BUFFER_BYTES): string {
  if (reply.length < 2) return '';
  const b0 = reply[0] ?? 0;
  const b1 = reply[1] ?? 0;
  let length = (b0 << 8) | b1;
  if (length < MIN_DEVICE_ID_LENGTH || length > bufferBytes) length = (b1 << 8) | b0;
  length = Math.min(length, bufferBytes, reply.length);
  if (length < MIN_DEVICE_ID_LENGTH) return '';
  let text = latin1(reply.subarray(2, length));
  const nul = text.indexOf('\0');
  if (nul >= 0) text = text.slice(0, nul);
  return text;
}

/** Parses `KEY:value;` pairs (§5.2). Later duplicates of a key are ignored; pieces without `:` are skipped. */
export function parseDeviceIdString(raw: string): UsbDeviceId {
  const fields: Record<string, string> = {};
  for (const piece of raw.split(';')) {
    const colon = piece.indexOf(':');
    if (colon <= 0) continue;
    const rawKey = piece.slice(0, colon).trim().toUpperCase().replace(/\s+/g, ' ');
    const key = KEY_ALIASES[rawKey] ?? rawKey;
    if (key === '' || key in fields) continue;
    fields[key] = piece.slice(colon + 1).trim();
  }
  const pick = (key: string): string | undefined => (fields[key] === undefined || fields[key] === '' ? undefined : fields[key]);
  const manufacturer = pick('MFG');
  const model = pick('MDL');
  const commandSet = pick('CMD');
  const description = pick('DES');
  const serial = pick('SN');
  return {
    raw,
    fields,
    ...(manufacturer === undefined ? {} : { manufacturer }),
    ...(model === undefined ? {} : { model }),
    ...(commandSet === undefined ? {} : { commandSet }),
    ...(description === undefined ? {} : { description }),
    ...(serial === undefined ? {} : { serial }),
  };
}

/** {@link extractDeviceIdString} then {@link parseDeviceIdString}. */
export function parseDeviceIdReply(reply: Uint8Array, bufferBytes = DEVICE_ID_BUFFER_BYTES): UsbDeviceId {
  return parseDeviceIdString(extractDeviceIdString(reply, bufferBytes));
}

/** Decoded GET_PORT_STATUS byte (§5.2). */
export interface UsbPortStatus {
  readonly raw: number;
  /** Bit 08 clear: the printer signals an error (Linux: "on fire"). */
  readonly error: boolean;
  /** Bit 10 set: selected / on-line. */
  readonly selected: boolean;
  /** Bit 20 set. */
  readonly paperEmpty: boolean;
  /** Bit 40 set: PAPPL's vendor extension, not standard. */
  readonly jam: boolean;
  /** Bit 80 set: PAPPL's vendor extension, not standard. */
  readonly coverOpen: boolean;
  /** IPP-style reasons (hardware/types.ts KNOWN_REASONS); `other` when only the error bit explains it. */
  readonly reasons: readonly string[];
}

export function decodePortStatus(byte: number): UsbPortStatus {
  const raw = byte & 0xff;
  const error = (raw & 0x08) === 0;
  const selected = (raw & 0x10) !== 0;
  const paperEmpty = (raw & 0x20) !== 0;
  const jam = (raw & 0x40) !== 0;
  const coverOpen = (raw & 0x80) !== 0;
  const reasons: string[] = [];
  if (paperEmpty) reasons.push('media-empty');
  if (jam) reasons.push('media-jam');
  if (coverOpen) reasons.push('cover-open');
  if (!selected) reasons.push('offline');
  if (error && reasons.length === 0) reasons.push('other');
  return { raw, error, selected, paperEmpty, jam, coverOpen, reasons };
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}
