// Issue 12 item 10: `demo-data --count 5` works, and demo-data never creates the demo sign-ins.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCetak } from '../../support/run-cetak.js';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'cetak-demo-data-'));
});
afterEach(() => rm(home, { recursive: true, force: true }));

const operators = () => {
  const db = new Database(join(home, 'cetak.sqlite'), { readonly: true });
  try {
    return (db.prepare('select id from operators order by id').all() as { id: string }[]).map((r) => r.id);
  } finally {
    db.close();
  }
};

describe('cetak demo-data', () => {
  it('on an empty station creates no sign-ins and says how to add the first supervisor', async () => {
    const r = await runCetak(['demo-data', '--out', join(home, 'office'), '--count', '5'], { CETAK_HOME: home });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('cetak: no operators exist yet: add the first supervisor with `cetak operator add --id ID --name NAME --role supervisor`, or try cetak with `cetak demo`');
    expect(r.stdout).not.toContain('PIN');
    expect(operators()).toEqual([]);
  });

  it('--count 5 writes five records and six problem rows, and the problem rows are refused', async () => {
    const add = await runCetak(['operator', 'add', '--id', 'sup', '--name', 'SUPERVISOR', '--role', 'supervisor'], { CETAK_HOME: home, CETAK_NEW_PIN: '4321' });
    expect(add.code, add.stderr).toBe(0);
    const env = { CETAK_HOME: home, CETAK_OPERATOR: 'sup', CETAK_PIN: '4321' };
    const office = join(home, 'office');
    const r = await runCetak(['demo-data', '--out', office, '--count', '5'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/TypeError/);
    expect(r.stdout).toContain('wrote 5 records');
    expect(r.stdout).toContain('wrote 6 problem rows');
    expect((await readFile(join(office, 'records.csv'), 'utf8')).trim().split('\n')).toHaveLength(6);
    expect(operators()).toEqual(['sup']);
    const refused = await runCetak(['import', join(office, 'problem-rows.csv')], env);
    expect(refused.stderr).toContain('nothing imported: 6 of 6 rows have problems');
    const imported = await runCetak(['import', join(office, 'records.csv')], env);
    expect(imported.stdout).toContain('records.csv: 5 rows: 5 queued');
  }, 120_000);

  it('refuses --count 0 with a sentence', async () => {
    const r = await runCetak(['demo-data', '--out', join(home, 'office'), '--count', '0'], { CETAK_HOME: home });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('cetak: --count must be at least 1');
  });
});
