// A contactless card as a PC/SC reader presents it: a UID answered to the PC/SC pseudo-APDU
// `FF CA 00 00 00`, and a few transparent elementary files (SELECT / READ BINARY / UPDATE BINARY,
// ISO/IEC 7816-4) for the reference personaliser. Written from smartcards.md and ISO 7816-4; it
// shares no code with hardware/smartcard/, so it cannot share that layer's bugs.

/** An ATR a PC/SC contactless reader reports for an ISO 14443-4 card (PC/SC part 3, §3.1.3.2.3). */
export const VIRTUAL_CARD_ATR = Buffer.from('3b8880010000000000000000', 'hex');

/** The file the reference personaliser writes: FID 0x2F01 under the MF, 256 bytes. */
export const VIRTUAL_CARD_TEST_FILE_ID = 0x2f01;
export const VIRTUAL_CARD_TEST_FILE_BYTES = 256;

export interface VirtualCardOptions {
  /** 4, 7 or 10 bytes, hex (ISO/IEC 14443-3 UID sizes). */
  readonly uidHex: string;
  readonly atr?: Buffer;
  /** Transparent files by FID, with their fixed size in bytes. Default: the test file only. */
  readonly files?: ReadonlyMap<number, number>;
  /** Refuses UPDATE BINARY with 69 82 (security status not satisfied), like a locked chip. */
  readonly writeProtected?: boolean;
}

const SW_OK = [0x90, 0x00];
const SW_WRONG_LENGTH = [0x67, 0x00];
const SW_SECURITY = [0x69, 0x82];
const SW_NO_EF = [0x69, 0x86];
const SW_WRONG_DATA = [0x6a, 0x80];
const SW_FUNCTION_NOT_SUPPORTED = [0x6a, 0x81];
const SW_FILE_NOT_FOUND = [0x6a, 0x82];
const SW_WRONG_P1P2 = [0x6b, 0x00];
const SW_INS_NOT_SUPPORTED = [0x6d, 0x00];
const SW_CLA_NOT_SUPPORTED = [0x6e, 0x00];

interface ParsedCommand {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data: Buffer;
  /** Expected length; 256 when coded as 00; undefined when absent. */
  readonly le: number | undefined;
}

/** Short APDUs only (ISO 7816-4 §5.1 cases 1–4); extended lengths are not needed here. */
function parseCommand(apdu: Buffer): ParsedCommand | undefined {
  if (apdu.length < 4) return undefined;
  const [cla, ins, p1, p2] = [apdu[0]!, apdu[1]!, apdu[2]!, apdu[3]!];
  if (apdu.length === 4) return { cla, ins, p1, p2, data: Buffer.alloc(0), le: undefined };
  if (apdu.length === 5) return { cla, ins, p1, p2, data: Buffer.alloc(0), le: apdu[4] === 0 ? 256 : apdu[4] };
  const lc = apdu[4]!;
  if (lc === 0) return undefined;
  if (apdu.length === 5 + lc) return { cla, ins, p1, p2, data: apdu.subarray(5, 5 + lc), le: undefined };
  if (apdu.length === 6 + lc) {
    const le = apdu[5 + lc]!;
    return { cla, ins, p1, p2, data: apdu.subarray(5, 5 + lc), le: le === 0 ? 256 : le };
  }
  return undefined;
}

export class VirtualCard {
  readonly uid: Buffer;
  readonly atr: Buffer;
  readonly #files = new Map<number, Buffer>();
  readonly #writeProtected: boolean;
  #selected: number | undefined;

  constructor(options: VirtualCardOptions) {
    if (!/^([0-9a-f]{8}|[0-9a-f]{14}|[0-9a-f]{20})$/i.test(options.uidHex)) {
      throw new Error(`virtual card UID "${options.uidHex}" must be 4, 7 or 10 bytes of hex`);
    }
    this.uid = Buffer.from(options.uidHex, 'hex');
    this.atr = options.atr ?? VIRTUAL_CARD_ATR;
    this.#writeProtected = options.writeProtected === true;
    const files = options.files ?? new Map([[VIRTUAL_CARD_TEST_FILE_ID, VIRTUAL_CARD_TEST_FILE_BYTES]]);
    for (const [fid, size] of files) this.#files.set(fid, Buffer.alloc(size));
  }

  get uidHex(): string {
    return this.uid.toString('hex').toUpperCase();
  }

  /** A copy of a file's bytes, for tests to check what was written. */
  file(fid: number): Buffer | undefined {
    const content = this.#files.get(fid);
    return content === undefined ? undefined : Buffer.from(content);
  }

  /** Power-on or reset: the selection is lost, the files stay (they are non-volatile). */
  reset(): void {
    this.#selected = undefined;
  }

  /** Answers one command APDU with its response APDU (data, then SW1 SW2). */
  respond(apdu: Buffer): Buffer {
    const command = parseCommand(apdu);
    if (command === undefined) return Buffer.from(SW_WRONG_LENGTH);
    if (command.cla === 0xff) return this.#pcscPseudo(command);
    if ((command.cla & 0xf0) !== 0x00) return Buffer.from(SW_CLA_NOT_SUPPORTED);
    switch (command.ins) {
      case 0xa4:
        return this.#select(command);
      case 0xb0:
        return this.#readBinary(command);
      case 0xd6:
        return this.#updateBinary(command);
      default:
        return Buffer.from(SW_INS_NOT_SUPPORTED);
    }
  }

  // PC/SC part 3 §3.2.2.1.3: GET DATA, P1 00 = UID; Le 00 = all of it, a shorter Le is 6C xx.
  #pcscPseudo(command: ParsedCommand): Buffer {
    if (command.ins !== 0xca) return Buffer.from(SW_INS_NOT_SUPPORTED);
    if (command.p1 !== 0x00 || command.p2 !== 0x00) return Buffer.from(SW_FUNCTION_NOT_SUPPORTED);
    if (command.le !== undefined && command.le !== 256 && command.le < this.uid.length) {
      return Buffer.from([0x6c, this.uid.length]);
    }
    return Buffer.concat([this.uid, Buffer.from(SW_OK)]);
  }

  #select(command: ParsedCommand): Buffer {
    // Selection by file identifier only (P1 00, or 02 for an EF under the current DF).
    if ((command.p1 !== 0x00 && command.p1 !== 0x02) || command.data.length !== 2) return Buffer.from(SW_WRONG_P1P2);
    const fid = command.data.readUInt16BE(0);
    if (fid === 0x3f00) {
      this.#selected = undefined;
      return Buffer.from(SW_OK);
    }
    if (!this.#files.has(fid)) return Buffer.from(SW_FILE_NOT_FOUND);
    this.#selected = fid;
    return Buffer.from(SW_OK);
  }

  #current(command: ParsedCommand): { file: Buffer; offset: number } | Buffer {
    if ((command.p1 & 0x80) !== 0) return Buffer.from(SW_FUNCTION_NOT_SUPPORTED); // short-EF addressing
    const file = this.#selected === undefined ? undefined : this.#files.get(this.#selected);
    if (file === undefined) return Buffer.from(SW_NO_EF);
    const offset = (command.p1 << 8) | command.p2;
    if (offset > file.length) return Buffer.from(SW_WRONG_P1P2);
    return { file, offset };
  }

  #readBinary(command: ParsedCommand): Buffer {
    const target = this.#current(command);
    if (Buffer.isBuffer(target)) return target;
    if (command.data.length > 0) return Buffer.from(SW_WRONG_LENGTH);
    const wanted = command.le ?? 256;
    const data = target.file.subarray(target.offset, target.offset + wanted);
    // Fewer bytes than asked at the end of the file: 62 82 (end reached before Le bytes).
    return Buffer.concat([data, Buffer.from(data.length < wanted ? [0x62, 0x82] : SW_OK)]);
  }

  #updateBinary(command: ParsedCommand): Buffer {
    const target = this.#current(command);
    if (Buffer.isBuffer(target)) return target;
    if (command.data.length === 0) return Buffer.from(SW_WRONG_LENGTH);
    if (this.#writeProtected) return Buffer.from(SW_SECURITY);
    if (target.offset + command.data.length > target.file.length) return Buffer.from(SW_WRONG_DATA);
    command.data.copy(target.file, target.offset);
    return Buffer.from(SW_OK);
  }
}
