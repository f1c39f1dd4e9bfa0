import { EventEmitter } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import { runConsole } from '../../ui/run-console.js';
import type { FakeConnection } from './fake-connection.js';
import { FIXTURE_NOW } from './snapshot-fixture.js';
import { ScreenModel } from './screen-model.js';

/** Clear-screen sequences: ED 2/3, RIS, and Ink's clearTerminal (which is ED 2 + ED 3 + home). */
export const CLEAR_SEQUENCES = ['\u001B[2J', '\u001B[3J', '\u001Bc'] as const;

/** A Writable that looks like an 80×24 terminal to Ink: isTTY, columns, rows, and resize events. */
export class FakeTtyOut extends Writable {
  isTTY = true;
  columns: number;
  rows: number;
  readonly chunks: string[] = [];
  constructor(columns: number, rows: number) {
    super({ decodeStrings: false });
    this.columns = columns;
    this.rows = rows;
  }
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    done();
  }
  get bytes(): number {
    return this.chunks.reduce((n, c) => n + Buffer.byteLength(c), 0);
  }
  all(): string {
    return this.chunks.join('');
  }
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
  getColorDepth(): number {
    return 24;
  }
  hasColors(): boolean {
    return true;
  }
}

/** A stdin that accepts raw mode, for Ink's useInput. */
export class FakeTtyIn extends PassThrough {
  isTTY = true;
  isRaw = false;
  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

export interface Session {
  readonly stdout: FakeTtyOut;
  readonly stdin: FakeTtyIn;
  readonly events: EventEmitter;
  readonly done: Promise<void>;
  /** Resolves after the first frame (loading Ink and the app takes a while on a cold start). */
  readonly ready: Promise<void>;
  /** Frames Ink has rendered, with render times in ms. */
  readonly renders: number[];
  /** Screen as a person would see it, rebuilt from every byte written so far. */
  screen(): ScreenModel;
  /** Types keys (one chunk each) and waits for the console to settle. */
  press(...keys: string[]): Promise<void>;
  settle(): Promise<void>;
  /** Bytes written since the call, after `action` and a settle. */
  measure(action: () => void | Promise<void>): Promise<string>;
}

export const KEYS = {
  enter: '\r', esc: '\u001B', tab: '\t', up: '\u001B[A', down: '\u001B[B', pgdn: '\u001B[6~', pgup: '\u001B[5~', ctrlC: '\u0003', backspace: '\u007F',
} as const;

/** Ink throttles frames at 10 per second (100 ms); waiting past that lets a trailing frame land. */
export const FRAME_MS = 120;

export const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function startConsole(connection: FakeConnection, options: { columns?: number; rows?: number; env?: Record<string, string | undefined> } = {}): Session {
  const stdout = new FakeTtyOut(options.columns ?? 80, options.rows ?? 24);
  const stdin = new FakeTtyIn();
  const events = new EventEmitter();
  const renders: number[] = [];
  let firstFrame: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    firstFrame = resolve;
  });
  const done = runConsole({
    onRender: ({ renderTime }) => {
      renders.push(renderTime);
      firstFrame();
    },
    connection,
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
    env: options.env ?? { TERM: 'xterm-256color' },
    processEvents: events,
    now: () => FIXTURE_NOW,
  });
  const settle = async () => {
    // Requests answer on the microtask queue and the fake's setImmediate; frames land within FRAME_MS.
    await wait(FRAME_MS);
    await new Promise((r) => setImmediate(r));
    await wait(FRAME_MS);
  };
  return {
    stdout, stdin, events, done, renders,
    ready: ready.then(settle),
    settle,
    screen() {
      const model = new ScreenModel(stdout.columns, stdout.rows);
      model.write(stdout.all());
      return model;
    },
    async press(...keys: string[]) {
      for (const key of keys) {
        stdin.write(key);
        await wait(5);
      }
      await settle();
    },
    async measure(action) {
      const before = stdout.chunks.length;
      await action();
      await settle();
      return stdout.chunks.slice(before).join('');
    },
  };
}
