import { commandForKey, type Command, type CommandId, type Scope } from './keymap.js';

/**
 * What a layer (modal, panel, screen, global) does with a command. `unavailable` is the reason in
 * words when it cannot run now; `hidden` leaves it out of the hints (e.g. print actions for a technician).
 */
export interface CommandHandler {
  readonly run: () => void;
  readonly unavailable?: string | null;
  readonly hidden?: boolean;
}

export type CommandTable = Partial<Record<CommandId, CommandHandler>>;

export interface CommandLayer {
  readonly scopes: readonly Scope[];
  readonly table: CommandTable;
  /** A click on `row` of the screen body (0 = its first row); a screen with rows selects the one clicked. */
  readonly click?: (row: number) => void;
}

export type RouteResult =
  | { readonly kind: 'run'; readonly command: Command; readonly handler: CommandHandler }
  | { readonly kind: 'unavailable'; readonly command: Command; readonly reason: string }
  | { readonly kind: 'unbound' };

/**
 * Routes one key through the layers, innermost first: the key becomes a command through the keymap
 * (looking through every active scope, innermost first), then the first layer with a handler for that
 * command gets it. Layers never see raw keys.
 */
export function routeKey(key: string, layers: readonly CommandLayer[], notHere: string): RouteResult {
  const scopes = layers.flatMap((l) => l.scopes);
  const command = commandForKey(key, scopes);
  if (!command) return { kind: 'unbound' };
  for (const layer of layers) {
    const handler = layer.table[command.id];
    if (!handler) continue;
    if (handler.unavailable) return { kind: 'unavailable', command, reason: handler.unavailable };
    return { kind: 'run', command, handler };
  }
  return { kind: 'unavailable', command, reason: notHere };
}
