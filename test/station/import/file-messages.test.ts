// Issue 12 item 7: each reading problem gets its own true sentence with file, line and field.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCsv } from '../../fixtures/records-fixture.js';
import { cleanRows, jobCount, run, useImportFolder } from './import-test-kit.js';

const { fx, dir } = useImportFolder();

async function csvFile(name: string, text: string): Promise<string> {
  const path = join(dir(), name);
  await writeFile(path, text);
  return path;
}

describe('import messages a person can act on', () => {
  it('numbers rows by the line they are on, blank lines counted', async () => {
    const rows = await cleanRows(dir(), 3);
    const [header, a, b, c] = writeCsv(rows).trimEnd().split('\n');
    const bad = writeCsv([{ ...rows[2]!, birth_date: '1990-02-30' }]).trimEnd().split('\n')[1];
    const path = await csvFile('blanks.csv', [header, a, '', '', b, '', bad, c].join('\n'));
    const report = await run(fx(), path);
    expect(report.problems.map((p) => [p.file, p.row, p.field])).toEqual([['blanks.csv', 7, 'birth_date']]);
  });

  it('reports an unterminated quote at the line where it opens, in words', async () => {
    const rows = await cleanRows(dir(), 3);
    const lines = writeCsv(rows).trimEnd().split('\n');
    lines[2] = lines[2]!.replace(',', ',"');
    const path = await csvFile('quote.csv', lines.join('\n'));
    const report = await run(fx(), path);
    expect(report.problems).toEqual([expect.objectContaining({ row: 3, code: 'file-quote-not-closed', message: 'line 3 opens a quote (") that is never closed; add the closing quote' })]);
    expect(report.problems[0]!.message).not.toMatch(/CSV_/);
  });

  it('says an empty file is empty', async () => {
    const report = await run(fx(), await csvFile('empty.csv', ''));
    expect(report.problems.map((p) => [p.row, p.code, p.message])).toEqual([
      [null, 'file-empty', 'the file is empty; it needs a header line (nik,name,province,…) and records'],
    ]);
  });

  it('says a leading blank line must go', async () => {
    const rows = await cleanRows(dir(), 1);
    const report = await run(fx(), await csvFile('lead.csv', `\n${writeCsv(rows)}`));
    expect(report.problems.map((p) => [p.row, p.code])).toEqual([[1, 'file-blank-first-line']]);
    expect(report.problems[0]!.message).toBe('line 1 is blank; the header (nik,name,province,…) must be the first line');
  });

  it('says a ;-delimited file is separated by semicolons', async () => {
    const rows = await cleanRows(dir(), 1);
    const report = await run(fx(), await csvFile('semi.csv', writeCsv(rows).replaceAll(',', ';')));
    expect(report.problems.map((p) => [p.row, p.code, p.message])).toEqual([
      [1, 'file-wrong-delimiter', 'the header (line 1) is separated by semicolons, not commas; save the file as comma-separated CSV'],
    ]);
  });

  it('still names missing columns of a comma header', async () => {
    const rows = await cleanRows(dir(), 1);
    const text = writeCsv(rows).replace('religion', 'agama');
    const report = await run(fx(), await csvFile('cols.csv', text));
    expect(report.problems.map((p) => p.message)).toEqual(['the header lacks the column religion']);
  });

  it('says a record with a missing comma has the wrong number of fields', async () => {
    const rows = await cleanRows(dir(), 2);
    const lines = writeCsv(rows).trimEnd().split('\n');
    lines[2] = lines[2]!.replace(/,([^,]*)$/, '$1');
    const report = await run(fx(), await csvFile('count.csv', lines.join('\n')));
    expect(report.problems.map((p) => [p.row, p.code])).toEqual([[3, 'row-column-count']]);
    expect(report.problems[0]!.message).toMatch(/^the record has \d+ fields, the header has \d+; check for a missing or extra comma$/);
  });

  it('says an identical row twice in one file is repeated, not already imported', async () => {
    const rows = await cleanRows(dir(), 2);
    const path = await csvFile('twice.csv', writeCsv([rows[0]!, rows[1]!, rows[0]!]));
    const report = await run(fx(), path);
    expect(report.imported).toBe(false);
    expect(report.alreadyImported).toBe(0);
    expect(report.problems.map((p) => [p.row, p.code, p.message])).toEqual([
      [4, 'row-repeated', 'the record is the same as line 2 of this file; remove one of them'],
    ]);
    expect(await jobCount(fx())).toBe(0);
    const partial = await run(fx(), path, { allowPartial: true });
    expect(partial).toMatchObject({ imported: true, queued: 2, rejected: 1, alreadyImported: 0 });
    fx().clock.advanceMs(60_000);
    const again = await run(fx(), path, { allowPartial: true });
    expect(again).toMatchObject({ imported: true, queued: 0, alreadyImported: 3 });
  });

  it('says a header-only file has no records', async () => {
    const rows = await cleanRows(dir(), 1);
    const report = await run(fx(), await csvFile('header.csv', writeCsv(rows).split('\n')[0]! + '\n'));
    expect(report.problems.map((p) => [p.code, p.message])).toEqual([['file-empty', 'has a header but no records']]);
  });
});
