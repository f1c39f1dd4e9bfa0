// Issue 10 item 4: one image path. What import accepts, print decodes: an arithmetic-coded JPEG
// (made with `jpegtran -arithmetic`), a progressive JPEG and a 16-bit PNG are printed; a stored
// image that no longer decodes says what works, and doing it works.
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderJob } from '../../../src/station/jobs/job-card.js';
import { defaultCardLayout } from '../../../src/station/render/index.js';
import { writeCsv } from '../../fixtures/records-fixture.js';
import { cleanRows, run, useImportFolder } from './import-test-kit.js';

const { fx, dir } = useImportFolder();
const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/images/${name}`, import.meta.url));

async function onlyJob(): Promise<string> {
  return (await fx().station.db.selectFrom('jobs').select('id').executeTakeFirstOrThrow()).id;
}

describe('one image path from import to print', () => {
  it.each([
    ['an arithmetic-coded JPEG', 'portrait-arithmetic.jpg', 'photo'],
    ['a progressive JPEG', 'portrait-progressive.jpg', 'photo'],
    ['a 16-bit PNG', 'portrait-16bit.png', 'photo'],
    ['a 16-bit PNG signature', 'portrait-16bit.png', 'signature'],
  ] as const)('imports %s and prints it', async (_what, file, field) => {
    const bytes = await readFile(fixture(file));
    if (file.includes('arithmetic')) expect(bytes.includes(Buffer.from([0xff, 0xc9]))).toBe(true); // SOF9: arithmetic coding
    if (file.includes('progressive')) expect(bytes.includes(Buffer.from([0xff, 0xc2]))).toBe(true); // SOF2
    if (file.includes('16bit')) expect(bytes[24]).toBe(16); // IHDR bit depth
    const rows = await cleanRows(dir(), 1);
    await copyFile(fixture(file), join(dir(), file));
    const path = join(dir(), 'images.csv');
    await writeFile(path, writeCsv([{ ...rows[0]!, [field]: file }]));
    const report = await run(fx(), path);
    expect(report.problems).toEqual([]);
    expect(report.queued).toBe(1);
    const rendered = await renderJob(fx().station, await onlyJob(), defaultCardLayout());
    expect(rendered.ok ? 'printed' : rendered.holdReason).toBe('printed');
    if (rendered.ok && field === 'photo') {
      // The photo really is on the card: its box on the colour planes is not blank.
      const c = rendered.front.c!;
      let ink = 0;
      for (let y = 116; y < 412; y += 1) for (let x = 758; x < 980; x += 1) ink += c.data[y * c.width + x]!;
      expect(ink).toBeGreaterThan(0);
    }
  });

  it('holds a job whose stored photo was damaged with advice that works: importing the file again repairs it', async () => {
    const rows = await cleanRows(dir(), 1);
    const path = join(dir(), 'one.csv');
    await writeFile(path, writeCsv(rows));
    expect((await run(fx(), path)).queued).toBe(1);
    const jobId = await onlyJob();
    const stored = (await fx().station.db.selectFrom('records').select('photo_path').executeTakeFirstOrThrow()).photo_path;
    const full = join(fx().station.home, stored);
    const good = await readFile(full);
    await writeFile(full, good.subarray(0, Math.floor(good.length / 3))); // a disk error cut the file

    const held = await renderJob(fx().station, jobId, defaultCardLayout());
    expect(held.ok ? 'printed' : held.holdReason).toBe('stored photo or signature damaged: import its file again, then release');

    const again = await run(fx(), path);
    expect(again).toMatchObject({ imported: true, alreadyImported: 1, queued: 0 });
    expect((await readFile(full)).equals(good)).toBe(true);
    const printed = await renderJob(fx().station, jobId, defaultCardLayout());
    expect(printed.ok).toBe(true);
  });
});
