import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RuntimeBackend } from '../../src/api/runtime/runtime-backend.js';
import { DISK_LIMITS } from '../../src/station/disk-space.js';
import { importFile } from '../../src/station/import/import-file.js';
import { stationStatus } from '../../src/station/station-status.js';
import { StationError } from '../../src/station/station-error.js';
import { writeRecordsFile } from '../fixtures/records-fixture.js';
import { createStationFixture, type StationFixture } from '../fixtures/station-fixture.js';
import { mountSmallFilesystem, type SmallFilesystem } from '../support/small-filesystem.js';
import { createRuntimeFixture } from './runtime/runtime-fixture.js';

const FULL_TEXT = /^the disk is full \(\d+\.\d MB free on \/\S+\)/;
const viewer = { role: 'supervisor' as const, operator: null };

const undo: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of undo.splice(0).reverse()) await step();
});

async function smallDisk(sizeMiB: number): Promise<{ disk: SmallFilesystem; home: string }> {
  const disk = await mountSmallFilesystem(sizeMiB);
  undo.push(() => disk.unmount());
  const home = join(disk.path, 'home');
  await mkdir(home, { mode: 0o700 });
  return { disk, home };
}

async function imageFiles(home: string): Promise<string[]> {
  const found: string[] = [];
  const dirs = await readdir(join(home, 'images')).catch(() => [] as string[]);
  for (const d of dirs) for (const f of await readdir(join(home, 'images', d))) found.push(f);
  return found;
}

async function recordsFile(count: number, seed: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cetak-diskfull-in-'));
  undo.push(() => rm(dir, { recursive: true, force: true }));
  return (await writeRecordsFile(dir, count, { seed })).path;
}

async function refusal(run: Promise<unknown>): Promise<StationError> {
  const error = await run.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(StationError);
  return error as StationError;
}

describe('a full disk (tmpfs)', () => {
  it('refuses an import whose images do not fit, says how full the disk is, and leaves no image behind', async () => {
    const { disk, home } = await smallDisk(24);
    const fx: StationFixture = await createStationFixture({ home });
    undo.push(() => fx.cleanup());
    const file = await recordsFile(40, 3);
    await disk.fill(64 * 1024);
    const error = await refusal(importFile(fx.station, fx.operator, file));
    expect(error.code).toBe('disk-full');
    expect(error.message).toMatch(/^records\.csv: nothing was imported; the disk is full \(0\.\d MB free on /);
    expect(await imageFiles(home)).toEqual([]);
    expect(await fx.station.db.selectFrom('jobs').select('id').execute()).toEqual([]);
    expect((await stationStatus(fx.station)).alerts[0]).toMatchObject({ level: 'critical', code: 'disk-full', message: expect.stringMatching(FULL_TEXT) });

    await disk.release();
    expect((await importFile(fx.station, fx.operator, file)).queued).toBe(40);
    expect((await stationStatus(fx.station)).alerts.some((a) => a.code === 'disk-full')).toBe(false);
  });

  it('refuses an import whose images fit but whose records do not, with the same sentence, and removes those images', async () => {
    const { disk, home } = await smallDisk(24);
    const fx: StationFixture = await createStationFixture({ home });
    undo.push(() => fx.cleanup());
    const file = await recordsFile(300, 5);
    // What the images take on this file system (whole 4 KiB pages): they fit, the records after them do not.
    let imageBytes = 0;
    for (const sub of ['photos', 'signatures']) {
      for (const f of await readdir(join(dirname(file), sub))) imageBytes += Math.ceil((await stat(join(dirname(file), sub, f))).size / 4096) * 4096;
    }
    await disk.fill(imageBytes + 64 * 1024);
    const error = await refusal(importFile(fx.station, fx.operator, file));
    expect(error.code).toBe('disk-full');
    expect(error.message).toMatch(/^records\.csv: nothing was imported; the disk is full \(\d+\.\d MB free on /);
    expect(error.message).not.toContain('rollback');
    expect(await imageFiles(home)).toEqual([]);
    expect(await fx.station.db.selectFrom('records').select('id').execute()).toEqual([]);

    await disk.release();
    expect((await importFile(fx.station, fx.operator, file)).queued).toBe(300);
    const used = await fx.station.db.selectFrom('records').select(['photo_path', 'signature_path']).execute();
    expect(await imageFiles(home)).toHaveLength(new Set(used.flatMap((r) => [r.photo_path, r.signature_path])).size);
  });

  it('stops starting cards while the disk is full, raises a critical alert, and prints again when space returns', async () => {
    const { disk, home } = await smallDisk(32);
    const fx = await createRuntimeFixture({ printers: [{ id: 'p1', uri: 'sim://datacard-cr805?speedup=400', family: 'datacard' }], records: 40, home });
    undo.push(() => fx.cleanup());
    const backend = new RuntimeBackend(fx.runtime, { dialect: 'sqlite', location: fx.databaseUrl });
    await fx.loadNew('p1', 'datacard', 'ribbon', 500);
    await fx.loadNew('p1', 'datacard', 'film', 500);
    const printed = async () => (await fx.jobStates())['printed'] ?? 0;
    const attempts = async () => (await fx.station.db.selectFrom('attempts').select('id').execute()).length;
    await fx.waitFor('a first card printed', async () => (await printed()) >= 1);

    // Just below the limit, as a disk fills in practice: the station stops starting cards while the
    // card in flight still has room to record its outcome (a WAL that cannot checkpoint under load grows).
    await disk.fill(DISK_LIMITS.fullBelowBytes - 256 * 1024);
    await fx.waitFor('the disk-full alert', async () => (await backend.snapshot(viewer)).alerts.some((a) => a.code === 'disk-full'));
    const snapshot = await backend.snapshot(viewer);
    expect(snapshot.alerts[0]).toMatchObject({ level: 'critical', code: 'disk-full', message: expect.stringMatching(FULL_TEXT) });
    expect((await stationStatus(fx.station)).alerts[0]).toMatchObject({ level: 'critical', code: 'disk-full' });
    // The card that was printing when the disk filled is finished and recorded; then nothing starts.
    const h = fx.runtime.printers.get('p1')!;
    await fx.waitFor('the printer to wait', async () => h.waitingReason?.startsWith('the disk is full (') === true, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}: waiting ${h.waitingReason}, card ${JSON.stringify(h.current)}, last error ${h.lastError?.text}`);
    });
    expect((await fx.station.db.selectFrom('attempts').select('id').where('state', '=', 'printing').execute())).toEqual([]);
    const started = await attempts();
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await attempts()).toBe(started);

    await disk.release();
    await fx.waitFor('printing to go on', async () => (await attempts()) > started, 30_000);
    await fx.waitFor('the alert to clear', async () => !(await backend.snapshot(viewer)).alerts.some((a) => a.code === 'disk-full'));
    expect(fx.runtime.lastEvent?.text).toBeDefined();
  }, 150_000);
});
