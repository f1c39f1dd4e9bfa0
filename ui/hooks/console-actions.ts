import { createContext, useContext, useLayoutEffect, type MutableRefObject } from 'react';
import type { RequestOp, RequestParams } from '../../src/api/protocol.js';
import type { CommandLayer } from '../keymap/command-router.js';
import type { PickOption } from './app-reducer.js';

export interface SendMeta {
  /** "hold 5371…0002", shown while pending and in an error. */
  readonly label: string;
  readonly subject?: string | null;
  readonly action: string;
}

export interface AskOptions {
  readonly label: string;
  readonly maxLength?: number;
  /** A reason in words to refuse the value and keep asking, or null to accept. */
  readonly validate?: (value: string) => string | null;
}

/**
 * What screens may ask the console to do. Requests go to the station and are shown as pending; the
 * screen changes only when the station's event arrives.
 */
export interface ConsoleActions {
  send<Op extends RequestOp>(op: Op, params: RequestParams<Op>, meta: SendMeta): Promise<unknown>;
  ask(options: AskOptions, then: (value: string) => void): void;
  confirm(message: string, then: () => void): void;
  /** A list to pick from (several with `multiple`); `then` gets the ids taken. */
  pick(title: string, options: readonly PickOption[], then: (ids: readonly string[]) => void, multiple?: boolean): void;
  /** Reads from the station (no pending mark); a failure is said on the status row and rethrown. */
  read<Op extends RequestOp>(op: Op, params: RequestParams<Op>): Promise<unknown>;
  flash(text: string, level?: 'info' | 'error'): void;
  /** Puts `text` on the clipboard (OSC 52) and says so, naming `what`. Ids only, never personal data. */
  copy(text: string, what: string): void;
  commandLine(initial: string): void;
  /** Opens the `/` field, empty; `previous` is the filter in force, restored by Esc. */
  filter(previous: string, onChange: (value: string) => void): void;
}

export const ActionsContext = createContext<ConsoleActions | null>(null);

export function useConsoleActions(): ConsoleActions {
  const actions = useContext(ActionsContext);
  if (!actions) throw new Error('useConsoleActions: no ActionsContext.Provider above this component');
  return actions;
}

/**
 * Builds the mounted screen's command layers (innermost first) from what is highlighted now. The key
 * router calls it when a key arrives, not when the screen last rendered, so a key right after a
 * movement key acts on the row the movement reached; the builder reads the screen's state mirrors.
 */
export type LayerBuilder = () => readonly CommandLayer[];

/** Where the mounted screen puts its layer builder for the single key router. */
export const ScreenLayersContext = createContext<MutableRefObject<LayerBuilder> | null>(null);

export const NO_LAYERS: LayerBuilder = () => [];

/**
 * Registers the screen's builder and returns the layers it builds now, for the screen's hints. The
 * builder is registered during render, so it is in place before any key can reach it.
 */
export function useScreenLayers(build: LayerBuilder): readonly CommandLayer[] {
  const ref = useContext(ScreenLayersContext);
  if (ref) ref.current = build;
  useLayoutEffect(() => () => {
    if (ref && ref.current === build) ref.current = NO_LAYERS;
  }, [ref, build]);
  return build();
}
