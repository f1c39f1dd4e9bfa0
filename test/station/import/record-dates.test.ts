// Issue 12 item 5: an issue date in the future, a valid-until before the issue date.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCsv } from '../../fixtures/records-fixture.js';
import { cleanRows, jobCount, run, useImportFolder } from './import-test-kit.js';

const { fx, dir } = useImportFolder();

// The fixture station's clock is 2026-11-02T01:00Z: 2026-11-02 in WITA.
describe('record dates', () => {
  it('refuses an issue date after today and a valid-until before the issue date', async () => {
    const rows = await cleanRows(dir(), 4);
    const path = join(dir(), 'dates.csv');
    await writeFile(path, writeCsv([
      { ...rows[0]!, issue_date: '2026-11-03' },
      { ...rows[1]!, issue_date: '2026-10-01', valid_until: '2026-09-30' },
      { ...rows[2]!, issue_date: '2026-11-02', valid_until: 'SEUMUR HIDUP' },
      { ...rows[3]!, issue_date: '2026-10-01', valid_until: '01-10-2031' },
    ]));
    const report = await run(fx(), path);
    expect(report.imported).toBe(false);
    expect(report.problems.map((p) => [p.row, p.field, p.code, p.message])).toEqual([
      [2, 'issue_date', 'row-issue-date-future', 'issue_date is after today (2026-11-02); a card is issued on or before the day it is printed'],
      [3, 'valid_until', 'row-valid-before-issue', 'valid_until is before issue_date; a card cannot expire before it is issued'],
    ]);
    expect(await jobCount(fx())).toBe(0);
  });

  it('takes "today" in the office time zone', async () => {
    const rows = await cleanRows(dir(), 1);
    const path = join(dir(), 'tz.csv');
    await writeFile(path, writeCsv([{ ...rows[0]!, issue_date: '2026-11-02' }]));
    // 01:00 UTC is still 1 November in UTC−2.
    const west = await run(fx(), path, { utcOffsetMinutes: -120 });
    expect(west.problems.map((p) => p.code)).toEqual(['row-issue-date-future']);
    const wita = await run(fx(), path);
    expect(wita).toMatchObject({ imported: true, queued: 1 });
  });
});
