/**
 * Import memory: resident memory must not grow with the file (issue 12 item 8). Each measurement runs
 * in its own Node process and prints that process's peak RSS (getrusage maxrss), so the generator's
 * memory and earlier runs do not count.
 *
 *   checking pass over a 250 MB CSV (BENCH_IMPORT_MB): every row read, parsed, NIK-checked, fitted to
 *     the card layout and its images checked; the last row is bad, so nothing is written
 *   the same over a file a tenth the size, to show the peak does not follow the size
 *   full imports (both passes, one transaction) of 20,000 and 60,000 rows (BENCH_IMPORT_FULL_ROWS)
 *
 * Measured on the shared 2-core machine under load from other jobs (2026-12-04), BENCH_IMPORT_MB=10:
 * peak RSS 200 MB (1 MB), 216 MB (10 MB), 246 MB (20,000 rows written), 218 MB (60,000 rows written);
 * BENCH_IMPORT_MB=250 BENCH_IMPORT_FULL_ROWS=: 25 MB (97,612 rows) 278 MB in 126 s; 250 MB (976,109
 * rows) 291 MB in 1,124 s = 869 rows/s. Before streaming, a 250 MB file reached 1.5 GB.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCsv, writeRecordsFile } from '../test/fixtures/records-fixture.js';

const SELF = fileURLToPath(import.meta.url);

/** Writes a CSV of about `bytes` (or exactly `rows` rows): distinct records built from 2,000 clean ones. */
async function writeBigCsv(dir: string, name: string, limit: { bytes?: number; rows?: number }, badLast: boolean): Promise<{ path: string; rows: number; bytes: number }> {
  const { rows: base } = await writeRecordsFile(dir, 2000, { seed: 9 });
  const path = join(dir, name);
  const out = createWriteStream(path);
  const lines = writeCsv(base).trimEnd().split('\n');
  const write = (text: string) => new Promise<void>((resolve) => (out.write(text) ? resolve() : out.once('drain', () => resolve())));
  await write(`${lines[0]}\n`);
  let written = lines[0]!.length + 1;
  let rows = 0;
  const want = (n: number) => (limit.rows !== undefined ? n < limit.rows : written < limit.bytes!);
  for (let round = 0; want(rows); round += 1) {
    // Another RT/RW per round keeps every record distinct (the NIK repeats: those are held duplicates).
    const rtRw = `${String((round % 30) + 1).padStart(3, '0')}/${String(Math.floor(round / 30) % 12 + 1).padStart(3, '0')}`;
    const chunk = writeCsv(base.map((r) => ({ ...r, rt_rw: rtRw }))).trimEnd().split('\n').slice(1);
    for (const line of chunk) {
      if (!want(rows)) break;
      await write(`${line}\n`);
      written += line.length + 1;
      rows += 1;
    }
  }
  if (badLast) await write(`${lines[1]!.replace(/,\d{4}-\d{2}-\d{2},/, ',1990-02-30,')}\n`);
  await new Promise<void>((resolve) => out.end(resolve));
  return { path, rows: rows + (badLast ? 1 : 0), bytes: (await stat(path)).size };
}

async function child(path: string, home: string): Promise<void> {
  const { ManualClock } = await import('../src/station/clock.js');
  const { importFile } = await import('../src/station/import/import-file.js');
  const { openStation } = await import('../src/station/open-station.js');
  const station = await openStation({ home, clock: new ManualClock('2026-11-27T02:00:00Z'), stationId: 'bench' });
  await station.db.insertInto('operators').values({ id: 'bench', name: 'BENCH', role: 'operator', pin_hash: 'x', created_at: 'x', created_by: 'bench', disabled_at: null }).execute();
  const t = performance.now();
  const report = await importFile(station, { id: 'bench', name: 'BENCH', role: 'operator' }, path);
  const seconds = (performance.now() - t) / 1000;
  await station.close();
  const peak = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify({ rows: report.rows, queued: report.queued, held: report.heldDuplicates, imported: report.imported, problems: report.problems.length, seconds, peak }));
}

function measure(label: string, file: { path: string; rows: number; bytes: number }, home: string): void {
  const result = spawnSync(process.execPath, ['--import', 'tsx', SELF, 'child', file.path, home], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`${label}: ${result.stderr}`);
  const r = JSON.parse(result.stdout.trim().split('\n').pop()!) as { rows: number; queued: number; held: number; imported: boolean; seconds: number; peak: number };
  const mb = (file.bytes / 1048576).toFixed(0);
  console.log(`${label}: ${mb} MB, ${r.rows.toLocaleString('en')} rows, ${r.imported ? `${r.queued + r.held} written` : 'refused (last row bad)'}, ${r.seconds.toFixed(1)} s = ${Math.round(r.rows / r.seconds)} rows/s, peak RSS ${r.peak} MB`);
}

if (process.argv[2] === 'child') {
  await child(process.argv[3]!, process.argv[4]!);
} else {
  const megabytes = Number(process.env['BENCH_IMPORT_MB'] ?? 250);
  const dir = await mkdtemp(join(tmpdir(), 'cetak-bench-import-memory-'));
  try {
    const big = await writeBigCsv(dir, 'big.csv', { bytes: megabytes * 1048576 }, true);
    const small = await writeBigCsv(dir, 'small.csv', { bytes: (megabytes / 10) * 1048576 }, true);
    measure('checking pass, small file', small, join(dir, 'home-small'));
    measure('checking pass, large file', big, join(dir, 'home-big'));
    const fullRows = (process.env['BENCH_IMPORT_FULL_ROWS'] ?? '20000,60000').split(',').filter(Boolean).map(Number);
    for (const rows of fullRows) {
      const file = await writeBigCsv(dir, `full-${rows}.csv`, { rows }, false);
      measure(`full import, ${rows.toLocaleString('en')} rows`, file, join(dir, `home-${rows}`));
    }
  } finally {
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}
