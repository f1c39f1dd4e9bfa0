import type { Key } from 'ink';
import { useCallback, type MutableRefObject } from 'react';
import type { StationState } from '../../src/api/station-connection.js';
import { routeKey, type CommandLayer, type CommandTable } from '../keymap/command-router.js';
import { keyName, keyNamesOfChunk, PLAIN_KEY } from '../keymap/key-name.js';
import { dialogLayer, inputLayer, typedText } from '../keymap/modal-layers.js';
import { useInput } from '../terminal/ink-runtime.js';
import { parseMouse, type MouseEvent } from '../terminal/mouse.js';
import { globalHints, hintAt } from '../keymap/hints.js';
import { useLatest } from './use-sync-reducer.js';
import { TEXT } from '../text.js';
import type { AppAction, AppState } from './app-reducer.js';
import type { LayerBuilder } from './console-actions.js';

const ACTION_CATEGORIES: ReadonlySet<string> = new Set(['Jobs', 'Printers', 'Stock']);

export interface KeyRouterDeps {
  readonly uiRef: MutableRefObject<AppState>;
  readonly stationRef: MutableRefObject<StationState>;
  readonly screenLayers: MutableRefObject<LayerBuilder>;
  readonly globalTable: CommandTable;
  readonly dispatch: (action: AppAction) => void;
  readonly flash: (text: string, level?: 'info' | 'error') => void;
  readonly quit: () => void;
  readonly tooSmall: boolean;
  /** Called for every key, before it is routed (the idle timer). */
  readonly onActivity?: () => void;
  /** Terminal row (from 1) of the body's first row, and of the global hints row, for clicks. */
  readonly bodyTop: number;
  readonly hintRow: number;
  /** The terminal's width, to find which screen hint a click hit. */
  readonly columns: number;
  readonly ascii: boolean;
}

/**
 * The one key handler: each key becomes a command through the keymap and goes to the modal, then
 * the screen's layers (built when the key arrives), then the global layer. Printable keys in a text
 * field are typed into it.
 */
export function useKeyRouter(deps: KeyRouterDeps): void {
  const { uiRef, stationRef, screenLayers, globalTable, dispatch, flash, quit, tooSmall, onActivity } = deps;
  const latest = useLatest(deps);
  const onKey = useCallback(
    (name: string | null, input: string, key: Key) => {
      onActivity?.();
      const state = uiRef.current;
      const modal = state.modal;
      if (name === 'ctrl+c') return quit();
      if (tooSmall) {
        if (name === 'q') quit();
        return;
      }
      if (modal?.kind === 'input') {
        const layer = inputLayer(modal, { dispatch, uiRef, flashError: (text) => flash(text, 'error') });
        const routed = name ? routeKey(name, [layer], '') : { kind: 'unbound' as const };
        if (routed.kind === 'run') return routed.handler.run();
        const text = typedText(name, input, key);
        if (text !== '') {
          dispatch({ type: 'input.type', text });
          const now = uiRef.current.modal;
          if (now?.kind === 'input') modal.onChange?.(now.value);
        }
        return;
      }
      if (name === null) return;
      const snapshot = stationRef.current.snapshot;
      let layers: readonly CommandLayer[];
      if (modal) layers = [dialogLayer(modal, dispatch)];
      else if (snapshot === null || snapshot.viewer.operatorId === null) {
        layers = [{ scopes: ['global'], table: { 'app.quit': globalTable['app.quit']!, 'app.interrupt': globalTable['app.interrupt']! } }];
      } else layers = [...screenLayers.current(), { scopes: ['global'], table: globalTable }];
      const routed = routeKey(name, layers, TEXT.unavailable.notHere);
      // Actions need the station; say so up front rather than after a timeout.
      if (routed.kind === 'run' && ACTION_CATEGORIES.has(routed.command.category) && routed.command.scope.startsWith('screen:') && stationRef.current.connection !== 'connected') {
        flash(`${routed.command.hint ?? routed.command.description}: ${TEXT.unavailable.disconnected}`, 'error');
        return;
      }
      if (routed.kind === 'run') {
        if (state.flash && routed.command.id !== 'app.back') dispatch({ type: 'flash', flash: null });
        routed.handler.run();
      } else if (routed.kind === 'unavailable') {
        flash(`${routed.command.hint ?? routed.command.description}: ${routed.reason}`, 'error');
      }
    },
    [uiRef, stationRef, screenLayers, globalTable, dispatch, flash, quit, tooSmall, onActivity],
  );
  // A fast typist, a paste or a test harness can deliver several keys in one chunk ("demo\t1111\r");
  // each is handled in turn, against the state the previous one left.
  // The wheel moves like the arrow keys; a click selects the row or the screen under it.
  const onMouse = useCallback((event: MouseEvent) => {
    if (event.kind === 'wheel') return onKey(event.step > 0 ? 'down' : 'up', '', PLAIN_KEY);
    onActivity?.();
    const { bodyTop, hintRow, columns, ascii } = latest.current;
    const snapshot = stationRef.current.snapshot;
    if (uiRef.current.modal || tooSmall || !snapshot || snapshot.viewer.operatorId === null) return;
    if (event.row === hintRow) {
      const id = hintAt(globalHints(ascii), columns, event.column);
      const handler = id ? globalTable[id] : undefined;
      if (id?.startsWith('screen.') && handler) handler.run();
      return;
    }
    const row = event.row - bodyTop;
    if (row < 0) return;
    for (const layer of screenLayers.current()) {
      if (layer.click) return layer.click(row);
    }
  }, [onKey, onActivity, latest, stationRef, uiRef, tooSmall, globalTable, screenLayers]);

  const onInput = useCallback(
    (input: string, key: Key) => {
      const mouse = parseMouse(input);
      if (mouse) return onMouse(mouse);
      const keys = keyNamesOfChunk(input, key);
      if (keys === null) onKey(keyName(input, key), input, key);
      else for (const [name, text] of keys) onKey(name, text, PLAIN_KEY);
    },
    [onKey, onMouse],
  );
  useInput(onInput);
}
