export interface TerminalSizeState {
  readonly columns: number;
  readonly rows: number;
  /**
   * True for one frame right after a resize: the console renders nothing, so Ink erases the old
   * frame line by line, and the next frame is written whole at the new size. No clear-screen needed.
   */
  readonly repainting: boolean;
}

export interface TerminalSizeStore {
  getSnapshot(): TerminalSizeState;
  subscribe(listener: () => void): () => void;
  dispose(): void;
}

export interface ResizableOutput {
  readonly columns?: number;
  readonly rows?: number;
  on(event: 'resize', listener: () => void): unknown;
  off(event: 'resize', listener: () => void): unknown;
}

export const DEFAULT_COLUMNS = 80;
export const DEFAULT_ROWS = 24;

/**
 * The terminal size as an external store for useSyncExternalStore. It must be created before Ink
 * renders, so its resize listener runs before Ink's: the tree is already blank (then re-laid out) when
 * Ink reacts to the resize, and Ink never draws a stale, too-tall frame.
 */
export function createTerminalSizeStore(stdout: ResizableOutput, schedule: (fn: () => void) => void = setImmediate): TerminalSizeStore {
  const read = (repainting: boolean): TerminalSizeState => ({
    columns: stdout.columns || DEFAULT_COLUMNS,
    rows: stdout.rows || DEFAULT_ROWS,
    repainting,
  });
  let state = read(false);
  const listeners = new Set<() => void>();
  const set = (next: TerminalSizeState): void => {
    state = next;
    for (const l of [...listeners]) l();
  };
  let pending = false;
  const onResize = (): void => {
    set(read(true));
    if (pending) return;
    pending = true;
    schedule(() => {
      pending = false;
      set(read(false));
    });
  };
  stdout.on('resize', onResize);
  return {
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      stdout.off('resize', onResize);
      listeners.clear();
    },
  };
}

/** A store that never changes: tests at a fixed size. */
export function fixedTerminalSize(columns: number, rows: number): TerminalSizeStore {
  const state: TerminalSizeState = Object.freeze({ columns, rows, repainting: false });
  return { getSnapshot: () => state, subscribe: () => () => undefined, dispose: () => undefined };
}
