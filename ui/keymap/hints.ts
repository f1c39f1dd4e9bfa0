import type { CommandLayer } from './command-router.js';
import { ALL_COMMANDS as COMMANDS, displayKey, displayKeyAscii, type CommandId } from './keymap.js';

export interface HintItem {
  readonly id: CommandId;
  readonly key: string;
  readonly label: string;
}

/** The global hint row: screens, then the general keys. */
export const GLOBAL_HINT_IDS: readonly CommandId[] = [
  'screen.dashboard', 'screen.queue', 'screen.printers', 'screen.stock', 'screen.audit', 'app.filter', 'app.command', 'app.help', 'app.quit',
];

function firstKey(id: CommandId, ascii: boolean): string {
  const command = COMMANDS.find((c) => c.id === id);
  const key = command?.keys[0] ?? '?';
  return ascii ? displayKeyAscii(key) : displayKey(key);
}

export function globalHints(ascii: boolean): HintItem[] {
  return GLOBAL_HINT_IDS.map((id) => ({ id, key: firstKey(id, ascii), label: COMMANDS.find((c) => c.id === id)?.hint ?? id }));
}

/**
 * Hints for the commands bound in the layers' own scopes that the layer handles and does not hide,
 * in keymap order. Generated, never written by hand, so a remap updates them.
 */
export function layerHints(layers: readonly CommandLayer[], ascii: boolean): HintItem[] {
  const items: HintItem[] = [];
  for (const layer of layers) {
    for (const command of COMMANDS) {
      if (!command.hint || !layer.scopes.includes(command.scope)) continue;
      const handler = layer.table[command.id];
      if (!handler || handler.hidden) continue;
      if (items.some((i) => i.id === command.id)) continue;
      items.push({ id: command.id, key: firstKey(command.id, ascii), label: command.hint });
    }
  }
  return items;
}

/**
 * Where each hint of a key-hint row goes: its separator and the column (from 1) its key starts at.
 * Screens sit one space apart ("1 Dash 2 Queue"), other hints two; what does not fit is left out.
 */
export function hintLayout(items: readonly HintItem[], width: number, gap = 2): { item: HintItem; sep: string; column: number }[] {
  const parts: { item: HintItem; sep: string; column: number }[] = [];
  let used = 0;
  for (const [i, item] of items.entries()) {
    const sep = i === 0 ? ' ' : item.id.startsWith('screen.') && items[i - 1]?.id.startsWith('screen.') ? ' ' : ' '.repeat(gap);
    const len = sep.length + item.key.length + 1 + item.label.length;
    if (used + len > width) break;
    parts.push({ item, sep, column: used + sep.length + 1 });
    used += len;
  }
  return parts;
}

/** The hint under `column` (from 1) of a key-hint row, or null. */
export function hintAt(items: readonly HintItem[], width: number, column: number): CommandId | null {
  for (const part of hintLayout(items, width)) {
    if (column >= part.column && column < part.column + part.item.key.length + 1 + part.item.label.length) return part.item.id;
  }
  return null;
}
