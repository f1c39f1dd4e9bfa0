/** Cursor up one row. */
/** What Ink is told the terminal height is; see createInkOutput. */
const INK_ROWS = 10_000;

const CURSOR_UP_ONE = '\u001B[1A';

/**
 * Ink 6.8's incremental renderer assumes the cursor sits on the frame's last row between frames, but
 * when the frame is shorter than the terminal (which it must be: a frame as tall as the terminal makes
 * Ink clear the screen on every update) Ink ends each frame with a newline, one row lower. Every later
 * frame then lands one row too low and the screen smears. This wrapper moves the cursor back up after
 * each frame write, so Ink's relative moves are right again.
 *
 * It also keeps Ink out of its clear-screen path (see `rows` below) and, on the Linux console,
 * turns any non-ASCII character into ASCII.
 *
 * A frame write is recognised by how Ink's log-update ends one: with the frame's trailing newline or,
 * when the last rows did not change, with "cursor next line". Other writes (clear, cursor show/hide,
 * synchronized-output brackets) are passed through untouched.
 */
export function createInkOutput(stdout: NodeJS.WriteStream, options: { readonly ascii?: boolean } = {}): NodeJS.WriteStream {
  const write = (chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
    let data = chunk;
    if (typeof chunk === 'string' && (chunk.endsWith('\n') || chunk.endsWith('\u001B[E'))) data = chunk + CURSOR_UP_ONE;
    if (options.ascii && typeof data === 'string') data = toAscii(data);
    return (stdout.write as (...args: unknown[]) => boolean)(data, encoding, callback);
  };
  return new Proxy(stdout, {
    get(target, property, receiver) {
      if (property === 'write') return write;
      // Ink clears the whole screen before a frame when the previous one was as tall as the terminal,
      // which happens once after every shrink. The console's frames are always a row short of the
      // terminal and it repaints after a resize itself, so Ink is told the terminal is very tall.
      if (property === 'rows') return INK_ROWS;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const ASCII_FOR: Readonly<Record<string, string>> = {
  '…': '~', '×': 'x', '•': '*', '→': '>', '←': '<', '↑': '^', '↓': 'v', '▶': '>', '█': '#', '░': '.', '─': '-', '│': '|',
  '┌': '+', '┐': '+', '└': '+', '┘': '+', '–': '-', '—': '-', '‘': "'", '’': "'", '“': '"', '”': '"',
};

/**
 * The Linux text console shows only what its font has; station-sent words may still carry a "…" or an
 * accented letter. Each character outside ASCII becomes one ASCII character, so columns stay aligned.
 */
export function toAscii(text: string): string {
  return text.replace(/[^\x00-\x7f]/gu, (ch) => ASCII_FOR[ch] ?? (ch.normalize('NFD').replace(/[^\x00-\x7f]/g, '') || '?'));
}
