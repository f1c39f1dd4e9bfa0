// A virtual card slot behind vsmartcard's vpcd reader driver (smartcards.md, "The vpcd wire
// protocol"): vpcd listens on localhost, one TCP port per virtual reader; a card is "inserted" while
// a client is connected there. Every message both ways is a 2-byte big-endian length and that many
// bytes. Reader → card: length 1 is a control byte (00 power off, 01 power on, 02 reset: no answer;
// 04 get ATR: answered with the ATR); anything longer is a command APDU, answered with the response.
import { EventEmitter } from 'node:events';
import { Socket, connect } from 'node:net';
import type { VirtualCard } from './virtual-card.js';

export const VPCD_DEFAULT_PORT = 35963;

const CONTROL_POWER_OFF = 0x00;
const CONTROL_POWER_ON = 0x01;
const CONTROL_RESET = 0x02;
const CONTROL_GET_ATR = 0x04;

/** What a test can make the card do to the next command APDU. */
export const VPCD_FAULTS = ['remove-on-next-apdu', 'hang'] as const;
export type VpcdFault = (typeof VPCD_FAULTS)[number];

export interface VpcdCardEmulatorOptions {
  readonly host?: string;
  /** The virtual reader's port: 35963 for the first reader of /etc/reader.conf.d/vpcd. */
  readonly port?: number;
  /** Delay before each APDU answer, to stand for a slow chip. Default 0. */
  readonly answerDelayMs?: number;
}

export interface VpcdExchange {
  readonly command: Buffer;
  /** Undefined when the card did not answer (removed mid-command, or hanging). */
  readonly response: Buffer | undefined;
}

/**
 * One card slot. `insert(card)` connects to vpcd; `remove()` closes the connection, which pcscd
 * sees as the card leaving the field. Faults act on the next command APDU only (control bytes and
 * ATR requests are still answered, so pcscd's polling does not trip them).
 *
 * Events: `inserted`, `removed`, `apdu` (VpcdExchange).
 */
export class VpcdCardEmulator extends EventEmitter {
  readonly #host: string;
  readonly #port: number;
  readonly #answerDelayMs: number;
  #socket: Socket | undefined;
  #card: VirtualCard | undefined;
  #pending: Buffer = Buffer.alloc(0);
  #fault: VpcdFault | undefined;
  #faultInstruction: number | undefined;
  #powered = false;
  readonly #exchanges: VpcdExchange[] = [];

  constructor(options: VpcdCardEmulatorOptions = {}) {
    super();
    this.#host = options.host ?? '127.0.0.1';
    this.#port = options.port ?? VPCD_DEFAULT_PORT;
    this.#answerDelayMs = options.answerDelayMs ?? 0;
  }

  get port(): number {
    return this.#port;
  }

  /** The card now in the slot, if any. */
  get card(): VirtualCard | undefined {
    return this.#card;
  }

  get powered(): boolean {
    return this.#powered;
  }

  /** Every command APDU received since the last `clearLog()`, with the answer given. */
  get exchanges(): readonly VpcdExchange[] {
    return this.#exchanges;
  }

  clearLog(): void {
    this.#exchanges.length = 0;
  }

  /**
   * Arms a fault for the next command APDU, or with `instruction` for the next one with that INS
   * byte (0xD6: in the middle of writing); `undefined` disarms.
   */
  setFault(fault: VpcdFault | undefined, options: { instruction?: number } = {}): void {
    this.#fault = fault;
    this.#faultInstruction = options.instruction;
  }

  /** Connects to vpcd with this card; resolves once connected. A card already in is removed first. */
  async insert(card: VirtualCard): Promise<void> {
    await this.remove();
    card.reset();
    this.#pending = Buffer.alloc(0);
    this.#powered = false;
    const socket = connect({ host: this.#host, port: this.#port });
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => {
        reject(new Error(`no vpcd reader on ${this.#host}:${this.#port} (is pcscd running with the vpcd driver?): ${error.message}`));
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        resolve();
      });
    });
    this.#socket = socket;
    this.#card = card;
    socket.on('data', (chunk: Buffer) => this.#onData(socket, chunk));
    // vpcd going away (pcscd stopped) is the reader vanishing: the card is out.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.#socket !== socket) return;
      this.#socket = undefined;
      this.#card = undefined;
      this.#powered = false;
      this.emit('removed');
    });
    this.emit('inserted');
  }

  /** Takes the card out of the field (closes the connection). Resolves once closed. */
  async remove(): Promise<void> {
    const socket = this.#socket;
    if (socket === undefined) return;
    this.#socket = undefined;
    this.#card = undefined;
    this.#powered = false;
    await new Promise<void>((resolve) => {
      if (socket.destroyed) {
        resolve();
        return;
      }
      socket.once('close', () => resolve());
      socket.destroy();
    });
    this.emit('removed');
  }

  #onData(socket: Socket, chunk: Buffer): void {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    while (this.#pending.length >= 2) {
      const length = this.#pending.readUInt16BE(0);
      if (this.#pending.length < 2 + length) return;
      const message = Buffer.from(this.#pending.subarray(2, 2 + length));
      this.#pending = this.#pending.subarray(2 + length);
      if (this.#socket !== socket) return;
      this.#onMessage(socket, message);
    }
  }

  #onMessage(socket: Socket, message: Buffer): void {
    const card = this.#card;
    if (card === undefined) return;
    if (message.length === 1) {
      switch (message[0]) {
        case CONTROL_POWER_OFF:
          this.#powered = false;
          return;
        case CONTROL_POWER_ON:
        case CONTROL_RESET:
          this.#powered = true;
          card.reset();
          return;
        case CONTROL_GET_ATR:
          this.#send(socket, card.atr);
          return;
        default:
          return; // unknown control bytes get no answer, as with vicc
      }
    }
    const armed = this.#faultInstruction === undefined || message[1] === this.#faultInstruction;
    const fault = armed ? this.#fault : undefined;
    if (armed) this.#fault = undefined;
    if (fault === 'remove-on-next-apdu') {
      this.#exchanges.push({ command: message, response: undefined });
      this.emit('apdu', { command: message, response: undefined });
      void this.remove();
      return;
    }
    if (fault === 'hang') {
      this.#exchanges.push({ command: message, response: undefined });
      this.emit('apdu', { command: message, response: undefined });
      return;
    }
    const response = card.respond(message);
    const answer = () => {
      if (this.#socket !== socket) return;
      this.#exchanges.push({ command: message, response });
      this.emit('apdu', { command: message, response });
      this.#send(socket, response);
    };
    if (this.#answerDelayMs > 0) setTimeout(answer, this.#answerDelayMs);
    else answer();
  }

  #send(socket: Socket, payload: Buffer): void {
    const header = Buffer.alloc(2);
    header.writeUInt16BE(payload.length, 0);
    socket.write(Buffer.concat([header, payload]));
  }
}
