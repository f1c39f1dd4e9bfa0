import type { Key } from 'ink';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { RequestOp, RequestParams } from '../src/api/protocol.js';
import { StationRequestError } from '../src/api/station-connection.js';
import { Header } from './components/header.js';
import { HelpView } from './components/help-view.js';
import { KeyHints } from './components/key-hints.js';
import { StatusRow } from './components/status-row.js';
import { TooSmall } from './components/too-small.js';
import { appReducer, INITIAL_APP_STATE, type AppAction, type AppState, type Modal, type ScreenId } from './hooks/app-reducer.js';
import { parseCommandLine, COMMAND_LINE_USAGE } from './hooks/command-line.js';
import { ActionsContext, ScreenLayersContext, type AskOptions, type ConsoleActions, type SendMeta } from './hooks/console-actions.js';
import { useConnection, useStationState } from './hooks/station-context.js';
import { MIN_COLUMNS, MIN_ROWS, useTerminalSize } from './hooks/use-terminal-size.js';
import { routeKey, type CommandLayer, type CommandTable } from './keymap/command-router.js';
import { globalHints, layerHints, type HintItem } from './keymap/hints.js';
import { keyName, keyNamesOfChunk, PLAIN_KEY } from './keymap/key-name.js';
import { ALL_COMMANDS, displayKey, type Scope } from './keymap/keymap.js';
import { AuditScreen } from './screens/audit-screen.js';
import { DashboardScreen } from './screens/dashboard-screen.js';
import { PrintersScreen } from './screens/printers-screen.js';
import { QueueScreen } from './screens/queue-screen.js';
import { SignInScreen } from './screens/sign-in-screen.js';
import { StockScreen } from './screens/stock-screen.js';
import { Box, Text, useApp, useInput } from './terminal/ink-runtime.js';
import { fit } from './format/format-cell.js';
import { describeError, TEXT } from './text.js';
import { useTheme } from './theme/theme-context.js';

export interface AppProps {
  /** Wall clock for "oldest waiting" and ages; injected so tests are stable. */
  readonly now?: () => number;
  /** Called after a quit command, before Ink unmounts (run-console leaves the alternate screen). */
  readonly onQuit?: () => void;
}

const SCREEN_COMMANDS: Readonly<Record<ScreenId, 'screen.dashboard' | 'screen.queue' | 'screen.printers' | 'screen.stock' | 'screen.audit'>> = {
  dashboard: 'screen.dashboard', queue: 'screen.queue', printers: 'screen.printers', stock: 'screen.stock', audit: 'screen.audit',
};

const INPUT_LAYER_SCOPES: readonly Scope[] = ['modal:input'];

/** Before sign-in only typing, the field keys and Ctrl+C work; the hints say so, from the keymap. */
function signInHints(ascii: boolean): HintItem[] {
  const quit = ALL_COMMANDS.find((c) => c.id === 'app.interrupt')!;
  return [
    ...layerHints([{ scopes: INPUT_LAYER_SCOPES, table: { 'input.submit': NOOP, 'input.next-field': NOOP } }], ascii),
    { id: quit.id, key: displayKey(quit.keys[0]!), label: quit.hint ?? quit.id },
  ];
}
const NOOP = { run: () => undefined };
const ACTION_CATEGORIES: ReadonlySet<string> = new Set(['Jobs', 'Printers', 'Stock']);

/**
 * The console. One useInput turns each key into a command through the keymap and routes it: modal,
 * then the screen's panel and screen layers, then global. Station data comes from the connection;
 * requests go through ConsoleActions and show as pending until the station answers.
 */
export function App({ now = Date.now, onQuit }: AppProps) {
  const connection = useConnection();
  const station = useStationState();
  const theme = useTheme();
  const { exit } = useApp();
  const size = useTerminalSize();
  const [ui, dispatchToReact] = useReducer(appReducer, INITIAL_APP_STATE);
  const [signInId, setSignInId] = useState('');
  const [signingIn, setSigningIn] = useState(false);
  // Keys can arrive faster than frames; the key handler reads this mirror, which applies the same pure
  // reducer at dispatch time, so typing "yoh" quickly never loses the "o".
  const uiRef = useRef<AppState>(ui);
  const dispatch = useCallback((action: AppAction) => {
    uiRef.current = appReducer(uiRef.current, action);
    dispatchToReact(action);
  }, []);
  const stationRef = useRef(station);
  stationRef.current = station;
  const screenLayers = useRef<readonly CommandLayer[]>([]);
  const nextPendingId = useRef(1);
  const flashTimer = useRef<NodeJS.Timeout | null>(null);

  const quit = useCallback(() => {
    onQuit?.();
    exit();
  }, [exit, onQuit]);

  const flash = useCallback((text: string, level: 'info' | 'error' = 'info') => {
    dispatch({ type: 'flash', flash: { level, text } });
    if (flashTimer.current) clearTimeout(flashTimer.current);
    // Messages expire so a stale error does not sit there for hours; errors stay longer.
    flashTimer.current = setTimeout(() => dispatch({ type: 'flash', flash: null }), level === 'error' ? 15_000 : 5_000);
    flashTimer.current.unref?.();
  }, []);
  useEffect(() => () => {
    if (flashTimer.current) clearTimeout(flashTimer.current);
  }, []);

  const actions = useMemo<ConsoleActions>(() => {
    const openInput = (modal: Extract<Modal, { kind: 'input' }>) => dispatch({ type: 'modal.open', modal });
    return {
      send<Op extends RequestOp>(op: Op, params: RequestParams<Op>, meta: SendMeta): Promise<unknown> {
        const id = nextPendingId.current++;
        dispatch({ type: 'pending.add', pending: { id, label: meta.label, subject: meta.subject ?? null, action: meta.action } });
        return connection.request(op, params).then(
          (result) => {
            dispatch({ type: 'pending.done', id });
            return result;
          },
          (error: unknown) => {
            dispatch({ type: 'pending.done', id });
            const words = error instanceof StationRequestError ? describeError(error.code, error.params) : describeError('station-unreachable');
            flash(`${meta.label}: ${words}`, 'error');
            throw error;
          },
        );
      },
      ask(options: AskOptions, then: (value: string) => void) {
        openInput({
          kind: 'input', purpose: 'prompt', label: options.label, value: '', maxLength: options.maxLength ?? 200,
          onSubmit: (value) => {
            const refusal = options.validate?.(value) ?? (value === '' ? 'type something, or Esc to cancel' : null);
            if (refusal) return refusal;
            then(value);
            return null;
          },
        });
      },
      confirm(message: string, then: () => void) {
        dispatch({ type: 'modal.open', modal: { kind: 'confirm', message, onYes: then } });
      },
      flash,
      commandLine(initial: string) {
        openInput({ kind: 'input', purpose: 'command', label: ':', value: initial, maxLength: 200, onSubmit: (value) => runCommandLine(value) });
      },
      filter(initial: string, onChange: (value: string) => void) {
        openInput({ kind: 'input', purpose: 'filter', label: '/', value: initial, maxLength: 64, onChange, onSubmit: () => null, onCancel: () => onChange('') });
      },
    };
    // runCommandLine reads refs only, so the actions object is made once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connection, flash]);

  function runCommandLine(value: string): string | null {
    const result = parseCommandLine(value);
    switch (result.kind) {
      case 'screen':
        dispatch({ type: 'screen.show', screen: result.screen });
        return null;
      case 'quit':
        quit();
        return null;
      case 'help':
        dispatch({ type: 'modal.open', modal: { kind: 'help', topic: 'commands' } });
        return null;
      case 'error':
        return result.text;
      case 'request': {
        const role = stationRef.current.snapshot?.viewer.role;
        if (result.stock && role === 'technician') return TEXT.unavailable.technicianStock;
        void actions.send(result.op, result.params as never, { label: result.label, action: result.op }).catch(() => undefined);
        return null;
      }
      default:
        return null;
    }
  }

  // Sign-in: ask for the operator ID, then the PIN (secret), then send; the screen changes when the
  // station's viewer patch arrives.
  const snapshot = station.snapshot;
  const needsSignIn = snapshot !== null && snapshot.viewer.operatorId === null;
  useEffect(() => {
    if (!needsSignIn || signingIn || ui.modal !== null) return;
    dispatch({
      type: 'modal.open',
      modal: {
        kind: 'input', purpose: 'sign-in', label: TEXT.signIn.operatorId, value: signInId, maxLength: 32,
        onSubmit: (id) => {
          if (id === '') return TEXT.signIn.hint;
          setSignInId(id);
          dispatch({
            type: 'modal.open',
            modal: {
              kind: 'input', purpose: 'sign-in', label: TEXT.signIn.pin, value: '', secret: true, maxLength: 12,
              onSubmit: (pin) => {
                if (pin.length < 4) return 'the PIN has at least 4 digits';
                setSigningIn(true);
                dispatch({ type: 'modal.close' });
                actions
                  .send('sign-in', { operatorId: id, pin }, { label: TEXT.signIn.title, action: 'sign-in' })
                  .catch(() => undefined)
                  .finally(() => setSigningIn(false));
                return null;
              },
              onCancel: () => setSignInId(id),
            },
          });
          return null;
        },
      },
    });
  }, [needsSignIn, signingIn, ui.modal, signInId, actions]);
  useEffect(() => {
    if (!needsSignIn && ui.modal?.kind === 'input' && ui.modal.purpose === 'sign-in') dispatch({ type: 'modal.close' });
  }, [needsSignIn, ui.modal]);

  const globalTable = useMemo<CommandTable>(() => {
    const show = (screen: ScreenId) => ({ run: () => dispatch({ type: 'screen.show', screen }) });
    const noop = { run: () => undefined };
    return {
      'app.quit': { run: quit },
      'app.interrupt': { run: quit },
      'app.help': { run: () => dispatch({ type: 'modal.open', modal: { kind: 'help' } }) },
      'app.filter': { run: () => undefined, unavailable: 'no filter on this screen' },
      'app.command': { run: () => actions.commandLine('') },
      'app.back': { run: () => dispatch({ type: 'flash', flash: null }) },
      'screen.dashboard': show('dashboard'),
      'screen.queue': show('queue'),
      'screen.printers': show('printers'),
      'screen.stock': show('stock'),
      'screen.audit': show('audit'),
      'screen.next': { run: () => dispatch({ type: 'screen.cycle', step: 1 }) },
      'screen.previous': { run: () => dispatch({ type: 'screen.cycle', step: -1 }) },
      'nav.down': noop, 'nav.up': noop, 'nav.page-down': noop, 'nav.page-up': noop, 'nav.first': noop, 'nav.last': noop, 'nav.open': noop,
    };
  }, [quit, actions]);

  const tooSmall = size.columns < MIN_COLUMNS || size.rows < MIN_ROWS;

  const onKey = useCallback(
    (name: string | null, input: string, key: Key) => {
      const state = uiRef.current;
      const modal = state.modal;
      if (name === 'ctrl+c') return quit();
      if (tooSmall) {
        if (name === 'q') quit();
        return;
      }
      if (modal?.kind === 'input') {
        const inputTable: CommandTable = {
          'input.submit': {
            run: () => {
              const refusal = modal.onSubmit(modal.value.trim());
              // onSubmit may open the next prompt; close only if this one is still showing.
              if (refusal && modal.purpose === 'sign-in') flash(refusal, 'error');
              else if (refusal) dispatch({ type: 'input.error', error: refusal });
              else if (uiRef.current.modal === modal) dispatch({ type: 'modal.close' });
            },
          },
          'input.cancel': {
            run: () => {
              dispatch({ type: 'modal.close' });
              modal.onCancel?.();
            },
          },
          'input.erase': {
            run: () => {
              dispatch({ type: 'input.erase' });
              const now = uiRef.current.modal;
              if (now?.kind === 'input') modal.onChange?.(now.value);
            },
          },
          'input.next-field': { run: () => (modal.purpose === 'sign-in' && !modal.secret ? inputTable['input.submit']?.run() : undefined) },
        };
        const routed = name ? routeKey(name, [{ scopes: INPUT_LAYER_SCOPES, table: inputTable }], '') : { kind: 'unbound' as const };
        if (routed.kind === 'run') return routed.handler.run();
        // Anything else printable (or a paste) is typed into the field.
        const text = name !== null && name.length === 1 ? name : !key.ctrl && !key.meta && input.length > 1 ? input : '';
        if (text !== '') {
          dispatch({ type: 'input.type', text });
          const now = uiRef.current.modal;
          if (now?.kind === 'input') modal.onChange?.(now.value);
        }
        return;
      }
      if (name === null) return;
      let layers: readonly CommandLayer[];
      if (modal?.kind === 'help') {
        layers = [{ scopes: ['modal:help'], table: { 'help.close': { run: () => dispatch({ type: 'modal.close' }) } } }];
      } else if (modal?.kind === 'confirm') {
        layers = [{
          scopes: ['modal:confirm'],
          table: {
            'dialog.confirm': { run: () => { dispatch({ type: 'modal.close' }); modal.onYes(); } },
            'dialog.cancel': { run: () => dispatch({ type: 'modal.close' }) },
          },
        }];
      } else if (stationRef.current.snapshot === null || stationRef.current.snapshot.viewer.operatorId === null) {
        layers = [{ scopes: ['global'], table: { 'app.quit': globalTable['app.quit']!, 'app.interrupt': globalTable['app.interrupt']! } }];
      } else {
        layers = [...screenLayers.current, { scopes: ['global'], table: globalTable }];
      }
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
    [quit, tooSmall, flash, globalTable, dispatch],
  );
  // A fast typist, a paste or a test harness can deliver several keys in one chunk ("demo\t1111\r");
  // each is handled in turn, against the state the previous one left.
  const onInput = useCallback(
    (input: string, key: Key) => {
      const keys = keyNamesOfChunk(input, key);
      if (keys === null) onKey(keyName(input, key), input, key);
      else for (const [name, text] of keys) onKey(name, text, PLAIN_KEY);
    },
    [onKey],
  );
  useInput(onInput);

  const height = Math.max(1, size.rows - 1);
  // Right after a resize: an empty frame, so Ink erases the old one line by line (see terminal-size-store).
  if (size.repainting) return null;
  if (tooSmall) {
    return <TooSmall columns={size.columns} rows={size.rows} needColumns={MIN_COLUMNS} needRows={MIN_ROWS} />;
  }
  const width = size.columns;
  const bodyHeight = height - 3;
  const nowMs = now();

  let body;
  if (!snapshot) {
    body = <Text>{` ${station.connection === 'disconnected' ? TEXT.unreachable : TEXT.waitingForSnapshot}`}</Text>;
  } else if (needsSignIn) {
    body = (
      <SignInScreen
        width={width} height={bodyHeight} viewer={snapshot.viewer} office={snapshot.station.office}
        operatorId={signInId} modal={ui.modal} sending={signingIn}
      />
    );
  } else if (ui.modal?.kind === 'help') {
    const scopes = [...screenLayers.current.flatMap((l) => l.scopes), 'global' as const];
    body = <HelpView scopes={scopes} width={width} height={bodyHeight} commands={ui.modal.topic === 'commands' ? COMMAND_LINE_USAGE : undefined} />;
  } else {
    const common = { snapshot, width, height: bodyHeight, nowMs, pending: ui.pending, modal: ui.modal };
    switch (ui.screen) {
      case 'dashboard':
        body = <DashboardScreen {...common} />;
        break;
      case 'queue':
        body = <QueueScreen {...common} />;
        break;
      case 'printers':
        body = <PrintersScreen {...common} />;
        break;
      case 'stock':
        body = <StockScreen {...common} />;
        break;
      case 'audit':
        body = <AuditScreen {...common} />;
        break;
    }
  }

  const hints = needsSignIn || !snapshot
    ? []
    : globalHints(theme.glyphs.kind === 'ascii');
  return (
    <ActionsContext.Provider value={actions}>
      <ScreenLayersContext.Provider value={screenLayers}>
        <Box flexDirection="column" width={width} height={height}>
          <Header station={station} width={width} />
          <Box width={width} height={bodyHeight} flexDirection="column" overflow="hidden">
            {body}
          </Box>
          <StatusRow width={width} snapshot={snapshot} flash={ui.flash} pending={ui.pending} modal={ui.modal} />
          {ui.modal?.kind === 'input' && ui.modal.error ? (
            <Text wrap="truncate">
              {' '}
              <Text bold inverse color={theme.colors.critical}>{TEXT.errorPrefix}</Text>
              <Text bold>{fit(` ${ui.modal.error}`, width - TEXT.errorPrefix.length - 1, theme.glyphs.ellipsis)}</Text>
            </Text>
          ) : ui.modal?.kind === 'input' && ui.modal.purpose !== 'sign-in' ? (
            <KeyHints items={layerHints([{ scopes: INPUT_LAYER_SCOPES, table: { 'input.submit': NOOP, 'input.cancel': NOOP } }], theme.glyphs.kind === 'ascii')} width={width} />
          ) : ui.modal?.kind === 'confirm' ? (
            <KeyHints items={layerHints([{ scopes: ['modal:confirm'], table: { 'dialog.confirm': NOOP, 'dialog.cancel': NOOP } }], theme.glyphs.kind === 'ascii')} width={width} />
          ) : hints.length > 0 ? (
            <KeyHints items={hints} width={width} currentId={SCREEN_COMMANDS[ui.screen]} />
          ) : (
            <KeyHints items={signInHints(theme.glyphs.kind === 'ascii')} width={width} />
          )}
        </Box>
      </ScreenLayersContext.Provider>
    </ActionsContext.Provider>
  );
}
