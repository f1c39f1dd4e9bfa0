/**
 * The one keymap. Every key the console reacts to is here, as a command with a dotted id; hints, the
 * help overlay and docs/keys.md are generated from this list. Code refers to commands by id, never to
 * letters, so a remap changes nothing else.
 *
 * Scopes nest: a modal, then the focused panel, then the screen, then global. A key is looked up from
 * the innermost active scope outwards, so a screen may reuse a key that another screen binds.
 */

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

export interface CommandSpec {
  readonly id: string;
  readonly keys: readonly string[];
  /** For the help overlay and docs/keys.md. */
  readonly description: string;
  /** Short label for the key-hint rows; commands without one are not hinted. */
  readonly hint?: string;
  readonly category: Category;
  readonly scope: Scope;
}

export const COMMANDS = [
  // General
  { id: 'app.quit', keys: ['q'], description: 'Quit the console', hint: 'quit', category: 'General', scope: 'global' },
  { id: 'app.interrupt', keys: ['ctrl+c'], description: 'Quit now, also while typing', hint: 'quit', category: 'General', scope: 'global' },
  { id: 'app.help', keys: ['?'], description: 'Show the keys for here', hint: 'help', category: 'General', scope: 'global' },
  { id: 'app.filter', keys: ['/'], description: 'Filter (NIK, name, state:x)', hint: 'filter', category: 'General', scope: 'global' },
  { id: 'app.command', keys: [':'], description: 'Command line (:help)', hint: 'command', category: 'General', scope: 'global' },
  { id: 'app.sign-out', keys: ['ctrl+o'], description: 'Sign out now (shared workstation)', category: 'General', scope: 'global' },
  { id: 'app.back', keys: ['esc'], description: 'Back, clear the filter', category: 'General', scope: 'global' },
  // Screens
  { id: 'screen.dashboard', keys: ['1'], description: 'Dashboard: what needs you', hint: 'Dash', category: 'Screens', scope: 'global' },
  { id: 'screen.queue', keys: ['2'], description: 'Queue: every job', hint: 'Queue', category: 'Screens', scope: 'global' },
  { id: 'screen.printers', keys: ['3'], description: 'Printers and maintenance', hint: 'Printers', category: 'Screens', scope: 'global' },
  { id: 'screen.stock', keys: ['4'], description: 'Stock, loans, movements', hint: 'Stock', category: 'Screens', scope: 'global' },
  { id: 'screen.audit', keys: ['5'], description: 'Audit log, chain check', hint: 'Audit', category: 'Screens', scope: 'global' },
  { id: 'screen.next', keys: ['tab'], description: 'Next screen', category: 'Screens', scope: 'global' },
  { id: 'screen.previous', keys: ['shift+tab'], description: 'Previous screen', category: 'Screens', scope: 'global' },
  // Navigation
  { id: 'nav.down', keys: ['j', 'down'], description: 'Down one row', category: 'Navigation', scope: 'global' },
  { id: 'nav.up', keys: ['k', 'up'], description: 'Up one row', category: 'Navigation', scope: 'global' },
  { id: 'nav.page-down', keys: ['pgdn', 'ctrl+f'], description: 'Down one page', category: 'Navigation', scope: 'global' },
  { id: 'nav.page-up', keys: ['pgup', 'ctrl+b'], description: 'Up one page', category: 'Navigation', scope: 'global' },
  { id: 'nav.first', keys: ['g', 'home'], description: 'First row', category: 'Navigation', scope: 'global' },
  { id: 'nav.last', keys: ['G', 'end'], description: 'Last row', category: 'Navigation', scope: 'global' },
  { id: 'nav.open', keys: ['enter'], description: 'Open job detail, preview', hint: 'open', category: 'Navigation', scope: 'global' },
  // Jobs (queue screen and its detail panel)
  { id: 'jobs.hold', keys: ['h'], description: 'Hold the job (reason asked)', hint: 'hold', category: 'Jobs', scope: 'screen:queue' },
  { id: 'jobs.release', keys: ['r'], description: 'Release a held job', hint: 'release', category: 'Jobs', scope: 'screen:queue' },
  { id: 'jobs.cancel', keys: ['c'], description: 'Cancel the job (reason)', hint: 'cancel', category: 'Jobs', scope: 'screen:queue' },
  { id: 'jobs.priority', keys: ['+'], description: 'Change the priority class', hint: 'priority', category: 'Jobs', scope: 'screen:queue' },
  { id: 'jobs.reprint', keys: ['p'], description: 'Reprint spoiled (reason)', hint: 'reprint', category: 'Jobs', scope: 'screen:queue' },
  { id: 'jobs.spoil', keys: ['s'], description: 'Mark a card spoiled (reason)', hint: 'spoiled', category: 'Jobs', scope: 'screen:queue' },
  { id: 'jobs.resolve', keys: ['v'], description: 'Resolve an in-doubt card', hint: 'resolve', category: 'Jobs', scope: 'screen:queue' },
  { id: 'jobs.copy-id', keys: ['y'], description: 'Copy the job id (never the NIK)', hint: 'copy id', category: 'Jobs', scope: 'screen:queue' },
  { id: 'jobs.close-detail', keys: ['esc', 'enter'], description: 'Close the job detail', hint: 'close', category: 'Jobs', scope: 'panel:queue.detail' },
  // Printers
  { id: 'printers.pause', keys: ['p'], description: 'Pause after the current card', hint: 'pause', category: 'Printers', scope: 'screen:printers' },
  { id: 'printers.resume', keys: ['r'], description: 'Resume a paused printer', hint: 'resume', category: 'Printers', scope: 'screen:printers' },
  { id: 'printers.clean', keys: ['c'], description: 'Cleaning cycle (confirm)', hint: 'clean', category: 'Printers', scope: 'screen:printers' },
  { id: 'printers.test-card', keys: ['t'], description: 'Test card (confirm, 1 blank)', hint: 'test card', category: 'Printers', scope: 'screen:printers' },
  { id: 'printers.refill', keys: ['f'], description: 'Blanks put in the feeder (count)', hint: 'feeder', category: 'Printers', scope: 'screen:printers' },
  { id: 'printers.load-roll', keys: ['l'], description: 'Load a roll by its ID', hint: 'load roll', category: 'Printers', scope: 'screen:printers' },
  { id: 'printers.unload-roll', keys: ['u'], description: 'Unload film or ribbon roll', hint: 'unload', category: 'Printers', scope: 'screen:printers' },
  // Stock
  { id: 'stock.receive', keys: ['r'], description: 'Receive blanks or rolls', hint: 'receive', category: 'Stock', scope: 'screen:stock' },
  { id: 'stock.lend', keys: ['l'], description: 'Lend rolls to an office', hint: 'lend', category: 'Stock', scope: 'screen:stock' },
  { id: 'stock.borrow', keys: ['b'], description: 'Borrow rolls from an office', hint: 'borrow', category: 'Stock', scope: 'screen:stock' },
  { id: 'stock.return', keys: ['R'], description: 'Return a loan', hint: 'return', category: 'Stock', scope: 'screen:stock' },
  { id: 'stock.picture', keys: ['c'], description: '30-day chart / movements', hint: 'chart', category: 'Stock', scope: 'screen:stock' },
  // Audit
  { id: 'audit.verify', keys: ['v'], description: 'Verify the hash chain again', hint: 'verify chain', category: 'Audit', scope: 'screen:audit' },
  { id: 'audit.report', keys: ['m'], description: 'Monthly report / audit log', hint: 'monthly report', category: 'Audit', scope: 'screen:audit' },
  // Dialogs
  { id: 'help.close', keys: ['esc', '?', 'q'], description: 'Close the help', category: 'Dialogs', scope: 'modal:help' },
  { id: 'dialog.confirm', keys: ['y'], description: 'Yes, do it', hint: 'yes', category: 'Dialogs', scope: 'modal:confirm' },
  { id: 'dialog.cancel', keys: ['n', 'esc'], description: 'No, leave it', hint: 'no', category: 'Dialogs', scope: 'modal:confirm' },
  { id: 'pick.down', keys: ['j', 'down'], description: 'Next in the list', category: 'Dialogs', scope: 'modal:pick' },
  { id: 'pick.up', keys: ['k', 'up'], description: 'Previous in the list', category: 'Dialogs', scope: 'modal:pick' },
  { id: 'pick.toggle', keys: ['space'], description: 'Mark or unmark (several)', hint: 'mark', category: 'Dialogs', scope: 'modal:pick' },
  { id: 'pick.accept', keys: ['enter'], description: 'Take the marked, or the highlighted', hint: 'take', category: 'Dialogs', scope: 'modal:pick' },
  { id: 'pick.cancel', keys: ['esc'], description: 'Close the list, take nothing', hint: 'cancel', category: 'Dialogs', scope: 'modal:pick' },
  { id: 'input.submit', keys: ['enter'], description: 'Accept what was typed', hint: 'accept', category: 'Dialogs', scope: 'modal:input' },
  { id: 'input.cancel', keys: ['esc'], description: 'Cancel typing', hint: 'cancel', category: 'Dialogs', scope: 'modal:input' },
  { id: 'input.erase', keys: ['backspace'], description: 'Erase the last character', category: 'Dialogs', scope: 'modal:input' },
  { id: 'input.clear', keys: ['ctrl+u'], description: 'Clear the field', category: 'Dialogs', scope: 'modal:input' },
  { id: 'input.next-field', keys: ['tab'], description: 'Next field (sign-in)', hint: 'next field', category: 'Dialogs', scope: 'modal:input' },
] as const satisfies readonly CommandSpec[];

export type CommandId = (typeof COMMANDS)[number]['id'];
export type Command = CommandSpec & { readonly id: CommandId };

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
