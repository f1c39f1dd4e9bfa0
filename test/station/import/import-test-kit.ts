import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { ImportRow } from '../../../src/station/demo/demo-office.js';
import { importFile, type ImportOptions, type ImportReport } from '../../../src/station/import/import-file.js';
import { createStationFixture, type StationFixture } from '../../fixtures/station-fixture.js';
import { writeRecordsFile } from '../../fixtures/records-fixture.js';

/** A fresh station and import folder per test, with `count` clean records and their images written. */
export function useImportFolder(): { fx: () => StationFixture; dir: () => string } {
  let fx: StationFixture;
  let dir: string;
  beforeEach(async () => {
    fx = await createStationFixture();
    dir = await mkdtemp(join(tmpdir(), 'cetak-import-'));
  });
  afterEach(async () => {
    await fx.cleanup();
    await rm(dir, { recursive: true, force: true });
  });
  return { fx: () => fx, dir: () => dir };
}

export async function cleanRows(dir: string, count: number): Promise<ImportRow[]> {
  return (await writeRecordsFile(dir, count)).rows;
}

/** A JSON Lines file; each line is given as its exact text (so numbers can be written raw). */
export async function writeLines(dir: string, name: string, lines: readonly string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, lines.join('\n') + '\n');
  return path;
}

export async function run(fx: StationFixture, path: string, options: ImportOptions = {}): Promise<ImportReport> {
  return importFile(fx.station, fx.operator, path, options);
}

export async function jobCount(fx: StationFixture): Promise<number> {
  return Number((await fx.station.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}
