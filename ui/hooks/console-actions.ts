import { createContext, useContext, useLayoutEffect, type MutableRefObject } from 'react';
import type { RequestOp, RequestParams } from '../../src/api/protocol.js';
import type { CommandLayer } from '../keymap/command-router.js';

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
  flash(text: string, level?: 'info' | 'error'): void;
  commandLine(initial: string): void;
  filter(initial: string, onChange: (value: string) => void): void;
}

export const ActionsContext = createContext<ConsoleActions | null>(null);

export function useConsoleActions(): ConsoleActions {
  const actions = useContext(ActionsContext);
  if (!actions) throw new Error('useConsoleActions: no ActionsContext.Provider above this component');
  return actions;
}

/** Where the mounted screen puts its command layers (innermost first) for the single key router. */
export const ScreenLayersContext = createContext<MutableRefObject<readonly CommandLayer[]> | null>(null);

export function useScreenLayers(layers: readonly CommandLayer[]): void {
  const ref = useContext(ScreenLayersContext);
  useLayoutEffect(() => {
    if (ref) ref.current = layers;
  });
}
