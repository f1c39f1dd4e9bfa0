/**
 * Import throughput: 10,000 print-ready records (CSV + a photo and a signature each) into a fresh
 * station database, in one file = one transaction, as an office imports a day's PRR batch.
 * Prints the time for file generation (not counted), the import itself, and records per second.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../src/station/clock.js';
import { importFile } from '../src/station/import/import-file.js';
import { openStation } from '../src/station/open-station.js';
import { writeRecordsFile } from '../test/fixtures/records-fixture.js';

const COUNT = Number(process.env['BENCH_IMPORT_RECORDS'] ?? 10_000);
const dir = await mkdtemp(join(tmpdir(), 'cetak-bench-import-'));
try {
  let t = performance.now();
  const { path } = await writeRecordsFile(join(dir, 'batch'), COUNT, { seed: 42 });
  console.log(`generated ${COUNT} records with images in ${((performance.now() - t) / 1000).toFixed(1)} s (not counted)`);
  const station = await openStation({ home: join(dir, 'home'), clock: new ManualClock('2026-11-27T02:00:00Z'), stationId: 'bench' });
  await station.db.insertInto('operators').values({ id: 'bench', name: 'BENCH', role: 'operator', pin_hash: 'x', created_at: 'x', created_by: 'bench', disabled_at: null }).execute();
  const by = { id: 'bench', name: 'BENCH', role: 'operator' as const };
  t = performance.now();
  const report = await importFile(station, by, path);
  const seconds = (performance.now() - t) / 1000;
  if (report.queued !== COUNT) throw new Error(`expected ${COUNT} queued, got ${report.queued}: ${JSON.stringify(report.problems.slice(0, 3))}`);
  console.log(`import: ${COUNT} records in ${seconds.toFixed(2)} s = ${Math.round(COUNT / seconds)} records/s (target: well under 60 s)`);
  t = performance.now();
  const again = await importFile(station, by, path);
  console.log(`re-import of the same file: ${((performance.now() - t) / 1000).toFixed(2)} s, ${again.alreadyImported} already imported, ${again.queued} queued`);
  console.log(`peak RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
  await station.close();
} finally {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}
