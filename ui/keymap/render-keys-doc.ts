import { CATEGORIES, COMMANDS, displayKey } from './keymap.js';

const SCOPE_WORDS: Readonly<Record<string, string>> = {
  global: 'everywhere',
  'screen:dashboard': 'Dashboard',
  'screen:queue': 'Queue',
  'screen:printers': 'Printers',
  'screen:stock': 'Stock',
  'screen:audit': 'Audit',
  'panel:queue.detail': 'Queue, job detail open',
  'modal:help': 'help overlay',
  'modal:confirm': 'confirmation',
  'modal:input': 'while typing',
};

/** docs/keys.md, rendered from the keymap. A test compares the committed file with this. */
export function renderKeysDoc(): string {
  const lines: string[] = [
    '# cetak console keys',
    '',
    '<!-- Generated from ui/keymap/keymap.ts by renderKeysDoc(); do not edit by hand. -->',
    '',
    'Keys follow k9s, lazygit and htop: `?` shows the keys for the current screen, `/` filters, `:` opens',
    'the command line, `j`/`k` or the arrows move, `g`/`G` jump to the ends, Enter opens, Esc goes back.',
    'An action that is not available says why in the status line instead of doing nothing.',
    '',
  ];
  for (const category of CATEGORIES) {
    const commands = COMMANDS.filter((c) => c.category === category);
    if (commands.length === 0) continue;
    lines.push(`## ${category}`, '', '| Keys | Command | What it does | Where |', '| --- | --- | --- | --- |');
    for (const c of commands) {
      const keys = c.keys.map((k) => `\`${displayKey(k).replace('|', '\\|')}\``).join(' ');
      lines.push(`| ${keys} | \`${c.id}\` | ${c.description} | ${SCOPE_WORDS[c.scope] ?? c.scope} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
