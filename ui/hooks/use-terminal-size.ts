import { createContext, useContext, useSyncExternalStore } from 'react';
import { fixedTerminalSize, type TerminalSizeState, type TerminalSizeStore } from '../terminal/terminal-size-store.js';

export type TerminalSize = TerminalSizeState;

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

const FALLBACK = fixedTerminalSize(MIN_COLUMNS, MIN_ROWS);

/** Where the size comes from: run-console's store over the real terminal, or a fixed size in tests. */
export const TerminalSizeContext = createContext<TerminalSizeStore>(FALLBACK);

/** The terminal size, updated on resize; the one place the console reads it. */
export function useTerminalSize(): TerminalSize {
  const store = useContext(TerminalSizeContext);
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
