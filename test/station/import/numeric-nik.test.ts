// Issue 12 item 1: a NIK given as a JSON number has lost digits before cetak sees it; refuse it.
import { describe, expect, it } from 'vitest';
import { cleanRows, jobCount, run, useImportFolder, writeLines } from './import-test-kit.js';

const { fx, dir } = useImportFolder();

describe('a NIK written as a JSON number', () => {
  it('is refused with a sentence that says to quote it, and nothing is queued', async () => {
    const [row] = await cleanRows(dir(), 1);
    const rest = JSON.stringify({ ...row, nik: undefined }).slice(1);
    // 9171011708900003 > 2^53: JSON.parse makes it 9171011708900004, another person's valid NIK.
    const path = await writeLines(dir(), 'numeric.jsonl', [`{"nik": 9171011708900003,${rest}`]);
    const report = await run(fx(), path);
    expect(report.imported).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({ row: 1, field: 'nik', code: 'row-nik-number', message: expect.stringContaining('write it in quotes') }),
    ]);
    expect(await jobCount(fx())).toBe(0);
    const niks = await fx().station.db.selectFrom('records').select('nik').execute();
    expect(niks).toEqual([]);
  });

  it('is refused even when small enough to survive, and any other field as a number is named as not text', async () => {
    const [row] = await cleanRows(dir(), 1);
    const path = await writeLines(dir(), 'typed.jsonl', [JSON.stringify({ ...row, rt_rw: 4, religion: true, occupation: null })]);
    const report = await run(fx(), path);
    const byField = Object.fromEntries(report.problems.map((p) => [p.field, p.message]));
    expect(byField['rt_rw']).toBe('rt_rw is a number; it must be text in quotes ("rt_rw": "…")');
    expect(byField['religion']).toBe('religion is true; it must be text in quotes ("religion": "…")');
    expect(byField['occupation']).toBe('occupation is null; it must be text in quotes ("occupation": "…")');
    for (const p of report.problems) expect(p.message).not.toMatch(/missing/);
  });

  it('accepts the same NIK in quotes, digit for digit', async () => {
    const [row] = await cleanRows(dir(), 1);
    const path = await writeLines(dir(), 'quoted.jsonl', [JSON.stringify(row)]);
    const report = await run(fx(), path);
    expect(report).toMatchObject({ imported: true, queued: 1 });
    const stored = await fx().station.db.selectFrom('records').select('nik').executeTakeFirstOrThrow();
    expect(stored.nik).toBe(row!.nik);
  });

  it('refuses a CSV NIK that a spreadsheet turned into 9.17101E+15', async () => {
    const rows = await cleanRows(dir(), 1);
    const { writeCsv } = await import('../../fixtures/records-fixture.js');
    const path = await writeLines(dir(), 'sheet.csv', [writeCsv([{ ...rows[0]!, nik: '9.17101E+15' }]).trimEnd()]);
    const report = await run(fx(), path);
    expect(report.problems.map((p) => [p.row, p.field, p.code])).toEqual([[2, 'nik', 'row-nik-number']]);
  });
});
