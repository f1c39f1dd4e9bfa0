import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  IPP_GROUP_TAGS,
  IPP_OPERATIONS,
  IPP_VALUE_TAGS,
  IppEncodingError,
  decodeIppMessage,
  encodeIppMessage,
  findIppAttribute,
  ippBoolean,
  ippCharset,
  ippEnum,
  ippInteger,
  ippKeyword,
  ippLanguage,
  ippNumbers,
  ippStrings,
  ippUri,
} from '../../../hardware/ipp/ipp-encoding.js';
import type { IppMessage } from '../../../hardware/ipp/ipp-encoding.js';

/** Builds wire bytes by hand from RFC 8010 §3, independently of the encoder under test. */
function attr(tag: number, name: string, value: Uint8Array | string): Buffer {
  const n = Buffer.from(name, 'utf8');
  const v = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
  const b = Buffer.alloc(1 + 2 + n.length + 2 + v.length);
  b[0] = tag;
  b.writeUInt16BE(n.length, 1);
  n.copy(b, 3);
  b.writeUInt16BE(v.length, 3 + n.length);
  v.copy(b, 5 + n.length);
  return b;
}
const int32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const header = (code: number, requestId: number): Buffer => Buffer.from([2, 0, code >> 8, code & 0xff, 0, 0, 0, requestId]);

function opGroup(): Buffer {
  return Buffer.concat([
    Buffer.from([IPP_GROUP_TAGS.operation]),
    attr(0x47, 'attributes-charset', 'utf-8'),
    attr(0x48, 'attributes-natural-language', 'en'),
  ]);
}

describe('decodeIppMessage', () => {
  it('decodes a hand-built response with a 1setOf integer and 1setOf keyword', () => {
    const bytes = Buffer.concat([
      header(0x0000, 7),
      opGroup(),
      Buffer.from([IPP_GROUP_TAGS.printer]),
      attr(0x23, 'printer-state', int32(5)),
      attr(0x21, 'marker-levels', int32(40)),
      attr(0x21, '', int32(-3)),
      attr(0x44, 'printer-state-reasons', 'media-empty-error'),
      attr(0x44, '', 'paused'),
      attr(0x42, 'printer-name', 'HDP'),
      Buffer.from([IPP_GROUP_TAGS.end]),
    ]);
    const message = decodeIppMessage(bytes);
    expect(message.version).toEqual([2, 0]);
    expect(message.code).toBe(0);
    expect(message.requestId).toBe(7);
    expect(message.groups.map((g) => g.tag)).toEqual([IPP_GROUP_TAGS.operation, IPP_GROUP_TAGS.printer]);
    expect(ippNumbers(findIppAttribute(message, 'printer-state'))).toEqual([5]);
    expect(ippNumbers(findIppAttribute(message, 'marker-levels', IPP_GROUP_TAGS.printer))).toEqual([40, -3]);
    expect(ippStrings(findIppAttribute(message, 'printer-state-reasons'))).toEqual(['media-empty-error', 'paused']);
    expect(ippStrings(findIppAttribute(message, 'printer-name'))).toEqual(['HDP']);
    expect(findIppAttribute(message, 'printer-state', IPP_GROUP_TAGS.job)).toBeUndefined();
    expect(message.data.length).toBe(0);
  });

  it('skips collections, nested and 1setOf, and keeps decoding the attributes after them', () => {
    const member = (name: string, tag: number, value: Uint8Array | string): Buffer =>
      Buffer.concat([attr(IPP_VALUE_TAGS.memberAttrName, '', name), attr(tag, '', value)]);
    const mediaCol = (x: number): Buffer =>
      Buffer.concat([
        member('media-key', 0x44, 'cr80'),
        attr(IPP_VALUE_TAGS.memberAttrName, '', 'media-size'),
        attr(IPP_VALUE_TAGS.begCollection, '', ''),
        member('x-dimension', 0x21, int32(x)),
        member('y-dimension', 0x21, int32(5398)),
        attr(IPP_VALUE_TAGS.endCollection, '', ''),
        attr(IPP_VALUE_TAGS.endCollection, '', ''),
      ]);
    const bytes = Buffer.concat([
      header(0, 1),
      opGroup(),
      Buffer.from([IPP_GROUP_TAGS.printer]),
      attr(IPP_VALUE_TAGS.begCollection, 'media-col-database', ''),
      mediaCol(8560),
      attr(IPP_VALUE_TAGS.begCollection, '', ''),
      mediaCol(8600),
      attr(0x44, 'printer-state-reasons', 'none'),
      attr(0x23, 'printer-state', int32(3)),
      Buffer.from([IPP_GROUP_TAGS.end]),
    ]);
    const message = decodeIppMessage(bytes);
    expect(findIppAttribute(message, 'media-col-database')?.values).toEqual([{ type: 'collection' }, { type: 'collection' }]);
    expect(ippStrings(findIppAttribute(message, 'printer-state-reasons'))).toEqual(['none']);
    expect(ippNumbers(findIppAttribute(message, 'printer-state'))).toEqual([3]);
  });

  it('decodes out-of-band, dateTime, resolution, range, text-with-language and octetString values', () => {
    const date = Buffer.from([0x07, 0xea, 11, 27, 23, 21, 16, 5, 0x2b, 7, 0]); // 2026-11-27T23:21:16.5+07:00
    const res = Buffer.alloc(9);
    res.writeInt32BE(300, 0);
    res.writeInt32BE(600, 4);
    res[8] = 3;
    const range = Buffer.concat([int32(1), int32(999)]);
    const twl = Buffer.concat([Buffer.from([0, 2]), Buffer.from('id'), Buffer.from([0, 4]), Buffer.from('Pita')]);
    const message = decodeIppMessage(
      Buffer.concat([
        header(0, 1),
        Buffer.from([IPP_GROUP_TAGS.job]),
        attr(0x13, 'time-at-processing', ''),
        attr(0x31, 'date-time-at-creation', date),
        attr(0x32, 'printer-resolution', res),
        attr(0x33, 'copies-supported', range),
        attr(0x35, 'job-state-message', twl),
        attr(0x30, 'printer-supply', 'type=ink;level=5;'),
        attr(0x22, 'printer-is-accepting-jobs', Uint8Array.of(1)),
        attr(0x5f, 'vendor-thing', 'xy'),
        Buffer.from([IPP_GROUP_TAGS.end]),
        Buffer.from('DOC'),
      ]),
    );
    const values = (name: string) => findIppAttribute(message, name)?.values;
    expect(values('time-at-processing')).toEqual([{ type: 'outOfBand', tag: 0x13 }]);
    expect(values('date-time-at-creation')).toEqual([{ type: 'dateTime', value: new Date('2026-11-27T16:21:16.500Z') }]);
    expect(values('printer-resolution')).toEqual([{ type: 'resolution', x: 300, y: 600, units: 3 }]);
    expect(values('copies-supported')).toEqual([{ type: 'range', lower: 1, upper: 999 }]);
    expect(values('job-state-message')).toEqual([{ type: 'stringWithLanguage', tag: 0x35, language: 'id', value: 'Pita' }]);
    expect(ippStrings(findIppAttribute(message, 'printer-supply'))).toEqual(['type=ink;level=5;']);
    expect(values('printer-is-accepting-jobs')).toEqual([{ type: 'boolean', value: true }]);
    expect(values('vendor-thing')).toEqual([{ type: 'raw', tag: 0x5f, value: Uint8Array.from(Buffer.from('xy')) }]);
    expect(Buffer.from(message.data).toString()).toBe('DOC');
  });

  const valid = Buffer.concat([
    header(0, 3),
    opGroup(),
    Buffer.from([IPP_GROUP_TAGS.printer]),
    attr(0x23, 'printer-state', int32(3)),
    attr(IPP_VALUE_TAGS.begCollection, 'media-col-default', ''),
    attr(IPP_VALUE_TAGS.memberAttrName, '', 'media-key'),
    attr(0x44, '', 'cr80'),
    attr(IPP_VALUE_TAGS.endCollection, '', ''),
    attr(0x44, 'printer-state-reasons', 'none'),
    Buffer.from([IPP_GROUP_TAGS.end]),
  ]);

  it('rejects every truncation of a valid message with a malformed error naming the offset', () => {
    expect(() => decodeIppMessage(valid)).not.toThrow();
    for (let length = 0; length < valid.length; length++) {
      let caught: unknown;
      try {
        decodeIppMessage(valid.subarray(0, length));
      } catch (error) {
        caught = error;
      }
      expect(caught, `prefix of ${length} bytes`).toBeInstanceOf(IppEncodingError);
      expect((caught as IppEncodingError).code).toBe('malformed');
      expect((caught as IppEncodingError).message).toMatch(/IPP (message|collection)/);
    }
  });

  it('gives clear errors for inconsistent messages', () => {
    const bad = (bytes: Buffer): IppEncodingError => {
      try {
        decodeIppMessage(bytes);
      } catch (error) {
        if (error instanceof IppEncodingError) return error;
        throw error;
      }
      throw new Error('decoded without error');
    };
    const end = Buffer.from([IPP_GROUP_TAGS.end]);
    expect(bad(Buffer.concat([header(0, 1), Buffer.from([4]), attr(0x21, 'marker-levels', Buffer.from([0, 1])), end])).message).toBe(
      'IPP attribute "marker-levels" at byte 9: integer value is 2 bytes, expected 4.',
    );
    expect(bad(Buffer.concat([header(0, 1), attr(0x21, 'x', int32(1)), end])).message).toMatch(/before any group tag/);
    expect(bad(Buffer.concat([header(0, 1), Buffer.from([4]), attr(0x21, '', int32(1)), end])).message).toMatch(/additional value .* no attribute/);
    expect(bad(Buffer.concat([header(0, 1), Buffer.from([4]), attr(0x37, 'x', ''), end])).message).toMatch(/outside a collection/);
    expect(bad(Buffer.concat([header(0, 1), Buffer.from([4]), attr(0x34, 'col', ''), Buffer.from([4]), end])).message).toMatch(
      /group tag 0x04 inside a collection/,
    );
    expect(bad(Buffer.concat([Buffer.from([9, 0, 0, 0, 0, 0, 0, 1]), end])).message).toMatch(/unsupported version 9\.0/);
    expect(bad(Buffer.from('HTTP/1.1 200 OK\r\n')).code).toBe('malformed');
  });

  it('throws only IppEncodingError for arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodeIppMessage(Uint8Array.from([2, 0, 0, 0, 0, 0, 0, 1, ...bytes]));
        } catch (error) {
          return error instanceof IppEncodingError;
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('encodeIppMessage', () => {
  it('writes the RFC 8010 layout with additional values for a 1setOf', () => {
    const bytes = encodeIppMessage({
      version: [2, 0],
      code: IPP_OPERATIONS.getPrinterAttributes,
      requestId: 9,
      groups: [
        {
          tag: IPP_GROUP_TAGS.operation,
          attributes: [
            { name: 'attributes-charset', values: [ippCharset('utf-8')] },
            { name: 'requested-attributes', values: [ippKeyword('printer-state'), ippKeyword('marker-levels')] },
          ],
        },
      ],
      data: new Uint8Array(0),
    });
    const expected = Buffer.concat([
      Buffer.from([2, 0, 0x00, 0x0b, 0, 0, 0, 9, 1]),
      attr(0x47, 'attributes-charset', 'utf-8'),
      attr(0x44, 'requested-attributes', 'printer-state'),
      attr(0x44, '', 'marker-levels'),
      Buffer.from([3]),
    ]);
    expect(bytes.toString('hex')).toBe(expected.toString('hex'));
  });

  it('round-trips every value type it can write, and appends document data', () => {
    const message: IppMessage = {
      version: [1, 1],
      code: IPP_OPERATIONS.printJob,
      requestId: 0x7fffffff,
      groups: [
        {
          tag: IPP_GROUP_TAGS.operation,
          attributes: [
            { name: 'attributes-charset', values: [ippCharset('utf-8')] },
            { name: 'attributes-natural-language', values: [ippLanguage('id')] },
            { name: 'printer-uri', values: [ippUri('ipp://127.0.0.1:631/printers/hdp')] },
            { name: 'job-id', values: [ippInteger(-2147483648)] },
            { name: 'fidelity', values: [ippBoolean(false), ippBoolean(true)] },
            { name: 'orientation', values: [ippEnum(4)] },
          ],
        },
        {
          tag: IPP_GROUP_TAGS.job,
          attributes: [
            { name: 'when', values: [{ type: 'dateTime', value: new Date('2026-01-02T03:04:05.600Z') }] },
            { name: 'res', values: [{ type: 'resolution', x: 300, y: 300, units: 3 }] },
            { name: 'range', values: [{ type: 'range', lower: -1, upper: 5 }] },
            { name: 'msg', values: [{ type: 'stringWithLanguage', tag: 0x35, language: 'id', value: 'Kartu macet ✓' }] },
            { name: 'blob', values: [{ type: 'octetString', value: Uint8Array.of(0, 255, 7) }] },
            { name: 'nothing', values: [{ type: 'outOfBand', tag: 0x13 }] },
          ],
        },
      ],
      data: Uint8Array.from(Buffer.from('\x89PNG')),
    };
    expect(decodeIppMessage(encodeIppMessage(message))).toEqual(message);
  });

  it('refuses values it cannot write', () => {
    const withValues = (values: IppMessage['groups'][number]['attributes'][number]['values']): IppMessage => ({
      version: [2, 0],
      code: 1,
      requestId: 1,
      groups: [{ tag: 1, attributes: [{ name: 'x', values }] }],
      data: new Uint8Array(0),
    });
    expect(() => encodeIppMessage(withValues([]))).toThrow(/"x" has no values/);
    expect(() => encodeIppMessage(withValues([{ type: 'collection' }]))).toThrow(/collection/);
    expect(() => encodeIppMessage(withValues([ippInteger(2 ** 31)]))).toThrow(IppEncodingError);
  });
});
