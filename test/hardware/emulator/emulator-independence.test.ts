import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// style.md house rule 7: the emulator's parser is its own, so it cannot share the driver's bugs.
describe('hardware/emulator', () => {
  it('imports nothing from hardware/evolis/', () => {
    const dir = fileURLToPath(new URL('../../../hardware/emulator/', import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const source = readFileSync(`${dir}${file}`, 'utf8');
      const imports = [...source.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
      expect(imports.filter((i) => i?.includes('evolis/')), file).toEqual([]);
    }
  });
});
