import { useCallback, useEffect, useMemo, useRef, type MutableRefObject } from 'react';
import type { RequestOp, RequestParams } from '../../src/api/protocol.js';
import type { StationState } from '../../src/api/station-connection.js';
import { describeRequestError, TEXT } from '../text.js';
import type { AppAction, Modal } from './app-reducer.js';
import { parseCommandLine } from './command-line.js';
import type { AskOptions, ConsoleActions, SendMeta } from './console-actions.js';
import { useConnection } from './station-context.js';

export interface ConsoleActionsDeps {
  readonly dispatch: (action: AppAction) => void;
  readonly stationRef: MutableRefObject<StationState>;
  readonly quit: () => void;
  readonly copy?: ((text: string) => void) | undefined;
}

/**
 * The ConsoleActions the screens use: requests shown as pending until the station answers, prompts,
 * confirmations, the status-line message and the `:` command line. Made once per connection.
 */
export function useConsoleActionsValue({ dispatch, stationRef, quit, copy }: ConsoleActionsDeps): ConsoleActions {
  const connection = useConnection();
  const nextPendingId = useRef(1);
  const flashTimer = useRef<NodeJS.Timeout | null>(null);
  const quitRef = useRef(quit);
  quitRef.current = quit;

  const flash = useCallback((text: string, level: 'info' | 'error' = 'info') => {
    dispatch({ type: 'flash', flash: { level, text } });
    if (flashTimer.current) clearTimeout(flashTimer.current);
    // Messages expire so a stale error does not sit there for hours; errors stay longer.
    flashTimer.current = setTimeout(() => dispatch({ type: 'flash', flash: null }), level === 'error' ? 15_000 : 5_000);
    flashTimer.current.unref?.();
  }, [dispatch]);
  useEffect(() => () => {
    if (flashTimer.current) clearTimeout(flashTimer.current);
  }, []);

  return useMemo<ConsoleActions>(() => {
    const openInput = (modal: Extract<Modal, { kind: 'input' }>) => dispatch({ type: 'modal.open', modal });
    const actions: ConsoleActions = {
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
            flash(`${meta.label}: ${describeRequestError(error)}`, 'error');
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
      pick(title, options, then, multiple = false) {
        dispatch({ type: 'modal.open', modal: { kind: 'pick', title, options, cursor: 0, multiple, marked: [], onPick: then } });
      },
      read(op, params) {
        return connection.request(op, params).catch((error: unknown) => {
          flash(describeRequestError(error), 'error');
          throw error;
        });
      },
      copy(text: string, what: string) {
        if (!copy) return flash(TEXT.copy.unavailable, 'error');
        copy(text);
        flash(TEXT.copy.done(what));
      },
      flash,
      commandLine(initial: string) {
        openInput({ kind: 'input', purpose: 'command', label: ':', value: initial, maxLength: 200, onSubmit: (value) => runCommandLine(value) });
      },
      filter(previous: string, onChange: (value: string) => void) {
        // Starts empty, so a new filter is typed without erasing the old one first; the list keeps the
        // old filter until the first keystroke, Enter applies what the field holds, Esc puts the old back.
        openInput({
          kind: 'input', purpose: 'filter', label: '/', value: '', maxLength: 64, onChange,
          onSubmit: (value) => onChange(value), onCancel: () => onChange(previous),
        });
      },
    };
    function runCommandLine(value: string): string | null {
      const result = parseCommandLine(value);
      switch (result.kind) {
        case 'screen':
          dispatch({ type: 'screen.show', screen: result.screen });
          return null;
        case 'quit':
          quitRef.current();
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
    return actions;
  }, [connection, flash, dispatch, stationRef, copy]);
}
