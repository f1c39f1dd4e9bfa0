// The contract of a card encoder (a PC/SC reader, standalone at the desk or inside a printer's
// contactless station) as the encode stage and the personalisers see it. Times are limits, not
// estimates: every call ends by its limit with a SmartCardError (code 'timeout').
import type { ApduResponse } from './apdu.js';

export interface ReaderInfo {
  readonly name: string;
  readonly cardPresent: boolean;
  /** Upper-case hex; undefined when no card (or a mute one) is present. */
  readonly atrHex: string | undefined;
}

export interface EncoderCallOptions {
  /** Limit for the whole call. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface ConnectOptions extends EncoderCallOptions {
  /**
   * How long to wait for a card when the reader is empty (an operator placing the blank).
   * 0 (default): an empty reader is 'no-card' at once.
   */
  readonly waitForCardMs?: number;
}

/** One connection to the card on one reader. After any error other than 'card-refused' it is closed. */
export interface CardSession {
  readonly readerName: string;
  readonly atrHex: string;
  readonly closed: boolean;
  /** Sends one command APDU; resolves with the response, whatever its status word. */
  transmit(apdu: Buffer, options?: EncoderCallOptions): Promise<ApduResponse>;
  /** `FF CA 00 00 00`: the UID as upper-case hex. A status other than 90 00 is 'card-refused'. */
  readUid(options?: EncoderCallOptions): Promise<string>;
  close(): void;
}

export interface CardEncoder {
  listReaders(options?: EncoderCallOptions): Promise<readonly ReaderInfo[]>;
  connect(readerName: string, options?: ConnectOptions): Promise<CardSession>;
  /** connect + readUid + close. */
  readUid(readerName: string, options?: ConnectOptions): Promise<string>;
}
