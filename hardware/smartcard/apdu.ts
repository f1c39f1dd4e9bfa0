// Command APDUs the encode stage sends, and the reading of response APDUs (ISO/IEC 7816-4 §5;
// `FF CA` is PC/SC part 3 §3.2.2.1.3, answered by the reader, not the chip).

/** GET DATA (PC/SC pseudo-APDU): the card's UID, all of it (Le 00). */
export const GET_UID_APDU: Buffer = Buffer.from([0xff, 0xca, 0x00, 0x00, 0x00]);

export interface ApduResponse {
  readonly data: Buffer;
  /** SW1 SW2 as one number, e.g. 0x9000. */
  readonly sw: number;
}

export function parseApduResponse(response: Buffer): ApduResponse | undefined {
  if (response.length < 2) return undefined;
  return { data: response.subarray(0, response.length - 2), sw: response.readUInt16BE(response.length - 2) };
}

export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}

/** Success, or a warning that still returned data (62xx, 63xx are warnings; 9000 is success). */
export function isSuccess(sw: number): boolean {
  return sw === 0x9000;
}

/** SELECT by file identifier (P1 00, P2 0C: no FCI wanted). */
export function selectFileApdu(fid: number): Buffer {
  return Buffer.from([0x00, 0xa4, 0x00, 0x0c, 0x02, (fid >> 8) & 0xff, fid & 0xff]);
}

function offsetBytes(offset: number): [number, number] {
  if (!Number.isInteger(offset) || offset < 0 || offset > 0x7fff) throw new RangeError(`file offset ${offset} is outside 0..32767`);
  return [(offset >> 8) & 0x7f, offset & 0xff];
}

/** READ BINARY of the current EF; `length` 1..256 (256 is coded 00). */
export function readBinaryApdu(offset: number, length: number): Buffer {
  if (!Number.isInteger(length) || length < 1 || length > 256) throw new RangeError(`READ BINARY length ${length} is outside 1..256`);
  return Buffer.from([0x00, 0xb0, ...offsetBytes(offset), length & 0xff]);
}

/** UPDATE BINARY of the current EF; 1..255 bytes (short APDU). */
export function updateBinaryApdu(offset: number, data: Buffer): Buffer {
  if (data.length < 1 || data.length > 255) throw new RangeError(`UPDATE BINARY of ${data.length} bytes is outside 1..255`);
  return Buffer.concat([Buffer.from([0x00, 0xd6, ...offsetBytes(offset), data.length]), data]);
}

/** A name for logs and errors: the instruction, never the data (which may be personal). */
export function apduName(apdu: Buffer): string {
  if (apdu[0] === 0xff && apdu[1] === 0xca) return 'GET UID';
  switch (apdu[1]) {
    case 0xa4:
      return 'SELECT';
    case 0xb0:
      return 'READ BINARY';
    case 0xd6:
      return 'UPDATE BINARY';
    default:
      return `INS ${(apdu[1] ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;
  }
}
