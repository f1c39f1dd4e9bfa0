import { useMemo } from 'react';
import type { StationConnection } from '../src/api/station-connection.js';
import { App } from './app.js';
import { StationContext } from './hooks/station-context.js';
import { TerminalSizeContext } from './hooks/use-terminal-size.js';
import { fixedTerminalSize, type TerminalSizeStore } from './terminal/terminal-size-store.js';
import { ThemeContext } from './theme/theme-context.js';
import type { Theme } from './theme/theme.js';

/** Where the console looked for its station: said in words when nothing answers there. */
export interface ConsoleTarget {
  readonly home: string;
  readonly socket: string;
}

export interface ConsoleRootProps {
  readonly connection: StationConnection;
  readonly theme: Theme;
  readonly now?: () => number;
  /** The terminal's size store (run-console), or a fixed size for tests; 80×24 when neither is given. */
  readonly sizeStore?: TerminalSizeStore;
  readonly size?: { readonly columns: number; readonly rows: number };
  readonly onQuit?: () => void;
  readonly target?: ConsoleTarget;
  readonly idleSignOutMs?: number;
  /** Puts text on the terminal's clipboard (OSC 52); absent, copying says it cannot. */
  readonly copy?: (text: string) => void;
}

/** The app with its providers: the station connection, the theme and the terminal size. */
export function ConsoleRoot({ connection, theme, now, sizeStore, size, onQuit, target, idleSignOutMs, copy }: ConsoleRootProps) {
  const store = useMemo(() => sizeStore ?? fixedTerminalSize(size?.columns ?? 80, size?.rows ?? 24), [sizeStore, size?.columns, size?.rows]);
  return (
    <StationContext.Provider value={connection}>
      <ThemeContext.Provider value={theme}>
        <TerminalSizeContext.Provider value={store}>
          <App now={now} onQuit={onQuit} target={target} idleSignOutMs={idleSignOutMs} copy={copy} />
        </TerminalSizeContext.Provider>
      </ThemeContext.Provider>
    </StationContext.Provider>
  );
}
