import { describe, expect, it } from 'vitest';
import { IPP_GROUP_TAGS, IPP_VALUE_TAGS, decodeIppMessage, encodeIppMessage, ippBoolean, ippEnum, ippInteger, ippKeyword, ippName, ippText } from '../../../hardware/ipp/ipp-encoding.js';
import type { IppAttribute, IppMessage, IppValue } from '../../../hardware/ipp/ipp-encoding.js';
import {
  consumableKind,
  normalizeIppReasons,
  parseDeviceId,
  printerIdentityFromAttributes,
  printerStatusFromAttributes,
} from '../../../hardware/ipp/ipp-printer-attributes.js';

/** A printer-attributes response as it comes off the wire (encoded, then decoded). */
function response(attributes: Record<string, IppValue[]>): IppMessage {
  const list: IppAttribute[] = Object.entries(attributes).map(([name, values]) => ({ name, values }));
  return decodeIppMessage(
    encodeIppMessage({ version: [2, 0], code: 0, requestId: 1, groups: [{ tag: IPP_GROUP_TAGS.printer, attributes: list }], data: new Uint8Array(0) }),
  );
}
const octets = (text: string): IppValue => ({ type: 'octetString', value: Uint8Array.from(Buffer.from(text)) });
const noValue: IppValue = { type: 'outOfBand', tag: IPP_VALUE_TAGS.noValue };

describe('normalizeIppReasons', () => {
  it('strips severity suffixes, drops none, adds known aliases and keeps vendor keywords', () => {
    expect(normalizeIppReasons(['none'])).toEqual([]);
    expect(
      normalizeIppReasons([
        'media-empty-error',
        'marker-supply-low-warning',
        'door-open-report',
        'toner-empty',
        'com.hid-ribbon-out-error',
        'cups-waiting-for-job-completed',
        'media-empty',
      ]),
    ).toEqual([
      'media-empty',
      'marker-supply-low',
      'door-open',
      'cover-open',
      'toner-empty',
      'marker-supply-empty',
      'com.hid-ribbon-out',
      'cups-waiting-for-job-completed',
    ]);
  });
});

describe('consumableKind', () => {
  it('maps supply types and names to ribbon, film, cleaning or other', () => {
    expect(consumableKind('ink-ribbon', 'YMCKO')).toBe('ribbon');
    expect(consumableKind('ribbonWax', '')).toBe('ribbon');
    expect(consumableKind('other', 'HDP Film')).toBe('film');
    expect(consumableKind('transferRibbon', 'Retransfer')).toBe('film');
    expect(consumableKind('cleaner-unit', 'Roller')).toBe('cleaning');
    expect(consumableKind('wasteToner', 'Waste')).toBe('other');
    expect(consumableKind('fuser', 'Laminate')).toBe('other');
  });
});

describe('printerStatusFromAttributes', () => {
  it('maps printer-state 3/4/5 and treats paused as stopped', () => {
    const state = (value: number, reasons = ['none']) =>
      printerStatusFromAttributes(response({ 'printer-state': [ippEnum(value)], 'printer-state-reasons': reasons.map(ippKeyword) })).state;
    expect(state(3)).toBe('idle');
    expect(state(4)).toBe('printing');
    expect(state(5)).toBe('stopped');
    expect(state(3, ['paused'])).toBe('stopped');
  });

  it('adds not-accepting-jobs and an empty feeder count', () => {
    const status = printerStatusFromAttributes(
      response({
        'printer-state': [ippEnum(5)],
        'printer-state-reasons': [ippKeyword('media-empty-error')],
        'printer-is-accepting-jobs': [ippBoolean(false)],
      }),
    );
    expect(status).toEqual({ state: 'stopped', reasons: ['media-empty', 'not-accepting-jobs'], levels: [], feederCards: 0 });
  });

  it('reads CUPS marker-* arrays with unknown levels, and printer-supply counted in impressions', () => {
    const status = printerStatusFromAttributes(
      response({
        'printer-state': [ippEnum(3)],
        'marker-names': [ippName('Ribbon'), ippName('Film'), ippName('Cleaner')],
        'marker-types': [ippKeyword('ink-ribbon'), ippKeyword('other'), ippKeyword('cleaner-unit')],
        'marker-levels': [ippInteger(-1), ippInteger(55), ippInteger(-2)],
        'printer-supply': [octets('index=1;type=inkRibbon;unit=impressions;maxcapacity=250;level=50;'), octets('type=other;level=-3;maxcapacity=-2;')],
        'printer-supply-description': [ippText('Ribbon'), ippText('Laminate')],
      }),
    );
    expect(status.levels).toEqual([
      { kind: 'ribbon', name: 'Ribbon', percent: 20, remainingImages: 50, capacityImages: 250 },
      { kind: 'other', name: 'Laminate' },
      { kind: 'film', name: 'Film', percent: 55 },
      { kind: 'cleaning', name: 'Cleaner' },
    ]);
  });

  it('ignores out-of-band values', () => {
    const status = printerStatusFromAttributes(response({ 'printer-state': [ippEnum(3)], 'marker-names': [noValue], 'printer-state-reasons': [noValue] }));
    expect(status).toEqual({ state: 'idle', reasons: [], levels: [] });
  });
});

describe('printerIdentityFromAttributes', () => {
  it('prefers the device ID and joins firmware names and versions', () => {
    expect(parseDeviceId('MFG:Entrust Datacard;MDL:CD800;SN:C123;CMD:PNG;')).toEqual({
      MFG: 'Entrust Datacard',
      MDL: 'CD800',
      SN: 'C123',
      CMD: 'PNG',
    });
    expect(
      printerIdentityFromAttributes(
        response({
          'printer-make-and-model': [ippText('Entrust Datacard CD800 Card Printer')],
          'printer-device-id': [ippText('MFG:Entrust Datacard;MDL:CD800;SN:C123;')],
          'printer-firmware-name': [ippName('main'), ippName('head')],
          'printer-firmware-string-version': [ippText('D3.17.4'), ippText('2.1')],
        }),
      ),
    ).toEqual({ vendor: 'Entrust Datacard', model: 'CD800', serial: 'C123', firmware: 'main D3.17.4; head 2.1', simulated: false });
  });

  it('falls back to make-and-model and printer-serial-number', () => {
    expect(
      printerIdentityFromAttributes(
        response({
          'printer-make-and-model': [ippText('HID FARGO HDP5000')],
          'printer-serial-number': [ippText('B1234567')],
          'printer-firmware-string-version': [ippText('4.2')],
        }),
      ),
    ).toEqual({ vendor: 'HID', model: 'FARGO HDP5000', serial: 'B1234567', firmware: '4.2', simulated: false });
    expect(printerIdentityFromAttributes(response({}))).toEqual({ vendor: '', model: '', serial: '', firmware: '', simulated: false });
  });
});
