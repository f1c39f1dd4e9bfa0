import type { StationConnection } from '../src/api/station-connection.js';
import type { ConsoleTarget } from './console-root.js';
import { AltScreen } from './terminal/alt-screen.js';
import { osc52 } from './terminal/clipboard.js';
import { createInkOutput } from './terminal/ink-output.js';
import { loadInk } from './terminal/load-ink.js';
import { createTerminalSizeStore } from './terminal/terminal-size-store.js';
import { resolveTheme } from './theme/theme.js';

/** Frame cap: enough for a live console, low enough for a slow SSH link. */
export const MAX_FPS = 10;

/** Where process-level events come from; `process` in production, an EventEmitter in tests. */
export interface ProcessEvents {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
}

export interface RunConsoleOptions {
  readonly connection: StationConnection;
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  /** Read for NO_COLOR, TERM, COLORTERM and CETAK_ASCII; normally process.env. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Signals and uncaught errors are taken from here; defaults to `process`. */
  readonly processEvents?: ProcessEvents;
  readonly now?: () => number;
  /** Called after each frame Ink renders, with its render time in ms (benchmarks, test harnesses). */
  readonly onRender?: (metrics: { readonly renderTime: number }) => void;
  /** The data folder and socket the console attached to, said if the station stops answering. */
  readonly target?: ConsoleTarget;
  /** Sign out after this long without a key; 0 or absent never. */
  readonly idleSignOutMs?: number;
  /** Clicks and the wheel (the console.mouse setting); off leaves the mouse to the terminal. */
  readonly mouse?: boolean;
}

const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * Runs the full-screen console until the operator quits, then restores the terminal.
 *
 * The alternate screen is entered first and left on every way out: `q`, Ctrl+C, SIGTERM, SIGINT,
 * SIGHUP (SSH hang-up), an uncaught exception or rejection, a render error, and process exit. On a
 * signal the promise resolves after the terminal is restored and `process.exitCode` is set to
 * 128 + signal number (when `processEvents` is `process`); on an error it rejects with that error
 * after restoring. The connection is not closed here: the caller owns it.
 */
export async function runConsole(options: RunConsoleOptions): Promise<void> {
  const { connection, stdin, stdout, env } = options;
  const events: ProcessEvents = options.processEvents ?? process;
  const theme = resolveTheme(env);
  const ink = await loadInk();
  // React is CommonJS: bundled or not, its exports may sit on `default` of the namespace.
  const reactModule = (await import('react')) as typeof import('react') & { default?: typeof import('react') };
  const React = reactModule.default ?? reactModule;
  const { ConsoleRoot } = await import('./console-root.js');

  // Before Ink subscribes to resizes, so this store's listener runs first.
  const sizeStore = createTerminalSizeStore(stdout);
  const screen = new AltScreen(stdout, stdin, { mouse: options.mouse ?? false });
  const onStdoutError = (): void => {
    // A hung-up terminal fails writes with EIO; the session ends through SIGHUP or stdin's end.
  };
  stdout.on('error', onStdoutError);
  screen.enter();

  const instance = ink.render(React.createElement(ConsoleRoot, { connection, theme, now: options.now, sizeStore, ...(options.target ? { target: options.target } : {}), idleSignOutMs: options.idleSignOutMs ?? 0, copy: (text: string) => void stdout.write(osc52(text)) }), {
    stdout: createInkOutput(stdout, { ascii: theme.glyphs.kind === 'ascii' }),
    stdin,
    exitOnCtrlC: false,
    patchConsole: false,
    incrementalRendering: true,
    maxFps: MAX_FPS,
    ...(options.onRender ? { onRender: options.onRender } : {}),
  });

  const onSignal = (signal: keyof typeof SIGNAL_EXIT_CODES) => (): void => {
    if (events === process) process.exitCode = SIGNAL_EXIT_CODES[signal];
    instance.unmount();
  };
  const signalHandlers = (Object.keys(SIGNAL_EXIT_CODES) as (keyof typeof SIGNAL_EXIT_CODES)[]).map((s) => [s, onSignal(s)] as const);
  // Ink's public unmount() takes no error, so the error is kept here and thrown after cleanup.
  let failure: Error | null = null;
  const onError = (error: unknown): void => {
    failure ??= error instanceof Error ? error : new Error(String(error));
    instance.unmount();
  };
  const onExit = (): void => screen.leave();
  for (const [signal, handler] of signalHandlers) events.on(signal, handler);
  events.on('uncaughtException', onError);
  events.on('unhandledRejection', onError);
  events.on('exit', onExit);
  // The terminal went away without a signal (stdin closed): nothing can be read, so end the session.
  const onStdinEnd = (): void => instance.unmount();
  stdin.on('end', onStdinEnd);

  try {
    await instance.waitUntilExit();
  } finally {
    for (const [signal, handler] of signalHandlers) events.off(signal, handler);
    events.off('uncaughtException', onError);
    events.off('unhandledRejection', onError);
    events.off('exit', onExit);
    stdin.off('end', onStdinEnd);
    instance.unmount();
    screen.leave();
    sizeStore.dispose();
    stdout.off('error', onStdoutError);
  }
  if (failure) throw failure;
}
