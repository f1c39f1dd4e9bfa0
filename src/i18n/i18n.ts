import i18next from 'i18next';
import { NAMESPACES, type NamespaceName } from './resources.js';

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The language a new station gets: the people who use cetak work in Bahasa Indonesia. */
export const DEFAULT_LANGUAGE: Language = 'id';

function resources() {
  const byLanguage: Record<Language, Record<string, object>> = { id: {}, en: {} };
  for (const [name, namespace] of Object.entries(NAMESPACES)) {
    byLanguage.en[name] = namespace.en;
    byLanguage.id[name] = namespace.id;
  }
  return byLanguage;
}

// One instance for the process: a console or a station speaks one language at a time. Resources are
// bundled, so initialisation is synchronous and `t` works from the first line of a command.
const instance = i18next.createInstance();
void instance.init({
  lng: DEFAULT_LANGUAGE,
  fallbackLng: false,
  supportedLngs: [...LANGUAGES],
  ns: Object.keys(NAMESPACES),
  defaultNS: 'common' satisfies NamespaceName,
  resources: resources(),
  initAsync: false,
  // Text goes to a terminal or a PDF, never into HTML.
  interpolation: { escapeValue: false },
  returnNull: false,
  // i18next prints an advertisement to the console at init; a terminal UI cannot have that.
  showSupportNotice: false,
});

/** A message by `namespace:key`, interpolated, pluralised by `count`, in the current language. */
export function t(key: string, params?: Record<string, unknown>): string {
  return String(instance.t(key, params as never));
}

export function setLanguage(language: Language): void {
  void instance.changeLanguage(language);
}

export function currentLanguage(): Language {
  return instance.language as Language;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * Which language to speak: an explicit `--lang`, then `CETAK_LANG`, then the station's
 * `station.json`, then the system locale when it names one we have (`LANG=en_US.UTF-8`), else
 * Bahasa Indonesia. The system locale comes last because a workstation's `LANG` is often a
 * leftover of its installation, while `station.json` is the office's choice.
 */
export function resolveLanguage(sources: {
  flag?: string | undefined;
  config?: string | undefined;
  env?: NodeJS.ProcessEnv;
}): Language {
  const env = sources.env ?? {};
  for (const candidate of [sources.flag, env.CETAK_LANG, sources.config]) {
    if (candidate !== undefined && candidate !== '') {
      const language = candidate.toLowerCase().slice(0, 2);
      if (isLanguage(language)) return language;
    }
  }
  const locale = (env.LC_ALL || env.LC_MESSAGES || env.LANG || '').toLowerCase();
  const fromLocale = locale.slice(0, 2);
  return isLanguage(fromLocale) ? fromLocale : DEFAULT_LANGUAGE;
}

const LOCALE_OF: Record<Language, string> = { id: 'id-ID', en: 'en-GB' };

/** `4.000` in Indonesian, `4,000` in English. */
export function formatNumber(value: number, language: Language = currentLanguage()): string {
  return new Intl.NumberFormat(LOCALE_OF[language]).format(value);
}

/** `3 Desember 2026`, in the office's time zone (never the machine's UTC by accident). */
export function formatDate(value: Date, timeZone: string, language: Language = currentLanguage()): string {
  return new Intl.DateTimeFormat(LOCALE_OF[language], { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(value);
}

/** `3 Desember 2026 14.05` in Indonesian, office time. */
export function formatDateTime(value: Date, timeZone: string, language: Language = currentLanguage()): string {
  return new Intl.DateTimeFormat(LOCALE_OF[language], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(value);
}
