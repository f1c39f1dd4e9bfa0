// Issue 12 item 2: bytes the card must not carry (invalid UTF-8, NUL, zero-width space, bidi overrides).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCsv } from '../../fixtures/records-fixture.js';
import { cleanRows, jobCount, run, useImportFolder } from './import-test-kit.js';

const { fx, dir } = useImportFolder();

describe('text import refuses bytes a card must not carry', () => {
  it('refuses a Latin-1 file read as UTF-8, naming the line, and reads it correctly with encoding latin1', async () => {
    const rows = await cleanRows(dir(), 3);
    const latin1 = [rows[0]!, { ...rows[1]!, name: 'JOSÉ DA COSTA' }, rows[2]!];
    const path = join(dir(), 'latin1.csv');
    await writeFile(path, Buffer.from(writeCsv(latin1), 'latin1'));

    const refused = await run(fx(), path);
    expect(refused.imported).toBe(false);
    expect(refused.problems).toEqual([
      expect.objectContaining({ row: 3, code: 'file-not-utf8', message: 'line 3 is not UTF-8 text; if the file was saved as Latin-1 (Windows), import it with --encoding latin1' }),
    ]);
    expect(await jobCount(fx())).toBe(0);

    const accepted = await run(fx(), path, { encoding: 'latin1' });
    expect(accepted).toMatchObject({ imported: true, queued: 3 });
    const names = (await fx().station.db.selectFrom('records').select('name').execute()).map((r) => r.name);
    expect(names).toContain('JOSÉ DA COSTA');
    expect(names.join('')).not.toContain('\uFFFD');
  });

  it.each([
    ['NUL', 'JOSE\u0000 DA COSTA', 'U+0000 NUL at character 5'],
    ['zero-width space', 'JOSE\u200B DA COSTA', 'U+200B ZERO WIDTH SPACE at character 5'],
    ['right-to-left override', '\u202EJOSE DA COSTA', 'U+202E RIGHT-TO-LEFT OVERRIDE at character 1'],
    ['escape sequence', 'JOSE \u001b[31mDA COSTA', 'U+001B ESCAPE at character 6'],
    ['replacement character', 'JOS\uFFFD DA COSTA', 'U+FFFD REPLACEMENT CHARACTER at character 4'],
  ])('refuses a name with a %s, naming the field and the character', async (_what, name, where) => {
    const rows = await cleanRows(dir(), 2);
    const path = join(dir(), 'controls.csv');
    await writeFile(path, writeCsv([rows[0]!, { ...rows[1]!, name }]));
    const report = await run(fx(), path);
    expect(report.imported).toBe(false);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ row: 3, field: 'name', code: 'row-forbidden-character' });
    expect(report.problems[0]!.message).toContain(where);
    expect(report.problems[0]!.message).not.toContain('COSTA');
  });

  it('refuses a control character in any field, not only the name', async () => {
    const rows = await cleanRows(dir(), 1);
    const path = join(dir(), 'address.csv');
    await writeFile(path, writeCsv([{ ...rows[0]!, address: 'JL. EL TARI\u200F NO. 5', photo: `${rows[0]!.photo}\u0000` }]));
    const report = await run(fx(), path);
    expect(report.problems.map((p) => [p.field, p.code])).toEqual([
      ['address', 'row-forbidden-character'],
      ['photo', 'row-forbidden-character'],
    ]);
  });

  it('keeps a quoted line break inside an address as a space', async () => {
    const rows = await cleanRows(dir(), 1);
    const path = join(dir(), 'multiline.csv');
    await writeFile(path, writeCsv([{ ...rows[0]!, address: 'JL. EL TARI\nNO. 5' }]));
    const report = await run(fx(), path);
    expect(report).toMatchObject({ imported: true, queued: 1 });
    expect((await fx().station.db.selectFrom('records').select('address').executeTakeFirstOrThrow()).address).toBe('JL. EL TARI NO. 5');
  });
});
