import { describe, expect, it } from 'vitest';
import { NAMESPACES } from '../../src/i18n/resources.js';
import { formatDate, formatNumber, resolveLanguage, setLanguage, t } from '../../src/i18n/i18n.js';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const PLURAL_ONLY = /_(one|zero|two|few|many)$/;
const base = (key: string) => key.replace(/_(one|zero|two|few|many|other)$/, '');
const variables = (message: string) => [...message.matchAll(/\{\{\s*([\w.]+)/g)].map((m) => m[1]).sort();

describe('the message catalogue', () => {
  for (const [name, namespace] of Object.entries(NAMESPACES)) {
    describe(name, () => {
      const en = flatten(namespace.en as Tree);
      const id = flatten(namespace.id as Tree);

      it('has every message in both languages', () => {
        const missingInId = [...en.keys()].filter((k) => !id.has(k) && !PLURAL_ONLY.test(k));
        const missingInEn = [...id.keys()].filter((k) => !en.has(k));
        expect({ missingInId, missingInEn }).toEqual({ missingInId: [], missingInEn: [] });
      });

      it('uses the same placeholders in both languages, and no message is empty', () => {
        const mismatched: string[] = [];
        for (const [key, english] of en) {
          expect(english.trim(), `${name}:${key} (en)`).not.toBe('');
          const indonesian = id.get(key) ?? id.get(`${base(key)}_other`);
          if (indonesian === undefined) continue;
          expect(indonesian.trim(), `${name}:${key} (id)`).not.toBe('');
          // A plural's singular may drop the count ("one card"), so compare against the union.
          const want = new Set(variables(english));
          const have = new Set(variables(indonesian));
          if (!PLURAL_ONLY.test(key) && [...want].some((v) => !have.has(v))) mismatched.push(`${name}:${key}`);
          if ([...have].some((v) => !want.has(v) && !(v === 'count' && key.endsWith('_other')))) mismatched.push(`${name}:${key}`);
        }
        expect(mismatched).toEqual([]);
      });
    });
  }
});

describe('numbers, dates and plurals', () => {
  it('writes Indonesian figures and dates the Indonesian way', () => {
    setLanguage('id');
    expect(formatNumber(4000)).toBe('4.000');
    // 20:00 UTC on the 2nd is already the 3rd in Jakarta.
    expect(formatDate(new Date('2026-12-02T20:00:00Z'), 'Asia/Jakarta')).toBe('3 Desember 2026');
    expect(t('common:cards', { count: 4000 })).toBe('4.000 kartu');
    expect(t('common:cards', { count: 1 })).toBe('1 kartu');
  });

  it('writes English with English plurals', () => {
    setLanguage('en');
    try {
      expect(formatNumber(4000)).toBe('4,000');
      expect(t('common:cards', { count: 1 })).toBe('1 card');
      expect(t('common:cards', { count: 2 })).toBe('2 cards');
    } finally {
      setLanguage('id');
    }
  });

  it('takes the language from the flag, then CETAK_LANG, then station.json, then the locale', () => {
    expect(resolveLanguage({})).toBe('id');
    expect(resolveLanguage({ env: { LANG: 'en_US.UTF-8' } })).toBe('en');
    expect(resolveLanguage({ config: 'id', env: { LANG: 'en_US.UTF-8' } })).toBe('id');
    expect(resolveLanguage({ config: 'id', env: { CETAK_LANG: 'en' } })).toBe('en');
    expect(resolveLanguage({ flag: 'id', config: 'en', env: { CETAK_LANG: 'en' } })).toBe('id');
    expect(resolveLanguage({ env: { LANG: 'C.UTF-8' } })).toBe('id');
  });
});
