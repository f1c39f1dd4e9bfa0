import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES } from '../../src/api/protocol.js';
import { StationRequestError } from '../../src/api/station-connection.js';
import { describeRequestError, ERROR_TEXT } from '../../ui/text.js';

/** Every `new StationError('code', message…)` and `new StockRuleError(…)` in the station's source. */
function stationErrorSites(): { code: string; file: string; message: string }[] {
  const sites: { code: string; file: string; message: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/new (?:StationError|StockRuleError)\(\s*'([a-z0-9-]+)',\s*(['`])((?:\\.|(?!\2).)*)\2/gs)) {
          sites.push({ code: m[1]!, file: path, message: m[3]! });
        }
      }
    }
  };
  walk('src');
  return sites;
}

describe('every station error code has console text', () => {
  const sites = stationErrorSites();

  it('finds the station errors (the scan itself works)', () => {
    expect(sites.length).toBeGreaterThan(50);
    expect(sites.map((s) => s.code)).toContain('sign-in-locked');
  });

  it('each station error carries a sentence of its own, and the console shows that sentence', () => {
    const constructed = readFileSync('src/station/station-error.ts', 'utf8');
    expect(constructed).toMatch(/constructor\(code: string, message: string/);
    for (const site of sites) {
      expect(site.message.trim().length, `${site.file}: ${site.code} has no sentence`).toBeGreaterThan(10);
      // Templates are shown as their fixed text; what matters is that the console shows the station's words.
      const message = site.message.replace(/\$\{[^}]*\}/g, 'x');
      const text = describeRequestError(new StationRequestError({ code: site.code, message, params: {} }));
      expect(text, site.code).not.toContain(`(${site.code})`);
      if (!ERROR_TEXT[site.code]) expect(text).toBe(message.trim());
    }
  });

  it('words every API and client code itself, and no code that nothing sends', () => {
    for (const code of API_ERROR_CODES) expect(ERROR_TEXT[code], code).toBeTypeOf('function');
    const known = new Set<string>([...API_ERROR_CODES, ...sites.map((s) => s.code)]);
    for (const code of Object.keys(ERROR_TEXT)) expect(known.has(code), `ERROR_TEXT has "${code}", which nothing sends`).toBe(true);
  });

  it('says something in words even when a station sends no sentence', () => {
    const text = describeRequestError(new StationRequestError({ code: 'stock-unknown-roll', message: '', params: {} }));
    expect(text).not.toContain('stock-unknown-roll');
    expect(text.length).toBeGreaterThan(10);
  });
});
