import { describe, expect, it } from 'vitest';
import { discoverPrinters } from '../../../hardware/discovery/discover-printers.js';
import type { UsbDeviceInfo } from '../../../hardware/discovery/discover-printers.js';
import { parseLpstatDevices } from '../../../hardware/discovery/cups-queues.js';
import { formatDiscoveryReport } from '../../../hardware/discovery/format-discovery-report.js';
import { parsePrinterUri } from '../../../hardware/printer-uri.js';
import { printerConfiguration } from '../transports/fake-webusb-device.js';

const LPSTAT = [
  'device for fargo1: usb://HID%20Global/HDP5000?serial=B1234',
  'device for office-laser: ipp://10.0.0.9/ipp/print',
  'lpstat: some unrelated line',
  '',
].join('\n');

const massStorage: UsbDeviceInfo = {
  vendorId: 0x0781,
  productId: 0x5567,
  manufacturerName: 'SanDisk',
  productName: 'Cruzer',
  configurations: [{ configurationValue: 1, interfaces: [{ interfaceNumber: 0, alternates: [{ alternateSetting: 0, interfaceClass: 8, interfaceSubclass: 6, interfaceProtocol: 80, endpoints: [] }] }] }],
};
const evolis: UsbDeviceInfo = { vendorId: 0x0f49, productId: 0x0a00, serialNumber: 'P2-0042', manufacturerName: 'Evolis', productName: 'Primacy 2', configurations: [printerConfiguration()] };
const officePrinter: UsbDeviceInfo = { vendorId: 0x03f0, productId: 0x1234, serialNumber: null, manufacturerName: 'HP', productName: 'LaserJet', configurations: [printerConfiguration({ protocol: 1 })] };
// A Zebra device that is not a printer-class device (e.g. a scanner cradle): VID alone must not match.
const zebraNotPrinter: UsbDeviceInfo = { ...massStorage, vendorId: 0x0a5f, productId: 0x0001, manufacturerName: 'Zebra', productName: 'Cradle' };

describe('parseLpstatDevices', () => {
  it('turns each queue into an ipp://localhost:631 URI the IPP driver can open', () => {
    expect(parseLpstatDevices(LPSTAT)).toEqual([
      { name: 'fargo1', deviceUri: 'usb://HID%20Global/HDP5000?serial=B1234', uri: 'ipp://localhost:631/printers/fargo1' },
      { name: 'office-laser', deviceUri: 'ipp://10.0.0.9/ipp/print', uri: 'ipp://localhost:631/printers/office-laser' },
    ]);
  });
});

describe('discoverPrinters with fed sources', () => {
  it('lists printer-class USB devices (card printers first), serial ports and CUPS queues', async () => {
    const result = await discoverPrinters({
      usbDevices: async () => [massStorage, officePrinter, zebraNotPrinter, evolis],
      serialPorts: async () => [{ path: '/dev/ttyUSB0', manufacturer: 'FTDI', vendorId: '0403', productId: '6001', serialNumber: 'FT1' }, { path: '/dev/ttyS0' }],
      lpstat: async () => LPSTAT,
      readers: async () => [],
    });
    expect(result.notes).toEqual([]);
    expect(result.printers).toEqual([
      { kind: 'usb', description: 'Evolis Primacy 2 (Evolis card printer, 0f49:0a00, serial P2-0042)', uri: 'usb://0f49:0a00?serial=P2-0042', cardPrinter: true },
      { kind: 'usb', description: 'HP LaserJet (USB printer, 03f0:1234, no serial number)', uri: 'usb://03f0:1234', cardPrinter: false },
      { kind: 'serial', description: 'Serial port /dev/ttyUSB0 (FTDI, 0403:6001, serial FT1)', uri: 'serial:///dev/ttyUSB0?baud=9600&parity=none&databits=8&stopbits=1&flow=none' },
      { kind: 'serial', description: 'Serial port /dev/ttyS0', uri: 'serial:///dev/ttyS0?baud=9600&parity=none&databits=8&stopbits=1&flow=none' },
      { kind: 'cups', description: 'CUPS queue fargo1 (usb://HID%20Global/HDP5000?serial=B1234)', uri: 'ipp://localhost:631/printers/fargo1' },
      { kind: 'cups', description: 'CUPS queue office-laser (ipp://10.0.0.9/ipp/print)', uri: 'ipp://localhost:631/printers/office-laser' },
    ]);
    // Every URI offered must be accepted by the config parser.
    for (const printer of result.printers) expect(() => parsePrinterUri(printer.uri)).not.toThrow();
  });

  it('notes a missing USB bus and a missing CUPS, and still lists the rest', async () => {
    const result = await discoverPrinters({
      usbDevices: async () => {
        throw Object.assign(new Error('getDevices error: /sys/bus/usb/devices/ not found (errno 2)'), { code: 'GenericFailure' });
      },
      serialPorts: async () => [{ path: '/dev/ttyS0' }],
      lpstat: async () => {
        throw Object.assign(new Error('spawn lpstat ENOENT'), { code: 'ENOENT' });
      },
      readers: async () => [],
    });
    expect(result.printers.map((p) => p.uri)).toEqual(['serial:///dev/ttyS0?baud=9600&parity=none&databits=8&stopbits=1&flow=none']);
    expect(result.notes).toEqual(['no USB bus found: getDevices error: /sys/bus/usb/devices/ not found (errno 2)', 'no CUPS found: lpstat is not installed']);
  });

  it('words a stopped scheduler, a denied bus and a hanging source', async () => {
    const result = await discoverPrinters({
      usbDevices: async () => {
        throw new Error('/sys/bus/usb/devices/ permission denied');
      },
      serialPorts: () => new Promise(() => {}),
      lpstat: async () => {
        throw new Error('lpstat: Scheduler is not running.');
      },
      readers: () => new Promise(() => {}),
      sourceTimeoutMs: 50,
    });
    expect(result.printers).toEqual([]);
    expect(result.notes).toEqual([
      'no access to the USB bus: /sys/bus/usb/devices/ permission denied',
      'could not list serial ports: The serial port list did not answer within 50 ms',
      'no CUPS found: lpstat: Scheduler is not running.',
      'no smart-card readers listed: pcscd did not answer within 50 ms',
    ]);
  });

  it('says why no smart-card reader is listed when pcscd is not running', async () => {
    const { smartCardError } = await import('../../../hardware/smartcard/index.js');
    const result = await discoverPrinters({
      usbDevices: async () => [],
      serialPorts: async () => [],
      lpstat: async () => '',
      readers: async () => {
        throw smartCardError('pcscd-unavailable', { step: 'list readers' });
      },
    });
    expect(result.readers).toEqual([]);
    expect(result.notes).toEqual(['no smart-card readers listed: The smart-card service (pcscd) is not running during list readers: start it (systemctl start pcscd) and try again.']);
  });

  it('warns when two USB devices would get the same URI', async () => {
    const twin = { ...evolis, serialNumber: undefined };
    const result = await discoverPrinters({ usbDevices: async () => [twin, twin], serialPorts: async () => [], lpstat: async () => '', readers: async () => [] });
    expect(result.notes).toEqual(['several USB devices answer to usb://0f49:0a00; only the first will be used unless they report serial numbers']);
  });
});

describe('discoverPrinters on this machine', () => {
  it('does not throw, and reports what is missing as notes', async () => {
    const result = await discoverPrinters();
    expect(Array.isArray(result.printers)).toBe(true);
    for (const printer of result.printers) expect(() => parsePrinterUri(printer.uri)).not.toThrow();
    // Whatever this machine lacks must be said, not thrown: each source either found something to
    // list or explained itself. (The CI box has no /sys/bus/usb and no CUPS client.)
    const usbAccounted = result.printers.some((p) => p.kind === 'usb') || result.notes.some((n) => /USB/.test(n));
    const cupsAccounted = result.printers.some((p) => p.kind === 'cups') || result.notes.some((n) => /CUPS/.test(n));
    const { existsSync } = await import('node:fs');
    if (!existsSync('/sys/bus/usb/devices')) expect(usbAccounted).toBe(true);
    const lpstatInstalled = ['/usr/bin/lpstat', '/usr/local/bin/lpstat', '/bin/lpstat'].some((path) => existsSync(path));
    if (!lpstatInstalled) expect(cupsAccounted).toBe(true);
    // No pcscd in this test process (the smart-card suites run their own, elsewhere): said, not thrown.
    expect(result.readers.length > 0 || result.notes.some((n) => /smart-card readers/.test(n))).toBe(true);
    expect(formatDiscoveryReport(result).length).toBeGreaterThan(0);
  });
});

describe('formatDiscoveryReport', () => {
  it('prints aligned rows with the URI to copy, then the notes', () => {
    expect(
      formatDiscoveryReport({
        printers: [
          { kind: 'usb', description: 'Evolis Primacy 2 (Evolis card printer)', uri: 'usb://0f49:0a00?serial=P2' },
          { kind: 'cups', description: 'CUPS queue fargo1', uri: 'ipp://localhost:631/printers/fargo1' },
        ],
        readers: [
          { name: 'Virtual PCD 00 00', cardPresent: true, atrHex: '3B8880010000000000000000', uri: 'pcsc://Virtual PCD 00 00' },
          { name: 'Virtual PCD 00 01', cardPresent: false, uri: 'pcsc://Virtual PCD 00 01' },
        ],
        notes: ['no USB bus found: x'],
      }),
    ).toEqual([
      'Found 2 printers:',
      '  usb   Evolis Primacy 2 (Evolis card printer)  usb://0f49:0a00?serial=P2',
      '  cups  CUPS queue fargo1                       ipp://localhost:631/printers/fargo1',
      'Found 2 smart-card readers (card encoders):',
      '  pcsc  Virtual PCD 00 00  card present, ATR 3B8880010000000000000000  pcsc://Virtual PCD 00 00',
      '  pcsc  Virtual PCD 00 01  no card                                     pcsc://Virtual PCD 00 01',
      'Notes:',
      '  - no USB bus found: x',
    ]);
    expect(formatDiscoveryReport({ printers: [], readers: [], notes: [] })).toEqual(['No printers found.']);
  });
});
