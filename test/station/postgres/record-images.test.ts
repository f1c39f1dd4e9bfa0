// Issue 17 item 8: on PostgreSQL the record images live in the database, so a second station with
// its own data folder (no shared images/ folder) prints the very same card.
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../../src/station/import/import-file.js';
import { imageKeyOfPath } from '../../../src/station/images/record-image-store.js';
import { renderJob } from '../../../src/station/jobs/job-card.js';
import { defaultCardLayout } from '../../../src/station/render/index.js';
import { writeCsv, writeRecordsFile } from '../../fixtures/records-fixture.js';
import { createStationFixture, stopTestPostgres, type StationFixture } from '../../fixtures/station-fixture.js';

afterAll(() => stopTestPostgres());

let office: StationFixture;
let dir: string;
beforeEach(async () => {
  office = await createStationFixture({ dialect: 'postgres' });
  dir = await mkdtemp(join(tmpdir(), 'cetak-pg-images-'));
});
afterEach(async () => {
  await office.cleanup();
  await rm(dir, { recursive: true, force: true });
});

const exists = (path: string) => access(path).then(() => true, () => false);
const imageRows = async (f: StationFixture) => Number((await f.station.db.selectFrom('record_images').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('record images on PostgreSQL', () => {
  it('are stored in the database at import and read from there by a station with its own data folder', async () => {
    const { path } = await writeRecordsFile(dir, 3);
    const report = await importFile(office.station, office.operator, path);
    expect(report.queued).toBe(3);
    // Nothing on the importing station's disk: the database holds every picture, once per hash.
    expect(await exists(join(office.home, 'images'))).toBe(false);
    const records = await office.station.db.selectFrom('records').select(['photo_path', 'signature_path']).execute();
    const keys = new Set(records.flatMap((r) => [imageKeyOfPath(r.photo_path).sha256, imageKeyOfPath(r.signature_path).sha256]));
    expect(await imageRows(office)).toBe(keys.size);

    const other = await createStationFixture({ databaseUrl: office.databaseUrl, stationId: 'ws-2' });
    try {
      expect(other.home).not.toBe(office.home);
      for (const { id } of await office.station.db.selectFrom('jobs').select('id').orderBy('id').execute()) {
        const here = await renderJob(office.station, id, defaultCardLayout());
        const there = await renderJob(other.station, id, defaultCardLayout());
        if (!here.ok || !there.ok) throw new Error(`not rendered: ${JSON.stringify([here, there].map((r) => (r.ok ? 'ok' : r.holdReason)))}`);
        expect(Buffer.from(there.preview.data).equals(Buffer.from(here.preview.data))).toBe(true);
      }
      expect(await exists(join(other.home, 'images'))).toBe(false);
    } finally {
      await other.cleanup();
    }
  });

  it('leaves no image behind when the import is refused', async () => {
    const { rows } = await writeRecordsFile(dir, 3);
    const path = join(dir, 'bad.csv');
    await writeFile(path, writeCsv([rows[0]!, rows[1]!, { ...rows[2]!, nik: '12' }]));
    const report = await importFile(office.station, office.operator, path);
    expect(report.imported).toBe(false);
    expect(await imageRows(office)).toBe(0);
  });

  it('holds a job whose stored image was damaged in or removed from the database', async () => {
    const { path } = await writeRecordsFile(dir, 1);
    await importFile(office.station, office.operator, path);
    const job = await office.station.db.selectFrom('jobs').innerJoin('records', 'records.id', 'jobs.record_id').select(['jobs.id', 'records.photo_path']).executeTakeFirstOrThrow();
    await office.station.db.updateTable('record_images').set({ bytes: Buffer.from('not a photo') }).where('sha256', '=', imageKeyOfPath(job.photo_path).sha256).execute();
    const held = await renderJob(office.station, job.id, defaultCardLayout());
    expect(held.ok ? 'printed' : held.holdReason).toMatch(/stored photo or signature damaged/);
    await office.station.db.deleteFrom('record_images').execute();
    const gone = await renderJob(office.station, job.id, defaultCardLayout());
    expect(gone.ok ? 'printed' : gone.holdReason).toMatch(/stored photo or signature damaged/);
  });
});
