import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodePortStatus,
  extractDeviceIdString,
  getDeviceIdSetup,
  getPortStatusSetup,
  hasPrinterInterface,
  parseDeviceIdReply,
  parseDeviceIdString,
  selectPrinterInterface,
  softResetSetups,
} from '../../../hardware/transports/usb-printer-class.js';
import type { UsbAlternateDescriptor, UsbConfigurationDescriptor, UsbEndpointDescriptor } from '../../../hardware/transports/usb-printer-class.js';
import { withLengthPrefix } from './fake-webusb-device.js';

const out = (n: number): UsbEndpointDescriptor => ({ endpointNumber: n, direction: 'out', type: 'bulk', packetSize: 512 });
const inn = (n: number): UsbEndpointDescriptor => ({ endpointNumber: n, direction: 'in', type: 'bulk', packetSize: 512 });

function alt(alternateSetting: number, protocol: number, endpoints: UsbEndpointDescriptor[], interfaceClass = 7, interfaceSubclass = 1): UsbAlternateDescriptor {
  return { alternateSetting, interfaceClass, interfaceSubclass, interfaceProtocol: protocol, endpoints };
}

function config(...interfaces: Array<[number, UsbAlternateDescriptor[]]>): UsbConfigurationDescriptor {
  return { configurationValue: 1, interfaces: interfaces.map(([interfaceNumber, alternates]) => ({ interfaceNumber, alternates })) };
}

describe('selectPrinterInterface (§5.1)', () => {
  it('prefers bidirectional (2) over unidirectional (1) over 1284.4 (3)', () => {
    const c = config([0, [alt(0, 1, [out(1)]), alt(1, 3, [out(1), inn(2)]), alt(2, 2, [out(3), inn(4)])]]);
    expect(selectPrinterInterface(c)).toEqual({ interfaceNumber: 0, alternateSetting: 2, protocol: 2, bulkOut: out(3), bulkIn: inn(4) });
    const noBidi = config([0, [alt(0, 3, [out(1), inn(2)]), alt(1, 1, [out(5)])]]);
    expect(selectPrinterInterface(noBidi)).toMatchObject({ alternateSetting: 1, protocol: 1, bulkOut: out(5) });
    expect(selectPrinterInterface(noBidi)?.bulkIn).toBeUndefined();
  });

  it('ignores protocol > 1 alternates without bulk IN, other classes, and interrupt endpoints', () => {
    const c = config(
      [0, [alt(0, 2, [out(1)]), alt(1, 2, [{ ...inn(2), type: 'interrupt' }, out(1)])]],
      [1, [alt(0, 2, [out(1), inn(2)], 8, 6)]],
      [2, [alt(0, 3, [out(7), inn(8)])]],
    );
    expect(selectPrinterInterface(c)).toMatchObject({ interfaceNumber: 2, alternateSetting: 0, protocol: 3 });
  });

  it('takes the lowest interface on a tie and honours an explicit interface number', () => {
    const c = config([1, [alt(0, 2, [out(1), inn(2)])]], [0, [alt(0, 2, [out(3), inn(4)])]]);
    expect(selectPrinterInterface(c)?.interfaceNumber).toBe(0);
    expect(selectPrinterInterface(c, 1)).toMatchObject({ interfaceNumber: 1, bulkOut: out(1) });
    expect(selectPrinterInterface(c, 5)).toBeUndefined();
    expect(selectPrinterInterface(config([0, [alt(0, 2, [inn(2)])]]))).toBeUndefined();
  });

  it('hasPrinterInterface looks at every alternate', () => {
    expect(hasPrinterInterface([config([0, [alt(0, 0, [], 3, 0), alt(1, 1, [out(1)])]])])).toBe(true);
    expect(hasPrinterInterface([config([0, [alt(0, 1, [out(1)], 7, 2)]])])).toBe(false);
  });
});

describe('class request setups (§5.2)', () => {
  it('GET_DEVICE_ID: class, interface, request 0, value = config index, index = interface << 8 | alternate', () => {
    expect(getDeviceIdSetup(0, 0)).toEqual({ requestType: 'class', recipient: 'interface', request: 0, value: 0, index: 0 });
    expect(getDeviceIdSetup(1, 2)).toEqual({ requestType: 'class', recipient: 'interface', request: 0, value: 0, index: 0x0102 });
    expect(getDeviceIdSetup(3, 0, 1)).toMatchObject({ value: 1, index: 0x0300 });
  });

  it('GET_PORT_STATUS and SOFT_RESET', () => {
    expect(getPortStatusSetup(2)).toEqual({ requestType: 'class', recipient: 'interface', request: 1, value: 0, index: 2 });
    expect(softResetSetups(1)).toEqual([
      { requestType: 'class', recipient: 'other', request: 2, value: 0, index: 1 },
      { requestType: 'class', recipient: 'interface', request: 2, value: 0, index: 1 },
    ]);
  });
});

describe('device ID', () => {
  const id = 'MFG:Evolis;MDL:Primacy;CMD:EVOLIS,PCL;CLS:PRINTER;DES:Evolis Primacy;';

  it('reads a big-endian length that counts itself', () => {
    expect(extractDeviceIdString(withLengthPrefix(id))).toBe(id);
    const padded = new Uint8Array(1024);
    padded.set(withLengthPrefix(id));
    padded[withLengthPrefix(id).length] = 0x41; // bytes past the length are not part of the ID
    expect(extractDeviceIdString(padded)).toBe(id);
  });

  it("falls back to little-endian as PAPPL does, and rejects IDs shorter than 14 bytes", () => {
    expect(extractDeviceIdString(withLengthPrefix(id, true))).toBe(id);
    expect(extractDeviceIdString(withLengthPrefix('MFG:A;'))).toBe('');
    expect(extractDeviceIdString(Uint8Array.of(0))).toBe('');
    expect(extractDeviceIdString(new Uint8Array(0))).toBe('');
  });

  it('clamps a length larger than what arrived and stops at a NUL', () => {
    const reply = withLengthPrefix(id).subarray(0, 20);
    expect(extractDeviceIdString(reply)).toBe(id.slice(0, 18));
    const withNul = withLengthPrefix('MFG:Evolis;\0MDL:x;');
    expect(extractDeviceIdString(withNul)).toBe('MFG:Evolis;');
  });

  it('parses either byte order to the same text for any ID (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 12, maxLength: 1000, unit: fc.constantFrom(...'ABCMDLFGS:;, 0123'.split('')) }), (text) => {
        expect(extractDeviceIdString(withLengthPrefix(text))).toBe(text);
        expect(extractDeviceIdString(withLengthPrefix(text, true))).toBe(text);
      }),
    );
  });

  it('parses KEY:value pairs, long key forms, case and spacing', () => {
    expect(parseDeviceIdReply(withLengthPrefix(id))).toMatchObject({
      manufacturer: 'Evolis',
      model: 'Primacy',
      commandSet: 'EVOLIS,PCL',
      description: 'Evolis Primacy',
      fields: { CLS: 'PRINTER' },
    });
    const long = parseDeviceIdString(' manufacturer : HID Global ; MODEL:HDP5000;Command Set:PCL;SERN:B123;junk;MDL:ignored');
    expect(long).toMatchObject({ manufacturer: 'HID Global', model: 'HDP5000', commandSet: 'PCL', serial: 'B123' });
    expect(long.fields).toEqual({ MFG: 'HID Global', MDL: 'HDP5000', CMD: 'PCL', SN: 'B123' });
    expect(parseDeviceIdString('')).toEqual({ raw: '', fields: {} });
  });
});

describe('decodePortStatus (§5.2)', () => {
  it.each([
    [0x18, [], false, true],
    [0x38, ['media-empty'], false, true],
    [0x08, ['offline'], false, false],
    [0x10, ['other'], true, true],
    [0xd8, ['media-jam', 'cover-open'], false, true],
    [0x00, ['offline'], true, false],
  ])('status byte %i gives %j', (byte, reasons, error, selected) => {
    const status = decodePortStatus(byte);
    expect(status.reasons).toEqual(reasons);
    expect(status.error).toBe(error);
    expect(status.selected).toBe(selected);
    expect(status.raw).toBe(byte);
  });
});
