// cetak import: --encoding latin1 reaches the importer, and problems name file, line and field.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCsv, writeRecordsFile } from '../../fixtures/records-fixture.js';
import { runCetak } from '../../support/run-cetak.js';

let home: string;
const env = () => ({ CETAK_HOME: home, CETAK_OPERATOR: 'sup', CETAK_PIN: '4321' });

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'cetak-import-cli-'));
  const add = await runCetak(['operator', 'add', '--id', 'sup', '--name', 'SUPERVISOR', '--role', 'supervisor'], { CETAK_HOME: home, CETAK_NEW_PIN: '4321' });
  expect(add.code, add.stderr).toBe(0);
});
afterAll(() => rm(home, { recursive: true, force: true }));

describe('cetak import', () => {
  it('refuses a Latin-1 file with the line and the option to use, then imports it with --encoding latin1', async () => {
    const dir = join(home, 'office');
    const { rows } = await writeRecordsFile(dir, 2);
    const path = join(dir, 'latin1.csv');
    await writeFile(path, Buffer.from(writeCsv([rows[0]!, { ...rows[1]!, name: 'JOSÉ DA COSTA' }]), 'latin1'));
    const refused = await runCetak(['import', path], env());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('latin1.csv line 3: line 3 is not UTF-8 text; if the file was saved as Latin-1 (Windows), import it with --encoding latin1');
    const imported = await runCetak(['import', '--encoding', 'latin1', path], env());
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('latin1.csv: 2 rows: 2 queued');
    const wrong = await runCetak(['import', '--encoding', 'cp1252', path], env());
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/Allowed choices are utf8, latin1/);
  }, 120_000);
});
