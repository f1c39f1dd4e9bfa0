/**
 * Reply framing for Evolis printers (printer-protocols.md §1.4): a reply ends at its `00` byte and
 * nowhere else; silence in the middle of a reply does not end it (the driver judges such a reply
 * incomplete). Bounded: a frame never holds more than `maxFrameBytes`; the excess is dropped up to
 * the next `00` and the frame is flagged `overflow`, so garbage on the line cannot grow memory.
 * Knows bytes only, nothing about printers.
 */

export interface EvolisFrame {
  readonly bytes: Uint8Array;
  /** True when bytes were dropped because the frame exceeded `maxFrameBytes`. */
  readonly overflow: boolean;
}

export interface EvolisFramerOptions {
  /** Largest frame kept, in bytes. Default 4096. */
  readonly maxFrameBytes?: number;
}

/** The pure, clock-free core: push bytes in, get complete frames out. Empty frames (bare NULs) are dropped. */
export class EvolisFramer {
  readonly maxFrameBytes: number;
  #buffer: Uint8Array;
  #length = 0;
  #overflow = false;

  constructor(options: EvolisFramerOptions = {}) {
    const max = options.maxFrameBytes ?? 4096;
    if (!Number.isInteger(max) || max < 1) throw new TypeError(`EvolisFramer maxFrameBytes must be a positive integer, got ${max}.`);
    this.maxFrameBytes = max;
    this.#buffer = new Uint8Array(max);
  }

  /** Bytes of the unfinished frame held now (never more than `maxFrameBytes`). */
  get pendingBytes(): number {
    return this.#length;
  }

  /** True when part of a frame has arrived and its `00` has not. */
  get hasPartial(): boolean {
    return this.#length > 0 || this.#overflow;
  }

  push(chunk: Uint8Array): EvolisFrame[] {
    const frames: EvolisFrame[] = [];
    for (let i = 0; i < chunk.length; i += 1) {
      const byte = chunk[i]!;
      if (byte === 0x00) {
        const frame = this.#take();
        if (frame) frames.push(frame);
      } else if (this.#length < this.maxFrameBytes) {
        this.#buffer[this.#length++] = byte;
      } else {
        this.#overflow = true;
      }
    }
    return frames;
  }

  /** Forget any partial frame. */
  reset(): void {
    this.#length = 0;
    this.#overflow = false;
  }

  #take(): EvolisFrame | undefined {
    if (this.#length === 0 && !this.#overflow) return undefined;
    const frame: EvolisFrame = { bytes: this.#buffer.slice(0, this.#length), overflow: this.#overflow };
    this.reset();
    return frame;
  }
}
