import { currentLanguage, setLanguage, t, type Language } from '../../src/i18n/i18n.js';
import { CATEGORIES, COMMANDS, displayKey } from './keymap.js';

/** A scope's words: its id with the i18next separators (`:` and `.`) made `-`. */
const scopeWords = (scope: string) => t(`keys:scopes.${scope.replace(/[:.]/g, '-')}`);

/**
 * docs/keys.md (English) or docs/keys.id.md (Bahasa Indonesia), rendered from the keymap. A test
 * compares the committed files with this.
 */
export function renderKeysDoc(language: Language = 'en'): string {
  const before = currentLanguage();
  setLanguage(language);
  try {
    return render();
  } finally {
    setLanguage(before);
  }
}

function render(): string {
  const lines: string[] = [
    `# ${t('keys:doc.title')}`,
    '',
    `<!-- ${t('keys:doc.generated')} -->`,
    '',
    t('keys:doc.intro1'),
    t('keys:doc.intro2'),
    t('keys:doc.intro3'),
    '',
  ];
  for (const category of CATEGORIES) {
    const commands = COMMANDS.filter((c) => c.category === category);
    if (commands.length === 0) continue;
    lines.push(`## ${t(`keys:categories.${category}`)}`, '', `| ${t('keys:doc.keys')} | ${t('keys:doc.command')} | ${t('keys:doc.what')} | ${t('keys:doc.where')} |`, '| --- | --- | --- | --- |');
    for (const c of commands) {
      const keys = c.keys.map((k) => `\`${displayKey(k).replace('|', '\\|')}\``).join(' ');
      lines.push(`| ${keys} | \`${c.id}\` | ${c.description} | ${scopeWords(c.scope)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
