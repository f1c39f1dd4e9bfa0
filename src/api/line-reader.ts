/**
 * Splits a byte stream into newline-terminated lines of at most `maxBytes` (the newline not
 * counted). A longer line is reported once through `onOversize` and then skipped up to its newline
 * without being kept: memory stays bounded by `maxBytes` whatever the peer sends.
 */
export class LineReader {
  readonly #maxBytes: number;
  readonly #onLine: (line: string) => void;
  readonly #onOversize: () => void;
  #parts: Buffer[] = [];
  #partsBytes = 0;
  #discarding = false;

  constructor(options: { maxBytes: number; onLine: (line: string) => void; onOversize: () => void }) {
    this.#maxBytes = options.maxBytes;
    this.#onLine = options.onLine;
    this.#onOversize = options.onOversize;
  }

  /** Feeds one chunk; calls `onLine` synchronously for every complete line in it, in order. */
  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(0x0a, start);
      if (newline === -1) {
        if (!this.#discarding) {
          this.#parts.push(chunk.subarray(start));
          this.#partsBytes += chunk.length - start;
          if (this.#partsBytes > this.#maxBytes) this.#startDiscarding();
        }
        return;
      }
      if (this.#discarding) {
        this.#discarding = false;
      } else if (this.#partsBytes + (newline - start) > this.#maxBytes) {
        this.#startDiscarding();
        this.#discarding = false;
      } else {
        const piece = chunk.subarray(start, newline);
        const line = this.#parts.length === 0 ? piece.toString('utf8') : Buffer.concat([...this.#parts, piece]).toString('utf8');
        this.#parts = [];
        this.#partsBytes = 0;
        this.#onLine(line);
      }
      start = newline + 1;
    }
  }

  #startDiscarding(): void {
    this.#parts = [];
    this.#partsBytes = 0;
    this.#discarding = true;
    this.#onOversize();
  }
}
