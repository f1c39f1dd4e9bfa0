// Issue 12 item 4: import checks every record against the card layout with the renderer's own fit, and
// the default layout fits every official regency name.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REGENCY_ROWS } from '../../../src/domain/region-codes.data.js';
import { RETIRED_REGENCY_ROWS } from '../../../src/domain/region-codes-history.data.js';
import { renderJob } from '../../../src/station/jobs/job-card.js';
import { defaultCardLayout, measureFit } from '../../../src/station/render/index.js';
import { makeCardRecord } from '../../fixtures/card-fixtures.js';
import { writeCsv } from '../../fixtures/records-fixture.js';
import { cleanRows, jobCount, run, useImportFolder } from './import-test-kit.js';

const { fx, dir } = useImportFolder();

/** "KABUPATEN KUPANG" → "KUPANG", as offices often print the place of issue. */
const placeOnly = (name: string) => name.replace(/^(KABUPATEN|KOTA)( ADMINISTRASI)? /, '');

describe('the default layout and official region names', () => {
  const names = [...REGENCY_ROWS.map(([, name]) => name), ...RETIRED_REGENCY_ROWS.map(([, name]) => name)];

  it(`fits all ${REGENCY_ROWS.length} official regency names (and the retired ones) as regency and as place of issue`, () => {
    const layout = defaultCardLayout();
    const misfits = names.flatMap((name) =>
      [
        { regency: name, issuePlace: name },
        { regency: name, issuePlace: placeOnly(name) },
      ].flatMap((fields) => {
        const report = measureFit(makeCardRecord(fields), layout);
        return report.ok ? [] : [`${name}: ${report.problems.map((p) => p.message).join('; ')}`];
      }),
    );
    expect(misfits).toEqual([]);
    expect(names).toContain('KOTA ADMINISTRASI JAKARTA SELATAN');
    expect(names).toContain('KABUPATEN KEPULAUAN SIAU TAGULANDANG BIARO');
  });
});

describe('import checks each record against the layout', () => {
  it('refuses a 100-character name and a 200-character address with the field and the box limit', async () => {
    const rows = await cleanRows(dir(), 3);
    const name = 'MARIA GORETTI ' + 'BERNADETTE FRANSISKA '.repeat(4) + 'LU';
    expect(name).toHaveLength(100);
    const address = 'JL. PROF. DR. HERMAN JOHANNES '.repeat(7).slice(0, 200);
    const path = join(dir(), 'long.csv');
    await writeFile(path, writeCsv([{ ...rows[0]!, name }, { ...rows[1]!, address }, rows[2]!]));
    const report = await run(fx(), path);
    expect(report.imported).toBe(false);
    expect(report.problems.map((p) => [p.row, p.field, p.code, p.message])).toEqual([
      [2, 'name', 'row-card-too-long', 'name is too long for the card: the box holds 2 lines of 476 dots at 18-dot type; shorten or abbreviate it'],
      [3, 'address', 'row-card-too-long', 'address is too long for the card: the box holds 2 lines of 476 dots at 18-dot type; shorten or abbreviate it'],
    ]);
    expect(await jobCount(fx())).toBe(0);
  });

  it.each([
    ['an emoji', 'MARIA 😀 LAPU'],
    ['CJK', '李 MARIA LAPU'],
  ])('refuses a name with %s as unprintable, naming the field', async (_what, name) => {
    const rows = await cleanRows(dir(), 1);
    const path = join(dir(), 'glyphs.csv');
    await writeFile(path, writeCsv([{ ...rows[0]!, name }]));
    const report = await run(fx(), path);
    expect(report.problems.map((p) => [p.field, p.code])).toEqual([['name', 'row-card-unprintable']]);
  });

  it('checks against the layout the office gives, not only the default', async () => {
    const rows = await cleanRows(dir(), 1);
    const path = join(dir(), 'narrow.csv');
    await writeFile(path, writeCsv(rows));
    const base = defaultCardLayout();
    const narrow = { ...base, elements: base.elements.map((e) => (e.id === 'occupation-value' && e.type === 'text' ? { ...e, width: 30, minFontSizeDots: e.fontSizeDots } : e)) };
    const report = await run(fx(), path, { layout: narrow });
    expect(report.problems.map((p) => [p.field, p.code])).toEqual([['occupation', 'row-card-too-long']]);
  });
});

describe('property: what import accepts, the renderer prints', () => {
  const regencies = REGENCY_ROWS.map(([, name]) => name);
  const word = fc.stringMatching(/^[A-Z][A-Z'.-]{0,14}$/);
  const text = (maxWords: number) => fc.array(word, { minLength: 1, maxLength: maxWords }).map((words) => words.join(' '));

  it('never holds an imported job for layout reasons', async () => {
    const rows = await cleanRows(dir(), 6);
    let file = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            name: text(12),
            address: text(18),
            birth_place: text(4),
            village: text(4),
            district: text(4),
            occupation: text(5),
            regency: fc.constantFrom(...regencies),
            issue_place: fc.constantFrom(...regencies.map(placeOnly), ...regencies),
          }),
          { minLength: 6, maxLength: 6 },
        ),
        async (variants) => {
          file += 1;
          const path = join(dir(), `prop-${file}.csv`);
          await writeFile(path, writeCsv(variants.map((v, i) => ({ ...rows[i]!, ...v }))));
          const before = await fx().station.db.selectFrom('jobs').select('id').execute();
          const report = await run(fx(), path, { allowPartial: true });
          for (const p of report.problems) expect(['row-card-too-long', 'row-bad-field']).toContain(p.code);
          const known = new Set(before.map((j) => j.id));
          const jobs = (await fx().station.db.selectFrom('jobs').select('id').execute()).filter((j) => !known.has(j.id));
          expect(jobs.length).toBe(report.queued + report.heldDuplicates);
          for (const job of jobs) {
            const rendered = await renderJob(fx().station, job.id, defaultCardLayout());
            expect(rendered.ok ? 'printed' : rendered.holdReason).toBe('printed');
          }
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);
});
