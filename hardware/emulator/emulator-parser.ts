/**
 * The emulator's own command parser, written from printer-protocols.md §1.1–§1.3 and §3.3/§3.5
 * (deliberately independent of hardware/evolis/, so it cannot share the driver's bugs).
 *
 * - accepts a command without ESC when it directly follows the end character (§1.1);
 * - skips NULs between commands (§1.2 NUL padding);
 * - honours `Psc` at once, so later bytes in the same chunk use the new characters (§1.3);
 * - reads `Db` payloads by the fixed size of §3.3 and `Dbc` payloads by their count field,
 *   then expects the closing end character (§1.2);
 * - bounds command text: an over-long command is discarded up to its end character.
 */

export interface EmulatorCommand {
  /** Command name, e.g. `Rlr`; empty for an unparseable command. */
  readonly name: string;
  readonly params: readonly string[];
  /** Binary payload of `Db`/`Dbc`. */
  readonly payload?: Uint8Array;
  /** The command text without payload, for logs. */
  readonly text: string;
}

const DEFAULT_START = 27;
const DEFAULT_SEPARATOR = 59;
const DEFAULT_END = 13;
const MAX_TEXT_BYTES = 1024;

type Mode = 'idle' | 'text' | 'discard' | 'payload' | 'closing';

/** Bytes of an uncompressed panel at a level count (§3.3), or undefined for an unknown level. */
function emulatorPanelBytes(levels: number): number | undefined {
  const bits = ({ 2: 1, 32: 5, 64: 6, 128: 7 } as Record<number, number>)[levels];
  return bits === undefined ? undefined : (648 * 1016 * bits) / 8;
}

export class EmulatorParser {
  start = DEFAULT_START;
  separator = DEFAULT_SEPARATOR;
  end = DEFAULT_END;
  #mode: Mode = 'idle';
  #afterEnd = true;
  #text: number[] = [];
  #payload: Uint8Array = new Uint8Array(0);
  #payloadFilled = 0;
  #header: { name: string; params: string[]; text: string } | undefined;

  push(chunk: Uint8Array): EmulatorCommand[] {
    const out: EmulatorCommand[] = [];
    let i = 0;
    while (i < chunk.length) {
      const byte = chunk[i]!;
      switch (this.#mode) {
        case 'idle':
          i += 1;
          if (byte === 0x00 || byte === 0x0a) break;
          if (byte === this.start) {
            this.#beginText();
          } else if (byte === this.end) {
            this.#afterEnd = true;
          } else if (this.#afterEnd && isLetter(byte)) {
            // §1.1: ESC may be left out right after a CR.
            this.#beginText();
            this.#text.push(byte);
          } else {
            this.#afterEnd = false;
          }
          break;
        case 'text':
          i += 1;
          if (byte === this.end) {
            out.push(this.#finishText());
          } else if (byte === this.start) {
            this.#beginText();
          } else if (byte === 0x00) {
            // NUL inside a command line is padding gone astray; ignore it.
          } else if (this.#text.length >= MAX_TEXT_BYTES) {
            this.#mode = 'discard';
          } else {
            this.#text.push(byte);
            this.#checkPayloadHeader();
          }
          break;
        case 'discard':
          i += 1;
          if (byte === this.end) {
            this.#mode = 'idle';
            this.#afterEnd = true;
            this.#text = [];
            out.push({ name: '', params: [], text: '(over-long command)' });
          }
          break;
        case 'payload': {
          const take = Math.min(chunk.length - i, this.#payload.length - this.#payloadFilled);
          this.#payload.set(chunk.subarray(i, i + take), this.#payloadFilled);
          this.#payloadFilled += take;
          i += take;
          if (this.#payloadFilled === this.#payload.length) this.#mode = 'closing';
          break;
        }
        case 'closing': {
          const header = this.#header!;
          out.push({ name: header.name, params: header.params, payload: this.#payload, text: header.text });
          this.#header = undefined;
          this.#payload = new Uint8Array(0);
          this.#mode = 'idle';
          if (byte === this.end) {
            i += 1;
            this.#afterEnd = true;
          } else {
            // Tolerate a missing closing CR: re-read this byte as the start of what follows.
            this.#afterEnd = false;
          }
          break;
        }
      }
    }
    return out;
  }

  #beginText(): void {
    this.#mode = 'text';
    this.#text = [];
  }

  #finishText(): EmulatorCommand {
    this.#mode = 'idle';
    this.#afterEnd = true;
    const text = String.fromCharCode(...this.#text);
    this.#text = [];
    const [name = '', ...params] = text.split(String.fromCharCode(this.separator));
    if (name === 'Psc') this.#applyPsc(params);
    return { name, params, text };
  }

  #applyPsc(params: string[]): void {
    if (params.length === 0 || (params.length === 1 && params[0] === '')) {
      this.start = DEFAULT_START;
      this.separator = DEFAULT_SEPARATOR;
      this.end = DEFAULT_END;
      return;
    }
    const codes = params.map(Number);
    if (codes.length === 3 && codes.every((c) => Number.isInteger(c) && c > 0 && c < 256)) {
      [this.start, this.separator, this.end] = codes as [number, number, number];
    }
  }

  #checkPayloadHeader(): void {
    if (this.#text[this.#text.length - 1] !== this.separator) return;
    const text = String.fromCharCode(...this.#text);
    const parts = text.split(String.fromCharCode(this.separator));
    const name = parts[0];
    if (name === 'Db' && parts.length === 4 && parts[3] === '') {
      const size = emulatorPanelBytes(Number(parts[2]));
      if (size !== undefined) this.#beginPayload(name, parts.slice(1, 3), text, size);
    } else if (name === 'Dbc' && parts.length === 5 && parts[4] === '') {
      const count = Number(parts[3]);
      // Bounded: nothing larger than an uncompressed 128-level panel plus a token per line is plausible.
      if (/^\d+$/.test(parts[3]!) && count <= 2 * 648 * 1016) this.#beginPayload(name, parts.slice(1, 4), text, count);
    }
  }

  #beginPayload(name: string, params: string[], text: string, size: number): void {
    this.#header = { name, params, text: text.slice(0, -1) };
    this.#payload = new Uint8Array(size);
    this.#payloadFilled = 0;
    this.#mode = size === 0 ? 'closing' : 'payload';
    this.#text = [];
  }
}

function isLetter(byte: number): boolean {
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}
