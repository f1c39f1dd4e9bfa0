import { afterEach } from 'vitest';
import * as ink from 'ink';
import { render } from 'ink-testing-library';
import { ConsoleRoot } from '../../ui/console-root.js';
import { provideInk } from '../../ui/terminal/ink-runtime.js';
import { resolveTheme } from '../../ui/theme/theme.js';
import type { FakeConnection } from './fake-connection.js';
import { FIXTURE_NOW } from './snapshot-fixture.js';

// Component tests render through ink-testing-library's Ink; run-console would bind it via loadInk().
provideInk(ink);

// Matches SGR and other CSI sequences, so tests read frames as text.
const ANSI = /\u001B\[[0-9;?]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface RenderedApp {
  frame(): string;
  lines(): string[];
  /** Types keys one at a time, letting React and the fake connection settle after each. */
  press(...keys: string[]): Promise<void>;
  type(text: string): Promise<void>;
  /** Writes each key as its own chunk with no pause between them, as a fast typist does, then settles. */
  burst(...keys: string[]): Promise<void>;
  /** Waits until the frame matches (text or pattern), failing with the last frame after `timeoutMs`. */
  waitFor(expected: string | RegExp, timeoutMs?: number): Promise<string>;
  quits: number;
  unmount(): void;
}

/** The console at a fixed 80×24 through ink-testing-library, with the fake station behind it. */
export function renderApp(
  connection: FakeConnection,
  options: { columns?: number; rows?: number; env?: Record<string, string>; idleSignOutMs?: number; target?: { home: string; socket: string }; copy?: (text: string) => void } = {},
): RenderedApp {
  const state = { quits: 0 };
  const theme = resolveTheme(options.env ?? { TERM: 'xterm-256color' });
  const instance = render(
    <ConsoleRoot
      connection={connection}
      theme={theme}
      now={() => FIXTURE_NOW}
      size={{ columns: options.columns ?? 80, rows: options.rows ?? 24 }}
      {...(options.idleSignOutMs !== undefined ? { idleSignOutMs: options.idleSignOutMs } : {})}
      {...(options.target ? { target: options.target } : {})}
      {...(options.copy ? { copy: options.copy } : {})}
      onQuit={() => {
        state.quits += 1;
      }}
    />,
  );
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      instance.stdin.write(key);
      await delay(15);
    }
    await delay(30);
  };
  return {
    frame: () => stripAnsi(instance.lastFrame() ?? ''),
    lines: () => stripAnsi(instance.lastFrame() ?? '').split('\n'),
    press,
    type: (text: string) => press(...text.split('')),
    async burst(...keys: string[]) {
      for (const key of keys) instance.stdin.write(key);
      await delay(30);
    },
    async waitFor(expected, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      const matches = (f: string) => (typeof expected === 'string' ? f.includes(expected) : expected.test(f));
      for (;;) {
        const f = stripAnsi(instance.lastFrame() ?? '');
        if (matches(f)) return f;
        if (Date.now() > deadline) throw new Error(`frame never showed ${String(expected)}; last frame:\n${f}`);
        await delay(10);
      }
    },
    get quits() {
      return state.quits;
    },
    unmount: () => instance.unmount(),
  };
}

/**
 * A test file's console starter: renders, lets the first effects run so the key listener is attached
 * before keys arrive, and unmounts after each test.
 */
export function consoleStarter(): (connection: FakeConnection, options?: Parameters<typeof renderApp>[1]) => Promise<RenderedApp> {
  let app: RenderedApp | null = null;
  afterEach(() => {
    app?.unmount();
    app = null;
  });
  return async (connection, options) => {
    app?.unmount();
    app = renderApp(connection, options);
    await app.press();
    return app;
  };
}
