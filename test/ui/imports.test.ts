import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const uiDir = join(root, 'ui');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/gm;

describe('ui/ imports', () => {
  const all = files(uiDir);

  it('reach only the api client, domain types and the message catalogue of ours, and a few libraries', () => {
    for (const file of all) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(IMPORT)) {
        const spec = m[3] ?? m[4]!;
        const where = `${relative(root, file)} imports ${spec}`;
        if (spec.startsWith('.')) {
          const target = relative(root, join(file, '..', spec));
          expect(/^(ui|src\/api|src\/domain|src\/i18n)\//.test(target), where).toBe(true);
        } else {
          expect(/^(react|ink|zod|node:.*)$/.test(spec), where).toBe(true);
        }
      }
    }
  });

  it('load Ink at run time only through terminal/load-ink.ts, so bundles do not load it for every command', () => {
    for (const file of all) {
      if (file.endsWith(join('terminal', 'load-ink.ts'))) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(IMPORT)) {
        if ((m[3] ?? m[4]) === 'ink') expect(m[2], `${relative(root, file)} imports ink at run time`).toBe('type ');
      }
    }
  });

  it('use kebab-case file names', () => {
    for (const file of all) expect(relative(uiDir, file)).toMatch(/^[a-z0-9/-]+(\.[a-z]+)+$/);
  });
});
