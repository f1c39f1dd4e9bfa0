import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { localDate } from '../clock.js';
import type { StationContext } from '../context.js';
import type { Operator } from '../operators.js';
import { defineConsumableType, receiveBlanks, receiveRolls } from '../stock/stock-service.js';
import { portraitJpeg, signaturePng, withJpegComment } from './demo-images.js';
import { IMPORT_COLUMNS, demoProblemRows, demoRecords, type ImportRow } from './demo-office.js';
import { SeededRandom } from './seeded-random.js';

export interface DemoDataReport {
  readonly recordsFile: string;
  readonly problemsFile: string;
  readonly records: number;
  readonly problems: number;
  readonly stock: { blanks: number; rolls: number };
}

/** The office's opening stock: one blank batch; film and ribbon for each printer family. */
export const DEMO_STOCK = {
  blanks: { documentNo: 'DEMO-BA-001', quantity: 4000 },
  types: [
    { family: 'fargo-hdp', kind: 'film', nominalImages: 500, rolls: 3 },
    { family: 'fargo-hdp', kind: 'ribbon', nominalImages: 500, rolls: 3 },
    { family: 'datacard', kind: 'film', nominalImages: 1000, rolls: 2 },
    { family: 'datacard', kind: 'ribbon', nominalImages: 500, rolls: 3 },
    { family: 'evolis', kind: 'ribbon', nominalImages: 400, rolls: 4 },
  ],
} as const;

function toCsv(rows: readonly ImportRow[]): string {
  return stringify(rows as ImportRow[], { header: true, columns: [...IMPORT_COLUMNS] });
}

/**
 * Writes a synthetic office into `dir`: `records.csv` (clean, print-ready), `problem-rows.csv`
 * (each row with one deliberate fault), generated photos and signatures; and records the opening
 * stock in the database (idempotent: a second run does not receive the stock twice).
 */
export async function writeDemoData(ctx: StationContext, by: Operator, dir: string, options: { count?: number; seed?: number } = {}): Promise<DemoDataReport> {
  const count = options.count ?? 300;
  if (!Number.isInteger(count) || count < 1) throw new RangeError('writeDemoData: count must be a whole number of at least 1');
  const rng = new SeededRandom(options.seed ?? 5371);
  const issueDate = localDate(ctx.clock, 480);
  const records = demoRecords(rng, count, issueDate);
  await mkdir(join(dir, 'photos'), { recursive: true });
  await mkdir(join(dir, 'signatures'), { recursive: true });
  const portraits = Array.from({ length: Math.min(24, count) }, () => portraitJpeg(rng));
  for (const [i, row] of records.entries()) {
    await writeFile(join(dir, row.photo), withJpegComment(portraits[i % portraits.length]!, `cetak demo ${row.photo}`));
    await writeFile(join(dir, row.signature), signaturePng(rng));
  }
  await writeFile(join(dir, 'photos', 'not-a-photo.jpg'), 'this is a text file pretending to be a photo\n');
  const problems = demoProblemRows(records);
  // The problem rows reuse the clean rows' people: give them other serials so only the fault differs.
  const problemRows = problems.map(({ row }, i) => ({ ...row, nik: row.nik.slice(0, 12) + String(9000 + i).padStart(4, '0') }));
  await writeFile(join(dir, 'records.csv'), toCsv(records));
  await writeFile(join(dir, 'problem-rows.csv'), toCsv(problemRows));
  await writeFile(
    join(dir, 'README.txt'),
    [
      'Synthetic demo office for cetak (Kota Kupang). Nobody described here exists.',
      `records.csv       ${records.length} print-ready records`,
      `problem-rows.csv  ${problems.length} rows an import must refuse:`,
      ...problems.map((p, i) => `  row ${i + 2}: ${p.problem}`),
      '',
    ].join('\n'),
  );

  let rolls = 0;
  let blanks = 0;
  const existing = await ctx.db.selectFrom('blank_batches').select('id').where('document_no', '=', DEMO_STOCK.blanks.documentNo).executeTakeFirst();
  if (!existing) {
    await receiveBlanks(ctx, by, DEMO_STOCK.blanks);
    blanks = DEMO_STOCK.blanks.quantity;
    for (const t of DEMO_STOCK.types) {
      const typeId = await defineConsumableType(ctx, by, { family: t.family, kind: t.kind, nominalImages: t.nominalImages });
      rolls += (await receiveRolls(ctx, by, { typeId, count: t.rolls, lot: `DEMO-${t.family.toUpperCase()}-${t.kind === 'film' ? 'F' : 'R'}1` })).length;
    }
  }
  return { recordsFile: join(dir, 'records.csv'), problemsFile: join(dir, 'problem-rows.csv'), records: records.length, problems: problems.length, stock: { blanks, rolls } };
}
