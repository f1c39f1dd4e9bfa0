import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDataHome } from '../../db/data-home.js';
import { isLanguage, LANGUAGES, resolveLanguage, setLanguage, type Language } from '../i18n/i18n.js';
import { UsageError } from './cli-error.js';

/**
 * `--lang id|en` (or `--lang=en`) anywhere before `--`, read before commander parses, so its own
 * messages (usage errors, help) and every command's first line are already in that language.
 * Undefined when absent; a value we do not speak is a usage error naming it.
 */
export function languageFlag(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    const value = arg === '--lang' ? args[i + 1] : arg.startsWith('--lang=') ? arg.slice('--lang='.length) : null;
    if (value === null) continue;
    if (value === undefined || !isLanguage(value.toLowerCase())) {
      throw new UsageError(`--lang: "${value ?? ''}" is not a language cetak speaks (${LANGUAGES.join(', ')})`);
    }
    return value.toLowerCase();
  }
  return undefined;
}

/** The value of a global option taking a value (`--home DIR` or `--home=DIR`), if given. */
function optionValue(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    if (arg === name) return args[i + 1];
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
  }
  return undefined;
}

/**
 * The `language` of a station.json, or undefined when there is none. Only that one field is read:
 * a broken file is the command's to report, with its own words, once it loads the config.
 */
export function configLanguage(path: string): string | undefined {
  try {
    const json = JSON.parse(readFileSync(path, 'utf8')) as { language?: unknown };
    return typeof json.language === 'string' ? json.language : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sets the language of this `cetak` process from its arguments, the environment and the data
 * folder's station.json (`--lang` > CETAK_LANG > station.json > LANG > Bahasa Indonesia), and
 * returns it. Commands that read another config file (`station --config`) apply its language again.
 */
export function applyCliLanguage(args: readonly string[], env: NodeJS.ProcessEnv = process.env, configPath?: string): Language {
  const flag = languageFlag(args);
  let config: string | undefined;
  try {
    config = configLanguage(configPath ?? join(optionValue(args, '--home') ?? resolveDataHome(env), 'station.json'));
  } catch {
    config = undefined; // no home can be placed: the command says so in its own words
  }
  const language = resolveLanguage({ flag, config, env });
  setLanguage(language);
  return language;
}
