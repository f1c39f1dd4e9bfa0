/**
 * Reply framing for Evolis printers (printer-protocols.md §1.4): a reply ends at a `00` byte, or
 * after an idle gap once its first byte has arrived. Bounded: a frame never holds more than
 * `maxFrameBytes`; the excess is dropped up to the next `00` and the frame is flagged `overflow`,
 * so garbage on the line cannot grow memory. Knows bytes only, nothing about printers.
 */
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';

export interface EvolisFrame {
  readonly bytes: Uint8Array;
  /** True when bytes were dropped because the frame exceeded `maxFrameBytes`. */
  readonly overflow: boolean;
  /** How the frame ended. */
  readonly end: 'nul' | 'idle';
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

  /** True when part of a frame has arrived (an idle gap would complete it). */
  get hasPartial(): boolean {
    return this.#length > 0 || this.#overflow;
  }

  push(chunk: Uint8Array): EvolisFrame[] {
    const frames: EvolisFrame[] = [];
    for (let i = 0; i < chunk.length; i += 1) {
      const byte = chunk[i]!;
      if (byte === 0x00) {
        const frame = this.#take('nul');
        if (frame) frames.push(frame);
      } else if (this.#length < this.maxFrameBytes) {
        this.#buffer[this.#length++] = byte;
      } else {
        this.#overflow = true;
      }
    }
    return frames;
  }

  /** Complete the partial frame because the line went quiet; `undefined` if nothing is held. */
  flushIdle(): EvolisFrame | undefined {
    return this.#take('idle');
  }

  /** Forget any partial frame. */
  reset(): void {
    this.#length = 0;
    this.#overflow = false;
  }

  #take(end: 'nul' | 'idle'): EvolisFrame | undefined {
    if (this.#length === 0 && !this.#overflow) return undefined;
    const frame: EvolisFrame = { bytes: this.#buffer.slice(0, this.#length), overflow: this.#overflow, end };
    this.reset();
    return frame;
  }
}

export interface EvolisFrameTransformOptions extends EvolisFramerOptions {
  /** Silence after the first byte that completes a frame, in ms. Default 200. */
  readonly idleGapMs?: number;
}

/**
 * `EvolisFramer` as an object-mode Transform (serialport-parser style): bytes in, `EvolisFrame`s
 * out; an idle gap completes a partial frame; `end()` flushes what is left.
 */
export class EvolisFrameTransform extends Transform {
  readonly #framer: EvolisFramer;
  readonly #idleGapMs: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: EvolisFrameTransformOptions = {}) {
    super({ readableObjectMode: true });
    this.#framer = new EvolisFramer(options);
    const idle = options.idleGapMs ?? 200;
    if (!Number.isFinite(idle) || idle <= 0) throw new TypeError(`EvolisFrameTransform idleGapMs must be positive, got ${idle}.`);
    this.#idleGapMs = idle;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (const frame of this.#framer.push(chunk)) this.push(frame);
    this.#arm();
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.#disarm();
    const frame = this.#framer.flushIdle();
    if (frame) this.push(frame);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#disarm();
    callback(error);
  }

  #arm(): void {
    this.#disarm();
    if (!this.#framer.hasPartial) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const frame = this.#framer.flushIdle();
      if (frame) this.push(frame);
    }, this.#idleGapMs);
  }

  #disarm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
