// Issue 12 item 6: photo and signature paths named after the NIK are masked in every message.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCsv } from '../../fixtures/records-fixture.js';
import { cleanRows, run, useImportFolder } from './import-test-kit.js';

const { fx, dir } = useImportFolder();
const NIK = '5371030705652390';

describe('paths named after a NIK', () => {
  it('are masked in image messages (missing, not an image, wrong type, outside the folder)', async () => {
    const rows = await cleanRows(dir(), 4);
    await writeFile(join(dir(), 'photos', `${NIK}.png`), 'plain text, not a picture\n');
    await writeFile(join(dir(), 'photos', `${NIK}-x.png`), await import('node:fs/promises').then((fs) => fs.readFile(join(dir(), rows[0]!.photo))));
    const path = join(dir(), 'paths.csv');
    await writeFile(path, writeCsv([
      { ...rows[0]!, photo: `photos/${NIK}.jpg` },
      { ...rows[1]!, photo: `photos/${NIK}.png` },
      { ...rows[2]!, photo: `photos/${NIK}-x.png` },
      { ...rows[3]!, signature: `../${NIK}.png` },
    ]));
    const report = await run(fx(), path);
    expect(report.problems.map((p) => [p.row, p.code])).toEqual([
      [2, 'image-missing'],
      [3, 'image-not-image'],
      [4, 'image-wrong-type'],
      [5, 'image-path-escapes'],
    ]);
    expect(report.problems[0]!.message).toBe('photo file "photos/5371….jpg" does not exist');
    for (const p of report.problems) {
      expect(p.message).not.toContain(NIK);
      expect(p.message).not.toContain(NIK.slice(4));
    }
  });

  it('mask a NIK in the import file name too', async () => {
    const rows = await cleanRows(dir(), 1);
    const path = join(dir(), `${NIK}.csv`);
    await writeFile(path, writeCsv([{ ...rows[0]!, photo: 'photos/none.jpg' }]));
    const report = await run(fx(), path);
    expect(report.file).toBe('5371….csv');
    expect(JSON.stringify(report)).not.toContain(NIK);
  });
});
