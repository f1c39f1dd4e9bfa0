import { readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../../src/station/import/import-file.js';
import type { StationFixture } from '../../fixtures/station-fixture.js';
import { useImportFolder } from './import-test-kit.js';
import { writeCsv, writeRecordsFile } from '../../fixtures/records-fixture.js';

const folder = useImportFolder();
let fx: StationFixture;
let dir: string;
beforeEach(() => {
  fx = folder.fx();
  dir = folder.dir();
});

const jobCount = async () => Number((await fx.station.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('importFile', () => {
  it('queues every clean record once, and a re-import changes nothing', async () => {
    const { path } = await writeRecordsFile(dir, 25);
    const first = await importFile(fx.station, fx.operator, path);
    expect(first).toMatchObject({ imported: true, rows: 25, queued: 25, heldDuplicates: 0, alreadyImported: 0, problems: [] });
    expect(await jobCount()).toBe(25);
    const again = await importFile(fx.station, fx.operator, path);
    expect(again).toMatchObject({ imported: true, queued: 0, alreadyImported: 25 });
    expect(await jobCount()).toBe(25);
    const audit = await fx.station.db.selectFrom('audit_log').select('action').where('action', '=', 'job.create').execute();
    expect(audit).toHaveLength(25);
  });

  it('imports nothing from a file with bad rows and names each problem with its row', async () => {
    const { rows } = await writeRecordsFile(dir, 6);
    await writeFile(join(dir, 'photos', 'renamed.jpg'), 'not an image at all, just text\n');
    const bad = [
      { ...rows[0]!, sex: rows[0]!.sex === 'LAKI-LAKI' ? 'PEREMPUAN' : 'LAKI-LAKI' }, // day/sex mismatch
      { ...rows[1]!, photo: 'photos/nobody.jpg' }, // missing photo
      { ...rows[2]!, photo: 'photos/renamed.jpg' }, // text named .jpg
      { ...rows[3]!, signature: '../../etc/passwd' }, // escapes the folder
      rows[4]!, // good
    ];
    const path = join(dir, 'bad.csv');
    await writeFile(path, writeCsv(bad));
    const report = await importFile(fx.station, fx.operator, path);
    expect(report.imported).toBe(false);
    expect(report.queued).toBe(0);
    expect(await jobCount()).toBe(0);
    const byRow = (row: number) => report.problems.filter((p) => p.row === row);
    expect(byRow(2).map((p) => [p.field, p.code])).toEqual([['nik', 'nik-sex-mismatch']]);
    expect(byRow(2)[0]!.message).toMatch(/^NIK 5371…: day \d+ means (female|male), record says (male|female)/);
    expect(byRow(3).map((p) => [p.field, p.code])).toEqual([['photo', 'image-missing']]);
    expect(byRow(4).map((p) => [p.field, p.code])).toEqual([['photo', 'image-not-image']]);
    expect(byRow(5).map((p) => [p.field, p.code])).toEqual([['signature', 'image-path-escapes']]);
    expect(byRow(6)).toEqual([]);
    // No message carries a full NIK or a name.
    for (const p of report.problems) {
      for (const r of bad) {
        expect(p.message).not.toContain(r.nik);
        expect(p.message).not.toContain(r.name);
      }
    }
  });

  it('with allowPartial, takes the good rows and reports the bad', async () => {
    const { rows } = await writeRecordsFile(dir, 3);
    const path = join(dir, 'mixed.csv');
    await writeFile(path, writeCsv([rows[0]!, { ...rows[1]!, birth_date: '1990-02-30' }, rows[2]!]));
    const report = await importFile(fx.station, fx.operator, path, { allowPartial: true });
    expect(report).toMatchObject({ imported: true, queued: 2, rejected: 1 });
    expect(report.problems.map((p) => [p.row, p.field])).toEqual([[3, 'birth_date']]);
    expect(await jobCount()).toBe(2);
  });

  it('holds a second card for a NIK that already has one on its way, for a supervisor', async () => {
    const { rows } = await writeRecordsFile(dir, 2);
    const path = join(dir, 'first.csv');
    await writeFile(path, writeCsv(rows));
    await importFile(fx.station, fx.operator, path);
    const changed = join(dir, 'change.csv');
    await writeFile(changed, writeCsv([{ ...rows[0]!, address: 'JL. BARU NO. 1' }]));
    const report = await importFile(fx.station, fx.operator, changed);
    expect(report).toMatchObject({ queued: 0, heldDuplicates: 1 });
    const held = await fx.station.db.selectFrom('jobs').select(['state', 'state_reason']).where('state', '=', 'held').execute();
    expect(held).toEqual([{ state: 'held', state_reason: 'duplicate' }]);
  });

  it('takes the same picture in several rows (stored once)', async () => {
    const { rows } = await writeRecordsFile(dir, 3);
    const path = join(dir, 'shared.csv');
    await writeFile(path, writeCsv(rows.map((r) => ({ ...r, photo: rows[0]!.photo, signature: rows[0]!.signature }))));
    const report = await importFile(fx.station, fx.operator, path);
    expect(report).toMatchObject({ imported: true, queued: 3 });
    const paths = await fx.station.db.selectFrom('records').select('photo_path').execute();
    expect(new Set(paths.map((p) => p.photo_path)).size).toBe(1);
  });

  it('refuses a symlink that leads out of the import folder', async () => {
    const { rows } = await writeRecordsFile(dir, 1);
    await symlink('/etc/hostname', join(dir, 'photos', 'link.jpg'));
    const path = join(dir, 'link.csv');
    await writeFile(path, writeCsv([{ ...rows[0]!, photo: 'photos/link.jpg' }]));
    const report = await importFile(fx.station, fx.operator, path);
    expect(report.problems.map((p) => p.code)).toEqual(['image-path-escapes']);
  });

  it('refuses an oversized photo and a truncated one', async () => {
    const { rows } = await writeRecordsFile(dir, 2);
    const big = Buffer.alloc(3 * 1024 * 1024, 0);
    big.set([0xff, 0xd8, 0xff], 0);
    await writeFile(join(dir, 'photos', 'big.jpg'), big);
    const good = await readFile(join(dir, rows[1]!.photo));
    await writeFile(join(dir, 'photos', 'cut.jpg'), good.subarray(0, Math.floor(good.length / 2)));
    const path = join(dir, 'images.csv');
    await writeFile(path, writeCsv([{ ...rows[0]!, photo: 'photos/big.jpg' }, { ...rows[1]!, photo: 'photos/cut.jpg' }]));
    const report = await importFile(fx.station, fx.operator, path);
    expect(report.problems.map((p) => [p.row, p.code])).toEqual([
      [2, 'image-too-large'],
      [3, 'image-corrupt'],
    ]);
  });

  it('reads JSON Lines and reports a malformed line by number', async () => {
    const { rows } = await writeRecordsFile(dir, 2);
    const path = join(dir, 'records.jsonl');
    await writeFile(path, `${JSON.stringify(rows[0])}\n{not json\n${JSON.stringify(rows[1])}\n`);
    const report = await importFile(fx.station, fx.operator, path);
    expect(report.imported).toBe(false);
    expect(report.problems.map((p) => [p.row, p.code])).toEqual([[2, 'row-malformed-json']]);
    const partial = await importFile(fx.station, fx.operator, path, { allowPartial: true });
    expect(partial.queued).toBe(2);
  });

  it('names the missing columns of a CSV header, and unknown file types', async () => {
    const path = join(dir, 'short.csv');
    await writeFile(path, 'nik,name\n5371014501900003,MARIA\n');
    const report = await importFile(fx.station, fx.operator, path);
    expect(report.problems[0]).toMatchObject({ row: 1, code: 'file-missing-columns' });
    expect(report.problems[0]!.message).toContain('province');
    const txt = join(dir, 'records.txt');
    await writeFile(txt, 'x');
    expect((await importFile(fx.station, fx.operator, txt)).problems[0]!.code).toBe('file-unknown-format');
  });

  it('is refused to a technician', async () => {
    const { path } = await writeRecordsFile(dir, 1);
    await expect(importFile(fx.station, fx.technician, path)).rejects.toMatchObject({ code: 'not-permitted' });
  });
});
