/**
 * Printer connection URIs, as written in the station config (architecture.md "Printers").
 *
 * One parser for every scheme so a typo is reported the same way everywhere, before anything opens:
 *
 * - `usb://VVVV:PPPP[?serial=…&interface=N]`: vendor/product id in hex (§5.3), optional serial number
 *   and printer-class interface number (§5.1).
 * - `serial:///dev/ttyUSB0[?baud=9600&parity=none&databits=8&stopbits=1&flow=none]` (§1.5).
 * - `tcp://host[:port]`: raw byte socket, port 9100 by default (§1.7 leaves the port to config).
 * - `ipp://host[:port]/path`, `ipps://…`: a CUPS queue or IPP printer, port 631 by default (§6.1).
 * - `sim://model[?key=value…]`: a simulated printer; parameters are passed through as strings.
 *
 * Credentials (`user:pass@`) are refused: URIs end up in logs and on screens.
 */

export const PRINTER_URI_SCHEMES = ['usb', 'serial', 'tcp', 'ipp', 'ipps', 'sim'] as const;

export const SERIAL_PARITIES = ['none', 'even', 'odd'] as const;
export type SerialParity = (typeof SERIAL_PARITIES)[number];

export const SERIAL_DATA_BITS = [5, 6, 7, 8] as const;
export type SerialDataBits = (typeof SERIAL_DATA_BITS)[number];

export const SERIAL_STOP_BITS = [1, 2] as const;
export type SerialStopBits = (typeof SERIAL_STOP_BITS)[number];

/** `xonxoff` = software flow control, `rtscts` = hardware, `both` = both (Evolis `BOTH`, §1.5). */
export const SERIAL_FLOW_CONTROLS = ['none', 'xonxoff', 'rtscts', 'both'] as const;
export type SerialFlowControl = (typeof SERIAL_FLOW_CONTROLS)[number];

/** Speeds the Evolis serial port accepts (§1.5: 2400 … 115200). Other values are refused. */
export const SERIAL_BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400] as const;

const DEFAULT_TCP_PORT = 9100;
export const DEFAULT_IPP_PORT = 631;
/** Serial defaults follow the guide's first example `Pcom;1;9600;N;8;1` (§1.5). */
export const DEFAULT_SERIAL_SETTINGS = {
  baudRate: 9600,
  parity: 'none',
  dataBits: 8,
  stopBits: 1,
  flow: 'none',
} as const satisfies Omit<SerialPrinterUri, 'scheme' | 'path'>;

export interface UsbPrinterUri {
  readonly scheme: 'usb';
  /** 0–0xFFFF. */
  readonly vendorId: number;
  /** 0–0xFFFF. */
  readonly productId: number;
  /** USB serial-number string; absent = first matching device. */
  readonly serial?: string;
  /** Printer-class interface number; absent = pick by §5.1 preference. */
  readonly interfaceNumber?: number;
}

export interface SerialPrinterUri {
  readonly scheme: 'serial';
  /** Device path, e.g. `/dev/ttyUSB0`. */
  readonly path: string;
  readonly baudRate: number;
  readonly parity: SerialParity;
  readonly dataBits: SerialDataBits;
  readonly stopBits: SerialStopBits;
  readonly flow: SerialFlowControl;
}

export interface TcpPrinterUri {
  readonly scheme: 'tcp';
  /** Host name, IPv4 address, or IPv6 address without brackets. */
  readonly host: string;
  readonly port: number;
}

export interface IppPrinterUri {
  readonly scheme: 'ipp' | 'ipps';
  readonly host: string;
  readonly port: number;
  /** Always starts with `/`, e.g. `/printers/fargo1` or `/ipp/print`. */
  readonly path: string;
}

export interface SimPrinterUri {
  readonly scheme: 'sim';
  /** Model name, e.g. `fargo-hdp5000`. */
  readonly model: string;
  readonly params: Readonly<Record<string, string>>;
}

export type ParsedPrinterUri = UsbPrinterUri | SerialPrinterUri | TcpPrinterUri | IppPrinterUri | SimPrinterUri;

export const PRINTER_URI_ERROR_CODES = [
  'empty',
  'bad-syntax',
  'unknown-scheme',
  'credentials-not-allowed',
  'bad-host',
  'bad-port',
  'bad-path',
  'bad-device-id',
  'bad-parameter',
  'unknown-parameter',
  'duplicate-parameter',
] as const;
export type PrinterUriErrorCode = (typeof PRINTER_URI_ERROR_CODES)[number];

/** Thrown by {@link parsePrinterUri}; the message names the URI and what is wrong with it. */
export class PrinterUriError extends Error {
  readonly code: PrinterUriErrorCode;
  /** The offending URI, with any credentials removed. */
  readonly uri: string;
  constructor(code: PrinterUriErrorCode, uri: string, problem: string) {
    const shown = redactCredentials(uri);
    super(`Printer URI "${shown}" is invalid: ${problem}.`);
    this.name = 'PrinterUriError';
    this.code = code;
    this.uri = shown;
  }
}

function redactCredentials(uri: string): string {
  return uri.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#]*@/i, '$1***@');
}

interface SplitUri {
  readonly scheme: string;
  readonly authority: string;
  readonly path: string;
  readonly query: URLSearchParams;
}

function splitUri(text: string): SplitUri {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?$/i.exec(text);
  if (match === null) {
    throw new PrinterUriError('bad-syntax', text, 'expected scheme://… (e.g. tcp://10.0.0.5:9100)');
  }
  const [, scheme = '', authority = '', path = '', query = ''] = match;
  if (authority.includes('@')) {
    throw new PrinterUriError('credentials-not-allowed', text, 'user names and passwords do not belong in a printer URI');
  }
  return { scheme: scheme.toLowerCase(), authority, path, query: new URLSearchParams(query) };
}

function decode(text: string, uri: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new PrinterUriError('bad-syntax', uri, `${what} has a malformed %-escape`);
  }
}

/** Returns the query as a map, refusing repeated keys and keys outside `allowed` (when given). */
function queryParams(query: URLSearchParams, uri: string, allowed?: readonly string[]): Map<string, string> {
  const params = new Map<string, string>();
  for (const [key, value] of query) {
    if (params.has(key)) throw new PrinterUriError('duplicate-parameter', uri, `parameter "${key}" is given twice`);
    if (allowed !== undefined && !allowed.includes(key)) {
      throw new PrinterUriError('unknown-parameter', uri, `unknown parameter "${key}" (allowed: ${allowed.join(', ')})`);
    }
    params.set(key, value);
  }
  return params;
}

function parseHostPort(authority: string, uri: string, defaultPort: number): { host: string; port: number } {
  let host: string;
  let portText: string | undefined;
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    if (end < 0) throw new PrinterUriError('bad-host', uri, 'an IPv6 address opened with "[" is not closed with "]"');
    host = authority.slice(1, end);
    const rest = authority.slice(end + 1);
    if (rest !== '' && !rest.startsWith(':')) throw new PrinterUriError('bad-host', uri, `unexpected "${rest}" after the IPv6 address`);
    portText = rest === '' ? undefined : rest.slice(1);
    if (!/^[0-9a-f:.]+$/i.test(host) || !host.includes(':')) {
      throw new PrinterUriError('bad-host', uri, `"${host}" is not an IPv6 address`);
    }
  } else {
    const colon = authority.lastIndexOf(':');
    host = colon < 0 ? authority : authority.slice(0, colon);
    portText = colon < 0 ? undefined : authority.slice(colon + 1);
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(host)) {
      throw new PrinterUriError('bad-host', uri, host === '' ? 'the host is missing' : `"${host}" is not a host name or address`);
    }
  }
  return { host: host.toLowerCase(), port: portText === undefined ? defaultPort : parsePort(portText, uri) };
}

function parsePort(text: string, uri: string): number {
  const port = /^[0-9]{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 1 && port <= 65535)) throw new PrinterUriError('bad-port', uri, `port "${text}" is not a number from 1 to 65535`);
  return port;
}

function parseUsb(parts: SplitUri, uri: string): UsbPrinterUri {
  const match = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(parts.authority);
  if (match === null) {
    throw new PrinterUriError('bad-device-id', uri, 'expected usb://VVVV:PPPP with the vendor and product id in hex (e.g. usb://0f49:0a00)');
  }
  if (parts.path !== '' && parts.path !== '/') throw new PrinterUriError('bad-path', uri, `a usb URI has no path, found "${parts.path}"`);
  const params = queryParams(parts.query, uri, ['serial', 'interface']);
  const serial = params.get('serial');
  if (serial === '') throw new PrinterUriError('bad-parameter', uri, 'serial is empty (leave it out to take the first device)');
  const interfaceText = params.get('interface');
  let interfaceNumber: number | undefined;
  if (interfaceText !== undefined) {
    interfaceNumber = /^[0-9]{1,3}$/.test(interfaceText) ? Number(interfaceText) : Number.NaN;
    if (!(interfaceNumber <= 255)) throw new PrinterUriError('bad-parameter', uri, `interface "${interfaceText}" is not a number from 0 to 255`);
  }
  return {
    scheme: 'usb',
    vendorId: Number.parseInt(match[1] ?? '', 16),
    productId: Number.parseInt(match[2] ?? '', 16),
    ...(serial === undefined ? {} : { serial }),
    ...(interfaceNumber === undefined ? {} : { interfaceNumber }),
  };
}

function oneOf<T extends string | number>(values: readonly T[], text: string, name: string, uri: string): T {
  const found = values.find((value) => String(value) === text.toLowerCase());
  if (found === undefined) throw new PrinterUriError('bad-parameter', uri, `${name} "${text}" is not one of ${values.join(', ')}`);
  return found;
}

function parseSerial(parts: SplitUri, uri: string): SerialPrinterUri {
  if (parts.authority !== '') {
    throw new PrinterUriError('bad-path', uri, `expected serial:///dev/… with three slashes, found host "${parts.authority}"`);
  }
  const path = decode(parts.path, uri, 'the device path');
  if (path === '' || path === '/') throw new PrinterUriError('bad-path', uri, 'the device path is missing (e.g. serial:///dev/ttyUSB0)');
  const params = queryParams(parts.query, uri, ['baud', 'parity', 'databits', 'stopbits', 'flow']);
  const baud = params.get('baud');
  const parity = params.get('parity');
  const dataBits = params.get('databits');
  const stopBits = params.get('stopbits');
  const flow = params.get('flow');
  return {
    scheme: 'serial',
    path,
    baudRate: baud === undefined ? DEFAULT_SERIAL_SETTINGS.baudRate : oneOf(SERIAL_BAUD_RATES, baud, 'baud', uri),
    parity: parity === undefined ? DEFAULT_SERIAL_SETTINGS.parity : oneOf(SERIAL_PARITIES, parity, 'parity', uri),
    dataBits: dataBits === undefined ? DEFAULT_SERIAL_SETTINGS.dataBits : oneOf(SERIAL_DATA_BITS, dataBits, 'databits', uri),
    stopBits: stopBits === undefined ? DEFAULT_SERIAL_SETTINGS.stopBits : oneOf(SERIAL_STOP_BITS, stopBits, 'stopbits', uri),
    flow: flow === undefined ? DEFAULT_SERIAL_SETTINGS.flow : oneOf(SERIAL_FLOW_CONTROLS, flow, 'flow', uri),
  };
}

function parseTcp(parts: SplitUri, uri: string): TcpPrinterUri {
  if (parts.path !== '' && parts.path !== '/') throw new PrinterUriError('bad-path', uri, `a tcp URI has no path, found "${parts.path}"`);
  queryParams(parts.query, uri, []);
  return { scheme: 'tcp', ...parseHostPort(parts.authority, uri, DEFAULT_TCP_PORT) };
}

function parseIpp(scheme: 'ipp' | 'ipps', parts: SplitUri, uri: string): IppPrinterUri {
  const hostPort = parseHostPort(parts.authority, uri, DEFAULT_IPP_PORT);
  if (parts.path === '' || parts.path === '/') {
    throw new PrinterUriError('bad-path', uri, 'the printer path is missing (e.g. /printers/<queue> or /ipp/print)');
  }
  queryParams(parts.query, uri, []);
  return { scheme, ...hostPort, path: decode(parts.path, uri, 'the printer path') };
}

function parseSim(parts: SplitUri, uri: string): SimPrinterUri {
  const model = decode(parts.authority, uri, 'the model');
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(model)) {
    throw new PrinterUriError('bad-host', uri, model === '' ? 'the model is missing (e.g. sim://fargo-hdp5000)' : `"${model}" is not a model name`);
  }
  if (parts.path !== '' && parts.path !== '/') throw new PrinterUriError('bad-path', uri, `a sim URI has no path, found "${parts.path}"`);
  return { scheme: 'sim', model, params: Object.fromEntries(queryParams(parts.query, uri)) };
}

/**
 * Parses a printer connection URI. Scheme and host are case-insensitive and normalised to lower case.
 *
 * @throws PrinterUriError with a stable `code` and a message naming the URI and the problem.
 */
export function parsePrinterUri(text: string): ParsedPrinterUri {
  const uri = text.trim();
  if (uri === '') throw new PrinterUriError('empty', text, 'it is empty');
  const parts = splitUri(uri);
  switch (parts.scheme) {
    case 'usb':
      return parseUsb(parts, uri);
    case 'serial':
      return parseSerial(parts, uri);
    case 'tcp':
      return parseTcp(parts, uri);
    case 'ipp':
    case 'ipps':
      return parseIpp(parts.scheme, parts, uri);
    case 'sim':
      return parseSim(parts, uri);
    default:
      throw new PrinterUriError('unknown-scheme', uri, `scheme "${parts.scheme}" is not one of ${PRINTER_URI_SCHEMES.join(', ')}`);
  }
}

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/**
 * Formats a parsed URI back to text; `parsePrinterUri(formatPrinterUri(u))` equals `u`. The text is
 * canonical: lower-case hex ids, explicit ports, and every serial setting spelled out.
 */
export function formatPrinterUri(uri: ParsedPrinterUri): string {
  switch (uri.scheme) {
    case 'usb': {
      const query = new URLSearchParams();
      if (uri.serial !== undefined) query.set('serial', uri.serial);
      if (uri.interfaceNumber !== undefined) query.set('interface', String(uri.interfaceNumber));
      const q = query.toString();
      return `usb://${hex4(uri.vendorId)}:${hex4(uri.productId)}${q === '' ? '' : `?${q}`}`;
    }
    case 'serial': {
      const query = new URLSearchParams({
        baud: String(uri.baudRate),
        parity: uri.parity,
        databits: String(uri.dataBits),
        stopbits: String(uri.stopBits),
        flow: uri.flow,
      });
      return `serial://${encodePath(uri.path)}?${query.toString()}`;
    }
    case 'tcp':
      return `tcp://${formatHost(uri.host)}:${uri.port}`;
    case 'ipp':
    case 'ipps':
      return `${uri.scheme}://${formatHost(uri.host)}:${uri.port}${encodePath(uri.path)}`;
    case 'sim': {
      const q = new URLSearchParams(Object.entries(uri.params)).toString();
      return `sim://${uri.model}${q === '' ? '' : `?${q}`}`;
    }
  }
}
