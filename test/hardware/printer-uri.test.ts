import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PrinterUriError,
  SERIAL_BAUD_RATES,
  SERIAL_DATA_BITS,
  SERIAL_FLOW_CONTROLS,
  SERIAL_PARITIES,
  SERIAL_STOP_BITS,
  formatPrinterUri,
  parsePrinterUri,
} from '../../hardware/printer-uri.js';
import type { ParsedPrinterUri, PrinterUriErrorCode } from '../../hardware/printer-uri.js';

function errorOf(text: string): PrinterUriError {
  try {
    parsePrinterUri(text);
  } catch (error) {
    if (error instanceof PrinterUriError) return error;
    throw error;
  }
  throw new Error(`expected ${text} to be rejected`);
}

describe('parsePrinterUri', () => {
  it('parses the examples from architecture.md', () => {
    expect(parsePrinterUri('usb://0f49:0a00?serial=A1B2')).toEqual({ scheme: 'usb', vendorId: 0x0f49, productId: 0x0a00, serial: 'A1B2' });
    expect(parsePrinterUri('serial:///dev/ttyUSB0?baud=115200')).toEqual({
      scheme: 'serial',
      path: '/dev/ttyUSB0',
      baudRate: 115200,
      parity: 'none',
      dataBits: 8,
      stopBits: 1,
      flow: 'none',
    });
    expect(parsePrinterUri('tcp://10.0.0.5:9100')).toEqual({ scheme: 'tcp', host: '10.0.0.5', port: 9100 });
    expect(parsePrinterUri('ipp://localhost:631/printers/fargo1')).toEqual({ scheme: 'ipp', host: 'localhost', port: 631, path: '/printers/fargo1' });
    expect(parsePrinterUri('sim://fargo-hdp5000')).toEqual({ scheme: 'sim', model: 'fargo-hdp5000', params: {} });
  });

  it('applies defaults: tcp 9100, ipp/ipps 631, serial 9600 8N1 no flow control', () => {
    expect(parsePrinterUri('tcp://printer.local')).toEqual({ scheme: 'tcp', host: 'printer.local', port: 9100 });
    expect(parsePrinterUri('ipps://cups.example/ipp/print')).toEqual({ scheme: 'ipps', host: 'cups.example', port: 631, path: '/ipp/print' });
    expect(parsePrinterUri('serial:///dev/ttyS0')).toMatchObject({ baudRate: 9600, parity: 'none', dataBits: 8, stopBits: 1, flow: 'none' });
  });

  it('reads every serial setting', () => {
    expect(parsePrinterUri('serial:///dev/ttyUSB1?baud=19200&parity=even&databits=7&stopbits=2&flow=xonxoff')).toEqual({
      scheme: 'serial',
      path: '/dev/ttyUSB1',
      baudRate: 19200,
      parity: 'even',
      dataBits: 7,
      stopBits: 2,
      flow: 'xonxoff',
    });
    expect(parsePrinterUri('serial:///dev/ttyS1?flow=RTSCTS')).toMatchObject({ flow: 'rtscts' });
  });

  it('reads the usb interface number, upper-case hex and IPv6 hosts', () => {
    expect(parsePrinterUri('USB://0F49:0A00?interface=1')).toEqual({ scheme: 'usb', vendorId: 0x0f49, productId: 0x0a00, interfaceNumber: 1 });
    expect(parsePrinterUri('tcp://[::1]:9101')).toEqual({ scheme: 'tcp', host: '::1', port: 9101 });
    expect(parsePrinterUri('  tcp://Printer-1.LAN  ')).toEqual({ scheme: 'tcp', host: 'printer-1.lan', port: 9100 });
  });

  it('keeps sim parameters as strings', () => {
    expect(parsePrinterUri('sim://evolis-primacy?speed=fast&feeder=100&fail=')).toEqual({
      scheme: 'sim',
      model: 'evolis-primacy',
      params: { speed: 'fast', feeder: '100', fail: '' },
    });
  });

  const rejections: Array<[string, PrinterUriErrorCode, RegExp]> = [
    ['', 'empty', /empty/],
    ['   ', 'empty', /empty/],
    ['10.0.0.5:9100', 'bad-syntax', /scheme:\/\//],
    ['lpd://host/queue', 'unknown-scheme', /"lpd"/],
    ['usb://0f49', 'bad-device-id', /VVVV:PPPP/],
    ['usb://0f49:zzzz', 'bad-device-id', /hex/],
    ['usb://0f49:0a00/x', 'bad-path', /no path/],
    ['usb://0f49:0a00?serial=', 'bad-parameter', /serial is empty/],
    ['usb://0f49:0a00?interface=x', 'bad-parameter', /interface "x"/],
    ['usb://0f49:0a00?serail=1', 'unknown-parameter', /"serail"/],
    ['serial://dev/ttyUSB0', 'bad-path', /three slashes/],
    ['serial:///', 'bad-path', /device path is missing/],
    ['serial:///dev/ttyUSB0?baud=1234', 'bad-parameter', /baud "1234"/],
    ['serial:///dev/ttyUSB0?parity=mark', 'bad-parameter', /parity "mark"/],
    ['serial:///dev/ttyUSB0?databits=9', 'bad-parameter', /databits "9"/],
    ['serial:///dev/ttyUSB0?stopbits=3', 'bad-parameter', /stopbits "3"/],
    ['serial:///dev/ttyUSB0?flow=dtr', 'bad-parameter', /flow "dtr"/],
    ['serial:///dev/ttyUSB0?baud=9600&baud=19200', 'duplicate-parameter', /"baud" is given twice/],
    ['serial:///dev/ttyUSB0?baudrate=9600', 'unknown-parameter', /"baudrate"/],
    ['tcp://', 'bad-host', /host is missing/],
    ['tcp://host:0', 'bad-port', /port "0"/],
    ['tcp://host:70000', 'bad-port', /port "70000"/],
    ['tcp://host:abc', 'bad-port', /port "abc"/],
    ['tcp://host_name:9100', 'bad-host', /"host_name"/],
    ['tcp://[::1', 'bad-host', /not closed/],
    ['tcp://host:9100/path', 'bad-path', /no path/],
    ['tcp://host?x=1', 'unknown-parameter', /"x"/],
    ['ipp://localhost:631', 'bad-path', /printer path is missing/],
    ['ipp://admin:secret@localhost/printers/a', 'credentials-not-allowed', /passwords/],
    ['sim://', 'bad-host', /model is missing/],
    ['sim://bad model', 'bad-host', /"bad model"/],
  ];

  it.each(rejections)('rejects %j with code %s', (text, code, pattern) => {
    const error = errorOf(text);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(pattern);
    const shown = text.trim() === '' ? text : text.trim();
    expect(error.message).toContain(`"${shown}"`.replace('admin:secret@', '***@'));
  });

  it('never repeats credentials in the error', () => {
    const error = errorOf('ipp://admin:secret@localhost/printers/a');
    expect(error.message).not.toContain('secret');
    expect(error.uri).toBe('ipp://***@localhost/printers/a');
  });
});

describe('formatPrinterUri', () => {
  it('writes the canonical form', () => {
    expect(formatPrinterUri(parsePrinterUri('USB://F49:A00?serial=X 1'))).toBe('usb://0f49:0a00?serial=X+1');
    expect(formatPrinterUri(parsePrinterUri('tcp://[::1]'))).toBe('tcp://[::1]:9100');
    expect(formatPrinterUri(parsePrinterUri('serial:///dev/ttyUSB0?baud=115200'))).toBe(
      'serial:///dev/ttyUSB0?baud=115200&parity=none&databits=8&stopbits=1&flow=none',
    );
    expect(formatPrinterUri(parsePrinterUri('ipp://localhost/printers/fargo%201'))).toBe('ipp://localhost:631/printers/fargo%201');
  });

  const host = fc.oneof(
    fc.ipV4(),
    fc.constantFrom('::1', 'fe80::1', 'localhost', 'printer-1.lan'),
    fc.domain().filter((d) => /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(d)),
  );
  const port = fc.integer({ min: 1, max: 65535 });
  const word = fc.string({ minLength: 1, maxLength: 12 });
  const parsed: fc.Arbitrary<ParsedPrinterUri> = fc.oneof(
    fc.record(
      {
        scheme: fc.constant('usb' as const),
        vendorId: fc.integer({ min: 0, max: 0xffff }),
        productId: fc.integer({ min: 0, max: 0xffff }),
        serial: word,
        interfaceNumber: fc.integer({ min: 0, max: 255 }),
      },
      { requiredKeys: ['scheme', 'vendorId', 'productId'] },
    ),
    fc.record({
      scheme: fc.constant('serial' as const),
      path: fc.array(word.filter((s) => !s.includes('/')), { minLength: 1, maxLength: 3 }).map((parts) => `/${parts.join('/')}`),
      baudRate: fc.constantFrom(...SERIAL_BAUD_RATES),
      parity: fc.constantFrom(...SERIAL_PARITIES),
      dataBits: fc.constantFrom(...SERIAL_DATA_BITS),
      stopBits: fc.constantFrom(...SERIAL_STOP_BITS),
      flow: fc.constantFrom(...SERIAL_FLOW_CONTROLS),
    }),
    fc.record({ scheme: fc.constant('tcp' as const), host, port }),
    fc.record({
      scheme: fc.constantFrom('ipp' as const, 'ipps' as const),
      host,
      port,
      path: fc.array(word.filter((s) => !s.includes('/')), { minLength: 1, maxLength: 3 }).map((parts) => `/${parts.join('/')}`),
    }),
    fc.record({
      scheme: fc.constant('sim' as const),
      model: fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,15}$/),
      params: fc.dictionary(word, fc.string({ maxLength: 12 }), { maxKeys: 4 }),
    }),
  );

  it('round-trips: parse(format(u)) equals u', () => {
    fc.assert(
      fc.property(parsed, (uri) => {
        const normalised = 'host' in uri ? { ...uri, host: uri.host.toLowerCase() } : uri;
        expect(parsePrinterUri(formatPrinterUri(uri))).toEqual(normalised);
      }),
      { numRuns: 500 },
    );
  });
});
