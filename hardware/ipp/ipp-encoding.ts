/**
 * IPP message encoding and decoding (RFC 8010), pure: bytes in, objects out, no I/O.
 * Implements `printer-protocols.md` §6.1. Collections are skipped on decode (their members are
 * not needed for status, jobs or identity), but their bytes are walked so the attributes after
 * them decode correctly.
 */

/** Delimiter (group) tags, §6.1. */
export const IPP_GROUP_TAGS = {
  operation: 0x01,
  job: 0x02,
  end: 0x03,
  printer: 0x04,
  unsupported: 0x05,
} as const;

/** Value tags, §6.1 (RFC 8010 §3.5.2). */
export const IPP_VALUE_TAGS = {
  unsupported: 0x10,
  unknown: 0x12,
  noValue: 0x13,
  integer: 0x21,
  boolean: 0x22,
  enum: 0x23,
  octetString: 0x30,
  dateTime: 0x31,
  resolution: 0x32,
  rangeOfInteger: 0x33,
  begCollection: 0x34,
  textWithLanguage: 0x35,
  nameWithLanguage: 0x36,
  endCollection: 0x37,
  text: 0x41,
  name: 0x42,
  keyword: 0x44,
  uri: 0x45,
  uriScheme: 0x46,
  charset: 0x47,
  naturalLanguage: 0x48,
  mimeMediaType: 0x49,
  memberAttrName: 0x4a,
  extension: 0x7f,
} as const;

/** Operation ids used by cetak, §6.1 table. */
export const IPP_OPERATIONS = {
  printJob: 0x0002,
  validateJob: 0x0004,
  cancelJob: 0x0008,
  getJobAttributes: 0x0009,
  getJobs: 0x000a,
  getPrinterAttributes: 0x000b,
  pausePrinter: 0x0010,
  resumePrinter: 0x0011,
} as const;

/** Status codes named in §6.1; anything below 0x0100 is a success. */
export const IPP_STATUS = {
  successfulOk: 0x0000,
  successfulOkIgnoredOrSubstituted: 0x0001,
  clientErrorBadRequest: 0x0400,
  clientErrorForbidden: 0x0401,
  clientErrorNotAuthenticated: 0x0402,
  clientErrorNotAuthorized: 0x0403,
  clientErrorNotPossible: 0x0404,
  clientErrorNotFound: 0x0406,
  clientErrorDocumentFormatNotSupported: 0x040a,
  clientErrorAttributesOrValuesNotSupported: 0x040b,
  serverErrorInternalError: 0x0500,
  serverErrorOperationNotSupported: 0x0501,
  serverErrorDeviceError: 0x0504,
  serverErrorNotAcceptingJobs: 0x0506,
  serverErrorBusy: 0x0507,
} as const;

/** One decoded (or to-be-encoded) attribute value, discriminated on `type`. */
export type IppValue =
  | { readonly type: 'integer'; readonly value: number }
  | { readonly type: 'enum'; readonly value: number }
  | { readonly type: 'boolean'; readonly value: boolean }
  /** text, name, keyword, uri, uriScheme, charset, naturalLanguage, mimeMediaType (UTF-8). */
  | { readonly type: 'string'; readonly tag: number; readonly value: string }
  | { readonly type: 'stringWithLanguage'; readonly tag: number; readonly language: string; readonly value: string }
  | { readonly type: 'octetString'; readonly value: Uint8Array }
  | { readonly type: 'dateTime'; readonly value: Date }
  | { readonly type: 'resolution'; readonly x: number; readonly y: number; readonly units: number }
  | { readonly type: 'range'; readonly lower: number; readonly upper: number }
  /** A collection whose members were skipped on decode (never encoded by cetak). */
  | { readonly type: 'collection' }
  /** Out-of-band values: unsupported (0x10), unknown (0x12), no-value (0x13), others. */
  | { readonly type: 'outOfBand'; readonly tag: number }
  /** A value tag this decoder does not know, kept raw. */
  | { readonly type: 'raw'; readonly tag: number; readonly value: Uint8Array };

export interface IppAttribute {
  readonly name: string;
  readonly values: readonly IppValue[];
}

export interface IppGroup {
  /** Delimiter tag (`IPP_GROUP_TAGS`), kept numeric so unknown groups survive decoding. */
  readonly tag: number;
  readonly attributes: readonly IppAttribute[];
}

export interface IppMessage {
  /** `[major, minor]`, e.g. `[2, 0]`. */
  readonly version: readonly [number, number];
  /** operation-id in a request, status-code in a response. */
  readonly code: number;
  /** 1..2^31-1; a response echoes its request's id. */
  readonly requestId: number;
  readonly groups: readonly IppGroup[];
  /** Document data after end-of-attributes (empty for most messages). */
  readonly data: Uint8Array;
}

export const IPP_ENCODING_ERROR_CODES = ['malformed', 'invalid-value'] as const;
export type IppEncodingErrorCode = (typeof IPP_ENCODING_ERROR_CODES)[number];

/** Thrown by `decodeIppMessage` for bytes that are not an IPP message, and by the encoder for unencodable values. */
export class IppEncodingError extends Error {
  readonly code: IppEncodingErrorCode;
  /** Byte offset where decoding failed (decode only). */
  readonly offset: number | undefined;
  constructor(code: IppEncodingErrorCode, message: string, offset?: number) {
    super(message);
    this.name = 'IppEncodingError';
    this.code = code;
    this.offset = offset;
  }
}

// ---------------------------------------------------------------------------------------------
// Value constructors (keep request building readable).

export const ippInteger = (value: number): IppValue => ({ type: 'integer', value });
export const ippEnum = (value: number): IppValue => ({ type: 'enum', value });
export const ippBoolean = (value: boolean): IppValue => ({ type: 'boolean', value });
export const ippKeyword = (value: string): IppValue => ({ type: 'string', tag: IPP_VALUE_TAGS.keyword, value });
export const ippUri = (value: string): IppValue => ({ type: 'string', tag: IPP_VALUE_TAGS.uri, value });
export const ippCharset = (value: string): IppValue => ({ type: 'string', tag: IPP_VALUE_TAGS.charset, value });
export const ippLanguage = (value: string): IppValue => ({
  type: 'string',
  tag: IPP_VALUE_TAGS.naturalLanguage,
  value,
});
export const ippName = (value: string): IppValue => ({ type: 'string', tag: IPP_VALUE_TAGS.name, value });
export const ippText = (value: string): IppValue => ({ type: 'string', tag: IPP_VALUE_TAGS.text, value });
export const ippMimeType = (value: string): IppValue => ({ type: 'string', tag: IPP_VALUE_TAGS.mimeMediaType, value });

// ---------------------------------------------------------------------------------------------
// Encoding.

const STRING_TAGS: ReadonlySet<number> = new Set([
  0x41, 0x42, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a,
  // Reserved string range (RFC 8010 §3.5.2) is passed through as strings too.
  0x40, 0x43, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f,
]);

const MAX_SHORT = 0xffff;

class ByteWriter {
  #chunks: Buffer[] = [];
  byte(value: number): void {
    this.#chunks.push(Buffer.from([value & 0xff]));
  }
  short(value: number): void {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(value);
    this.#chunks.push(b);
  }
  int(value: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32BE(value);
    this.#chunks.push(b);
  }
  bytes(value: Uint8Array): void {
    this.#chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  result(): Buffer {
    return Buffer.concat(this.#chunks);
  }
}

function encodeValue(value: IppValue, attribute: string): { tag: number; bytes: Uint8Array } {
  switch (value.type) {
    case 'integer':
    case 'enum': {
      if (!Number.isInteger(value.value) || value.value < -0x80000000 || value.value > 0x7fffffff) {
        throw new IppEncodingError('invalid-value', `IPP attribute "${attribute}" has a non-32-bit integer ${value.value}.`);
      }
      const b = Buffer.alloc(4);
      b.writeInt32BE(value.value);
      return { tag: value.type === 'integer' ? IPP_VALUE_TAGS.integer : IPP_VALUE_TAGS.enum, bytes: b };
    }
    case 'boolean':
      return { tag: IPP_VALUE_TAGS.boolean, bytes: Uint8Array.of(value.value ? 1 : 0) };
    case 'string':
      return { tag: value.tag, bytes: Buffer.from(value.value, 'utf8') };
    case 'stringWithLanguage': {
      const lang = Buffer.from(value.language, 'utf8');
      const text = Buffer.from(value.value, 'utf8');
      const b = Buffer.alloc(4 + lang.length + text.length);
      b.writeUInt16BE(lang.length, 0);
      lang.copy(b, 2);
      b.writeUInt16BE(text.length, 2 + lang.length);
      text.copy(b, 4 + lang.length);
      return { tag: value.tag, bytes: b };
    }
    case 'octetString':
      return { tag: IPP_VALUE_TAGS.octetString, bytes: value.value };
    case 'dateTime':
      return { tag: IPP_VALUE_TAGS.dateTime, bytes: encodeDateTime(value.value) };
    case 'resolution': {
      const b = Buffer.alloc(9);
      b.writeInt32BE(value.x, 0);
      b.writeInt32BE(value.y, 4);
      b.writeInt8(value.units, 8);
      return { tag: IPP_VALUE_TAGS.resolution, bytes: b };
    }
    case 'range': {
      const b = Buffer.alloc(8);
      b.writeInt32BE(value.lower, 0);
      b.writeInt32BE(value.upper, 4);
      return { tag: IPP_VALUE_TAGS.rangeOfInteger, bytes: b };
    }
    case 'outOfBand':
      return { tag: value.tag, bytes: new Uint8Array(0) };
    case 'raw':
      return { tag: value.tag, bytes: value.value };
    case 'collection':
      throw new IppEncodingError('invalid-value', `IPP attribute "${attribute}" is a collection; cetak does not encode collections.`);
  }
}

/** RFC 2579 DateAndTime, always written in UTC. */
function encodeDateTime(date: Date): Uint8Array {
  const b = Buffer.alloc(11);
  b.writeUInt16BE(date.getUTCFullYear(), 0);
  b[2] = date.getUTCMonth() + 1;
  b[3] = date.getUTCDate();
  b[4] = date.getUTCHours();
  b[5] = date.getUTCMinutes();
  b[6] = date.getUTCSeconds();
  b[7] = Math.floor(date.getUTCMilliseconds() / 100);
  b[8] = 0x2b; // '+'
  b[9] = 0;
  b[10] = 0;
  return b;
}

/**
 * Encodes a message (§6.1): version, code, request-id, groups in the given order, end tag, data.
 * Each group's attributes are written with the additional-value form (name-length 0) for values
 * after the first, which is how a 1setOf goes on the wire.
 * @throws IppEncodingError `invalid-value` for an empty attribute, over-long name or value, or a collection.
 */
export function encodeIppMessage(message: IppMessage): Buffer {
  const w = new ByteWriter();
  w.byte(message.version[0]);
  w.byte(message.version[1]);
  w.short(message.code);
  w.int(message.requestId);
  for (const group of message.groups) {
    w.byte(group.tag);
    for (const attribute of group.attributes) {
      if (attribute.values.length === 0) {
        throw new IppEncodingError('invalid-value', `IPP attribute "${attribute.name}" has no values.`);
      }
      const name = Buffer.from(attribute.name, 'utf8');
      if (name.length === 0 || name.length > MAX_SHORT) {
        throw new IppEncodingError('invalid-value', `IPP attribute name "${attribute.name}" is empty or too long.`);
      }
      attribute.values.forEach((value, index) => {
        const { tag, bytes } = encodeValue(value, attribute.name);
        if (bytes.length > MAX_SHORT) {
          throw new IppEncodingError('invalid-value', `IPP attribute "${attribute.name}" has a value over 65535 bytes.`);
        }
        w.byte(tag);
        if (index === 0) {
          w.short(name.length);
          w.bytes(name);
        } else {
          w.short(0);
        }
        w.short(bytes.length);
        w.bytes(bytes);
      });
    }
  }
  w.byte(IPP_GROUP_TAGS.end);
  if (message.data.length > 0) w.bytes(message.data);
  return w.result();
}

// ---------------------------------------------------------------------------------------------
// Decoding.

class ByteReader {
  readonly #bytes: Buffer;
  offset = 0;
  constructor(bytes: Uint8Array) {
    this.#bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get remaining(): number {
    return this.#bytes.length - this.offset;
  }
  #need(count: number, what: string): void {
    if (this.remaining < count) {
      throw new IppEncodingError(
        'malformed',
        `IPP message truncated at byte ${this.offset}: ${what} needs ${count} bytes, ${this.remaining} left.`,
        this.offset,
      );
    }
  }
  byte(what: string): number {
    this.#need(1, what);
    return this.#bytes[this.offset++]!;
  }
  short(what: string): number {
    this.#need(2, what);
    const v = this.#bytes.readUInt16BE(this.offset);
    this.offset += 2;
    return v;
  }
  int(what: string): number {
    this.#need(4, what);
    const v = this.#bytes.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  take(count: number, what: string): Buffer {
    this.#need(count, what);
    const v = this.#bytes.subarray(this.offset, this.offset + count);
    this.offset += count;
    return v;
  }
  rest(): Buffer {
    const v = this.#bytes.subarray(this.offset);
    this.offset = this.#bytes.length;
    return v;
  }
}

function malformed(message: string, offset: number): IppEncodingError {
  return new IppEncodingError('malformed', message, offset);
}

function decodeValue(tag: number, bytes: Buffer, name: string, offset: number): IppValue {
  const fixed = (size: number, kind: string): void => {
    if (bytes.length !== size) {
      throw malformed(`IPP attribute "${name}" at byte ${offset}: ${kind} value is ${bytes.length} bytes, expected ${size}.`, offset);
    }
  };
  if (tag >= 0x10 && tag <= 0x1f) return { type: 'outOfBand', tag };
  switch (tag) {
    case IPP_VALUE_TAGS.integer:
      fixed(4, 'integer');
      return { type: 'integer', value: bytes.readInt32BE(0) };
    case IPP_VALUE_TAGS.enum:
      fixed(4, 'enum');
      return { type: 'enum', value: bytes.readInt32BE(0) };
    case IPP_VALUE_TAGS.boolean:
      fixed(1, 'boolean');
      return { type: 'boolean', value: bytes[0] !== 0 };
    case IPP_VALUE_TAGS.octetString:
      return { type: 'octetString', value: Uint8Array.from(bytes) };
    case IPP_VALUE_TAGS.dateTime:
      fixed(11, 'dateTime');
      return { type: 'dateTime', value: decodeDateTime(bytes) };
    case IPP_VALUE_TAGS.resolution:
      fixed(9, 'resolution');
      return { type: 'resolution', x: bytes.readInt32BE(0), y: bytes.readInt32BE(4), units: bytes.readInt8(8) };
    case IPP_VALUE_TAGS.rangeOfInteger:
      fixed(8, 'rangeOfInteger');
      return { type: 'range', lower: bytes.readInt32BE(0), upper: bytes.readInt32BE(4) };
    case IPP_VALUE_TAGS.textWithLanguage:
    case IPP_VALUE_TAGS.nameWithLanguage: {
      const bad = (): IppEncodingError =>
        malformed(`IPP attribute "${name}" at byte ${offset}: text-with-language value is inconsistent.`, offset);
      if (bytes.length < 4) throw bad();
      const langLength = bytes.readUInt16BE(0);
      if (2 + langLength + 2 > bytes.length) throw bad();
      const textLength = bytes.readUInt16BE(2 + langLength);
      if (4 + langLength + textLength !== bytes.length) throw bad();
      return {
        type: 'stringWithLanguage',
        tag,
        language: bytes.toString('utf8', 2, 2 + langLength),
        value: bytes.toString('utf8', 4 + langLength),
      };
    }
    default:
      if (STRING_TAGS.has(tag)) return { type: 'string', tag, value: bytes.toString('utf8') };
      return { type: 'raw', tag, value: Uint8Array.from(bytes) };
  }
}

function decodeDateTime(b: Buffer): Date {
  const utc = Date.UTC(b.readUInt16BE(0), (b[2] ?? 1) - 1, b[3], b[4], b[5], b[6], (b[7] ?? 0) * 100);
  const sign = b[8] === 0x2d ? -1 : 1; // '-' west of UTC
  const offsetMinutes = sign * ((b[9] ?? 0) * 60 + (b[10] ?? 0));
  return new Date(utc - offsetMinutes * 60_000);
}

/**
 * Skips the rest of a collection whose begCollection value was just read: member attributes
 * (memberAttrName + value) and nested collections, up to the matching endCollection.
 */
function skipCollection(r: ByteReader, name: string): void {
  const start = r.offset;
  let depth = 1;
  while (depth > 0) {
    if (r.remaining === 0) {
      throw malformed(`IPP collection "${name}" starting at byte ${start} has no endCollection.`, r.offset);
    }
    const tag = r.byte('collection member tag');
    if (tag <= 0x0f) {
      throw malformed(`IPP collection "${name}" at byte ${r.offset - 1}: group tag 0x${hex(tag)} inside a collection.`, r.offset - 1);
    }
    const nameLength = r.short('collection member name length');
    r.take(nameLength, 'collection member name');
    const valueLength = r.short('collection member value length');
    r.take(valueLength, 'collection member value');
    if (tag === IPP_VALUE_TAGS.begCollection) depth += 1;
    else if (tag === IPP_VALUE_TAGS.endCollection) depth -= 1;
  }
}

function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/**
 * Decodes a whole IPP message (§6.1). Attributes keep wire order; additional values (name-length 0)
 * are appended to the previous attribute, so a 1setOf arrives as one attribute with several values.
 * Collections become `{ type: 'collection' }` placeholders. Bytes after end-of-attributes are `data`.
 * @throws IppEncodingError `malformed` naming the byte offset for truncated or inconsistent input.
 */
export function decodeIppMessage(bytes: Uint8Array): IppMessage {
  const r = new ByteReader(bytes);
  if (r.remaining < 9) {
    throw malformed(`IPP message is ${r.remaining} bytes; the header and end tag alone need 9.`, 0);
  }
  const major = r.byte('version');
  const minor = r.byte('version');
  if (major < 1 || major > 2) throw malformed(`IPP message has unsupported version ${major}.${minor}.`, 0);
  const code = r.short('status code');
  const requestId = r.int('request id');

  const groups: { tag: number; attributes: { name: string; values: IppValue[] }[] }[] = [];
  let group: (typeof groups)[number] | undefined;
  let attribute: { name: string; values: IppValue[] } | undefined;
  for (;;) {
    const tagOffset = r.offset;
    if (r.remaining === 0) throw malformed(`IPP message ended at byte ${tagOffset} without an end-of-attributes tag.`, tagOffset);
    const tag = r.byte('tag');
    if (tag === IPP_GROUP_TAGS.end) break;
    if (tag <= 0x0f) {
      group = { tag, attributes: [] };
      groups.push(group);
      attribute = undefined;
      continue;
    }
    if (!group) throw malformed(`IPP message has an attribute at byte ${tagOffset} before any group tag.`, tagOffset);
    // An extension tag (0x7F) carries its real tag inside the value; it falls through to `raw`.
    const valueTag = tag;
    const nameLength = r.short('name length');
    const name = r.take(nameLength, 'attribute name').toString('utf8');
    const valueLength = r.short('value length');
    const valueBytes = r.take(valueLength, `value of "${name || attribute?.name || '?'}"`);
    let value: IppValue;
    if (valueTag === IPP_VALUE_TAGS.begCollection) {
      skipCollection(r, name || attribute?.name || '?');
      value = { type: 'collection' };
    } else if (valueTag === IPP_VALUE_TAGS.endCollection || valueTag === IPP_VALUE_TAGS.memberAttrName) {
      throw malformed(`IPP message has a collection member tag 0x${hex(valueTag)} outside a collection at byte ${tagOffset}.`, tagOffset);
    } else {
      value = decodeValue(valueTag, valueBytes, name || attribute?.name || '?', tagOffset);
    }
    if (nameLength === 0) {
      if (!attribute) throw malformed(`IPP message has an additional value at byte ${tagOffset} with no attribute before it.`, tagOffset);
      attribute.values.push(value);
    } else {
      attribute = { name, values: [value] };
      group.attributes.push(attribute);
    }
  }
  return { version: [major, minor], code, requestId, groups, data: Uint8Array.from(r.rest()) };
}

// ---------------------------------------------------------------------------------------------
// Reading helpers.

/** First attribute called `name` in groups with `groupTag` (any group when omitted). */
export function findIppAttribute(message: IppMessage, name: string, groupTag?: number): IppAttribute | undefined {
  for (const group of message.groups) {
    if (groupTag !== undefined && group.tag !== groupTag) continue;
    const found = group.attributes.find((a) => a.name === name);
    if (found) return found;
  }
  return undefined;
}

/** String values (text, name, keyword, …, and octetStrings read as UTF-8); out-of-band values are dropped. */
export function ippStrings(attribute: IppAttribute | undefined): string[] {
  if (!attribute) return [];
  const out: string[] = [];
  for (const v of attribute.values) {
    if (v.type === 'string' || v.type === 'stringWithLanguage') out.push(v.value);
    else if (v.type === 'octetString') out.push(Buffer.from(v.value).toString('utf8'));
  }
  return out;
}

/** Integer and enum values; out-of-band values are dropped. */
export function ippNumbers(attribute: IppAttribute | undefined): number[] {
  if (!attribute) return [];
  const out: number[] = [];
  for (const v of attribute.values) if (v.type === 'integer' || v.type === 'enum') out.push(v.value);
  return out;
}

/** Whether the status code is a success (0x0000–0x00FF). */
export function isIppSuccess(statusCode: number): boolean {
  return statusCode < 0x0100;
}
