/**
 * The one keymap. Every key the console reacts to is here, as a command with a dotted id; hints, the
 * help overlay and docs/keys.md are generated from this list. Code refers to commands by id, never to
 * letters, so a remap changes nothing else.
 *
 * Scopes nest: a modal, then the focused panel, then the screen, then global. A key is looked up from
 * the innermost active scope outwards, so a screen may reuse a key that another screen binds.
 */

import { t } from '../../src/i18n/i18n.js';

export const SCOPES = [
  'global',
  'screen:dashboard',
  'screen:queue',
  'screen:printers',
  'screen:stock',
  'screen:audit',
  'panel:queue.detail',
  'modal:help',
  'modal:confirm',
  'modal:pick',
  'modal:input',
] as const;
export type Scope = (typeof SCOPES)[number];

export const CATEGORIES = ['General', 'Screens', 'Navigation', 'Jobs', 'Printers', 'Stock', 'Audit', 'Dialogs'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Named keys; any other key is a single printable character such as `j`, `G` or `?`. */
export const NAMED_KEYS = [
  'up', 'down', 'left', 'right', 'pgup', 'pgdn', 'home', 'end', 'enter', 'esc', 'tab', 'shift+tab', 'backspace', 'space',
] as const;

/** A binding as data; its words live in the catalogue (namespace `keys`, under the command's id). */
interface Binding {
  readonly id: string;
  readonly keys: readonly string[];
  /** Shown in the key-hint rows, with the short label `keys:commands.<id>.hint`. */
  readonly hinted?: true;
  readonly category: Category;
  readonly scope: Scope;
}

export interface CommandSpec extends Binding {
  /** For the help overlay and docs/keys.md, in the current language. */
  readonly description: string;
  /** Short label for the key-hint rows, in the current language; commands without one are not hinted. */
  readonly hint?: string;
}

const BINDINGS = [
  // General
  { id: 'app.quit', keys: ['q'], hinted: true, category: 'General', scope: 'global' },
  { id: 'app.interrupt', keys: ['ctrl+c'], hinted: true, category: 'General', scope: 'global' },
  { id: 'app.help', keys: ['?'], hinted: true, category: 'General', scope: 'global' },
  { id: 'app.filter', keys: ['/'], hinted: true, category: 'General', scope: 'global' },
  { id: 'app.command', keys: [':'], hinted: true, category: 'General', scope: 'global' },
  { id: 'app.sign-out', keys: ['ctrl+o'], category: 'General', scope: 'global' },
  { id: 'app.back', keys: ['esc'], category: 'General', scope: 'global' },
  // Screens
  { id: 'screen.dashboard', keys: ['1'], hinted: true, category: 'Screens', scope: 'global' },
  { id: 'screen.queue', keys: ['2'], hinted: true, category: 'Screens', scope: 'global' },
  { id: 'screen.printers', keys: ['3'], hinted: true, category: 'Screens', scope: 'global' },
  { id: 'screen.stock', keys: ['4'], hinted: true, category: 'Screens', scope: 'global' },
  { id: 'screen.audit', keys: ['5'], hinted: true, category: 'Screens', scope: 'global' },
  { id: 'screen.next', keys: ['tab'], category: 'Screens', scope: 'global' },
  { id: 'screen.previous', keys: ['shift+tab'], category: 'Screens', scope: 'global' },
  // Navigation
  { id: 'nav.down', keys: ['j', 'down'], category: 'Navigation', scope: 'global' },
  { id: 'nav.up', keys: ['k', 'up'], category: 'Navigation', scope: 'global' },
  { id: 'nav.page-down', keys: ['pgdn', 'ctrl+f'], category: 'Navigation', scope: 'global' },
  { id: 'nav.page-up', keys: ['pgup', 'ctrl+b'], category: 'Navigation', scope: 'global' },
  { id: 'nav.first', keys: ['g', 'home'], category: 'Navigation', scope: 'global' },
  { id: 'nav.last', keys: ['G', 'end'], category: 'Navigation', scope: 'global' },
  { id: 'nav.open', keys: ['enter'], hinted: true, category: 'Navigation', scope: 'global' },
  // Jobs (queue screen and its detail panel)
  { id: 'jobs.hold', keys: ['h'], hinted: true, category: 'Jobs', scope: 'screen:queue' },
  { id: 'jobs.release', keys: ['r'], hinted: true, category: 'Jobs', scope: 'screen:queue' },
  { id: 'jobs.cancel', keys: ['c'], hinted: true, category: 'Jobs', scope: 'screen:queue' },
  { id: 'jobs.priority', keys: ['+'], hinted: true, category: 'Jobs', scope: 'screen:queue' },
  { id: 'jobs.reprint', keys: ['p'], hinted: true, category: 'Jobs', scope: 'screen:queue' },
  { id: 'jobs.spoil', keys: ['s'], hinted: true, category: 'Jobs', scope: 'screen:queue' },
  { id: 'jobs.resolve', keys: ['v'], hinted: true, category: 'Jobs', scope: 'screen:queue' },
  { id: 'jobs.copy-id', keys: ['y'], hinted: true, category: 'Jobs', scope: 'screen:queue' },
  { id: 'jobs.close-detail', keys: ['esc', 'enter'], hinted: true, category: 'Jobs', scope: 'panel:queue.detail' },
  // Printers
  { id: 'printers.pause', keys: ['p'], hinted: true, category: 'Printers', scope: 'screen:printers' },
  { id: 'printers.resume', keys: ['r'], hinted: true, category: 'Printers', scope: 'screen:printers' },
  { id: 'printers.clean', keys: ['c'], hinted: true, category: 'Printers', scope: 'screen:printers' },
  { id: 'printers.test-card', keys: ['t'], hinted: true, category: 'Printers', scope: 'screen:printers' },
  { id: 'printers.refill', keys: ['f'], hinted: true, category: 'Printers', scope: 'screen:printers' },
  { id: 'printers.load-roll', keys: ['l'], hinted: true, category: 'Printers', scope: 'screen:printers' },
  { id: 'printers.unload-roll', keys: ['u'], hinted: true, category: 'Printers', scope: 'screen:printers' },
  // Stock
  { id: 'stock.receive', keys: ['r'], hinted: true, category: 'Stock', scope: 'screen:stock' },
  { id: 'stock.lend', keys: ['l'], hinted: true, category: 'Stock', scope: 'screen:stock' },
  { id: 'stock.borrow', keys: ['b'], hinted: true, category: 'Stock', scope: 'screen:stock' },
  { id: 'stock.return', keys: ['R'], hinted: true, category: 'Stock', scope: 'screen:stock' },
  { id: 'stock.picture', keys: ['c'], hinted: true, category: 'Stock', scope: 'screen:stock' },
  // Audit
  { id: 'audit.verify', keys: ['v'], hinted: true, category: 'Audit', scope: 'screen:audit' },
  { id: 'audit.report', keys: ['m'], hinted: true, category: 'Audit', scope: 'screen:audit' },
  // Dialogs
  { id: 'help.close', keys: ['esc', '?', 'q'], category: 'Dialogs', scope: 'modal:help' },
  { id: 'dialog.confirm', keys: ['y'], hinted: true, category: 'Dialogs', scope: 'modal:confirm' },
  { id: 'dialog.cancel', keys: ['n', 'esc'], hinted: true, category: 'Dialogs', scope: 'modal:confirm' },
  { id: 'pick.down', keys: ['j', 'down'], category: 'Dialogs', scope: 'modal:pick' },
  { id: 'pick.up', keys: ['k', 'up'], category: 'Dialogs', scope: 'modal:pick' },
  { id: 'pick.toggle', keys: ['space'], hinted: true, category: 'Dialogs', scope: 'modal:pick' },
  { id: 'pick.accept', keys: ['enter'], hinted: true, category: 'Dialogs', scope: 'modal:pick' },
  { id: 'pick.cancel', keys: ['esc'], hinted: true, category: 'Dialogs', scope: 'modal:pick' },
  { id: 'input.submit', keys: ['enter'], hinted: true, category: 'Dialogs', scope: 'modal:input' },
  { id: 'input.cancel', keys: ['esc'], hinted: true, category: 'Dialogs', scope: 'modal:input' },
  { id: 'input.erase', keys: ['backspace'], category: 'Dialogs', scope: 'modal:input' },
  { id: 'input.clear', keys: ['ctrl+u'], category: 'Dialogs', scope: 'modal:input' },
  { id: 'input.next-field', keys: ['tab'], hinted: true, category: 'Dialogs', scope: 'modal:input' },
] as const satisfies readonly Binding[];

export type CommandId = (typeof BINDINGS)[number]['id'];
export type Command = CommandSpec & { readonly id: CommandId };

/** A binding with its words read from the catalogue when asked, so a language switch shows at once. */
function worded(binding: Binding & { readonly id: CommandId }): Command {
  const key = `keys:commands.${binding.id}`;
  const command = { ...binding, get description() { return t(`${key}.description`); } };
  if (binding.hinted) Object.defineProperty(command, 'hint', { get: () => t(`${key}.hint`), enumerable: true });
  return command;
}

/** Every command with its words; code refers to commands by id. */
export const COMMANDS: readonly Command[] = BINDINGS.map(worded);

const ALL: readonly Command[] = COMMANDS;
const BY_ID = new Map<string, Command>(ALL.map((c) => [c.id, c]));

/** Every command, typed loosely enough to read optional fields. */
export const ALL_COMMANDS = ALL;

/**
 * The command bound to `key`, looking through `scopes` innermost first, or null. A modal scope that
 * takes text (modal:input) only binds its control keys; printable characters go to the field.
 */
export function commandForKey(key: string, scopes: readonly Scope[]): Command | null {
  for (const scope of scopes) {
    for (const command of ALL) {
      if (command.scope === scope && command.keys.includes(key)) return command;
    }
  }
  return null;
}

/** How a key is written in hints and docs: `pgdn` → `PgDn`. */
export function displayKey(key: string): string {
  const names: Record<string, string> = {
    up: '↑', down: '↓', left: '←', right: '→', pgup: 'PgUp', pgdn: 'PgDn', home: 'Home', end: 'End',
    enter: 'Enter', esc: 'Esc', tab: 'Tab', 'shift+tab': 'Shift+Tab', backspace: 'Backspace', space: 'Space',
  };
  if (names[key]) return names[key];
  if (key.startsWith('ctrl+')) return `Ctrl+${key.slice(5).toUpperCase()}`;
  return key;
}

/** ASCII-only rendering of a key, for the Linux console. */
export function displayKeyAscii(key: string): string {
  const names: Record<string, string> = { up: 'Up', down: 'Down', left: 'Left', right: 'Right' };
  return names[key] ?? displayKey(key);
}
