import { useCallback, useMemo, useRef } from 'react';
import { BottomRow } from './components/bottom-row.js';
import { Header } from './components/header.js';
import { ScreenBody } from './components/screen-body.js';
import { StatusRow } from './components/status-row.js';
import { TooSmall } from './components/too-small.js';
import { appReducer, INITIAL_APP_STATE } from './hooks/app-reducer.js';
import { ActionsContext, NO_LAYERS, ScreenLayersContext, type LayerBuilder } from './hooks/console-actions.js';
import { useStationState } from './hooks/station-context.js';
import { useConsoleActionsValue } from './hooks/use-console-actions-value.js';
import { useKeyRouter } from './hooks/use-key-router.js';
import { useSignIn } from './hooks/use-sign-in.js';
import { useIdleSignOut } from './hooks/use-idle-sign-out.js';
import { useLatest, useSyncReducer } from './hooks/use-sync-reducer.js';
import { MIN_COLUMNS, MIN_ROWS, useTerminalSize } from './hooks/use-terminal-size.js';
import { globalTable } from './keymap/global-table.js';
import { Box, useApp } from './terminal/ink-runtime.js';
import { TEXT } from './text.js';
import { useTheme } from './theme/theme-context.js';
import type { ConsoleTarget } from './console-root.js';

export interface AppProps {
  /** Wall clock for "oldest waiting" and ages; injected so tests are stable. */
  readonly now?: () => number;
  /** Called after a quit command, before Ink unmounts (run-console leaves the alternate screen). */
  readonly onQuit?: () => void;
  /** The data folder and socket this console tried, said when no station answers. */
  readonly target?: ConsoleTarget;
  /** Sign out after this long without a key (shared workstations); 0 never. */
  readonly idleSignOutMs?: number;
  readonly copy?: ((text: string) => void) | undefined;
}

/**
 * The console: wires the state, the actions and the key router together and picks the layout
 * (too small, or header, body, status row and the bottom row). What each part does lives in its unit:
 * sign-in in useSignIn, keys in useKeyRouter and the modal layers, requests in useConsoleActionsValue.
 */
export function App({ now = Date.now, onQuit, target, idleSignOutMs = 0, copy }: AppProps) {
  const station = useStationState();
  const { exit } = useApp();
  const size = useTerminalSize();
  const theme = useTheme();
  // Keys can arrive faster than frames; the key router reads the mirror, so typing "yoh" quickly never loses the "o".
  const [ui, dispatch, uiRef] = useSyncReducer(appReducer, INITIAL_APP_STATE, (s) => s);
  const stationRef = useLatest(station);
  const screenLayers = useRef<LayerBuilder>(NO_LAYERS);

  const quit = useCallback(() => {
    onQuit?.();
    exit();
  }, [exit, onQuit]);
  const actions = useConsoleActionsValue({ dispatch, stationRef, quit, copy });
  const snapshot = station.snapshot;
  const signedIn = snapshot !== null && snapshot.viewer.operatorId !== null;
  const signIn = useSignIn(snapshot !== null && !signedIn, ui.modal, dispatch, actions);
  const signOut = useCallback((why: string = TEXT.signOut) => {
    // Whatever was being typed or asked belonged to the operator who is leaving.
    dispatch({ type: 'modal.close' });
    void actions.send('sign-out', {}, { label: why, action: 'sign-out' }).then(() => actions.flash(why), () => undefined);
  }, [dispatch, actions]);
  const onActivity = useIdleSignOut(signedIn, idleSignOutMs, () => signOut(TEXT.idleSignOut(Math.round(idleSignOutMs / 1_000))));
  const table = useMemo(() => globalTable({ dispatch, quit, commandLine: () => actions.commandLine(''), signOut: () => signOut() }), [dispatch, quit, actions, signOut]);
  const tooSmall = size.columns < MIN_COLUMNS || size.rows < MIN_ROWS;
  useKeyRouter({ uiRef, stationRef, screenLayers, globalTable: table, dispatch, flash: actions.flash, quit, tooSmall, onActivity, bodyTop: 2, hintRow: size.rows - 1, columns: size.columns, ascii: theme.glyphs.kind === 'ascii' });

  // Right after a resize: an empty frame, so Ink erases the old one line by line (see terminal-size-store).
  if (size.repainting) return null;
  if (tooSmall) return <TooSmall columns={size.columns} rows={size.rows} needColumns={MIN_COLUMNS} needRows={MIN_ROWS} />;
  const width = size.columns;
  const height = Math.max(1, size.rows - 1);
  const bodyHeight = height - 3;
  const helpLayers = () => [...screenLayers.current(), { scopes: ['global' as const], table }];
  return (
    <ActionsContext.Provider value={actions}>
      <ScreenLayersContext.Provider value={screenLayers}>
        <Box flexDirection="column" width={width} height={height}>
          <Header station={station} width={width} />
          <Box width={width} height={bodyHeight} flexDirection="column" overflow="hidden">
            <ScreenBody
              station={station} ui={ui} signIn={signIn} width={width} height={bodyHeight} nowMs={now()}
              helpLayers={helpLayers} unreachableText={target ? TEXT.unreachableAt(target.socket, target.home) : TEXT.unreachable}
              {...(target ? { where: TEXT.attachedAt(target.socket, target.home) } : {})}
            />
          </Box>
          <StatusRow width={width} snapshot={snapshot} flash={ui.flash} pending={ui.pending} modal={ui.modal} />
          <BottomRow width={width} modal={ui.modal} screen={ui.screen} signedIn={signedIn} />
        </Box>
      </ScreenLayersContext.Provider>
    </ActionsContext.Provider>
  );
}
