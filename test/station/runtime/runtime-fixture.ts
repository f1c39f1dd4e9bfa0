import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFile } from '../../../src/station/import/import-file.js';
import { parseStationConfig } from '../../../src/station/config/station-config.js';
import { StationRuntime } from '../../../src/station/runtime/station-runtime.js';
import { defineConsumableType, loadRoll, receiveBlanks, receiveRolls } from '../../../src/station/stock/stock-service.js';
import { writeRecordsFile } from '../../fixtures/records-fixture.js';
import { createStationFixture, type StationFixture } from '../../fixtures/station-fixture.js';

export interface RuntimeFixture extends StationFixture {
  readonly runtime: StationRuntime;
  readonly jobs: string[];
  /** Receives `count` rolls of family/kind with `images` each and loads the first into `printerId`. */
  loadNew(printerId: string, family: string, kind: 'film' | 'ribbon', images: number): Promise<string>;
  waitFor(what: string, check: () => Promise<boolean>, timeoutMs?: number): Promise<void>;
  jobStates(): Promise<Record<string, number>>;
}

/** A real station (SQLite file, real services) with a running runtime over the given printers. */
export async function createRuntimeFixture(options: {
  printers: { id: string; uri: string; family: string; encoder?: string; encoderAt?: 'printer' | 'desk' }[];
  records: number;
  blanks?: number;
  home?: string;
  /** station.json `personaliser` (default: the reference one). */
  personaliser?: unknown;
  /** Chip encoders: how long a blank may take to be placed, and to be carried to the printer. */
  placeCardMs?: number;
  deskHandoverMs?: number;
}): Promise<RuntimeFixture> {
  const fx = await createStationFixture({ start: new Date().toISOString(), ...(options.home ? { home: options.home } : {}) });
  const dir = await mkdtemp(join(tmpdir(), 'cetak-runtime-'));
  const { path } = await writeRecordsFile(dir, options.records);
  await importFile(fx.station, fx.operator, path);
  await receiveBlanks(fx.station, fx.operator, { documentNo: 'BA-1', quantity: options.blanks ?? 1000 });
  const config = parseStationConfig(
    { station: { id: 'ws-test', office: 'Test' }, printers: options.printers.map((p) => ({ ...p, name: p.id.toUpperCase() })), pollIntervalMs: 250, ...(options.personaliser ? { personaliser: options.personaliser } : {}) },
    'test',
  );
  // The fixture's ManualClock stands still; a runtime needs time to pass for its timers only.
  const runtime = new StationRuntime(fx.station, {
    config,
    dataVersion: () => fx.station.database.dataVersion(),
    dataVersionPollMs: 200,
    idleRecheckMs: 200,
    ...(options.placeCardMs !== undefined ? { placeCardMs: options.placeCardMs } : {}),
    ...(options.deskHandoverMs !== undefined ? { deskHandoverMs: options.deskHandoverMs } : {}),
  });
  await runtime.start();
  const jobs = (await fx.station.db.selectFrom('jobs').select('id').orderBy('id').execute()).map((j) => j.id);
  const types = new Map<string, string>();
  return {
    ...fx,
    runtime,
    jobs,
    async loadNew(printerId, family, kind, images) {
      const key = `${family}-${kind}`;
      if (!types.has(key)) types.set(key, await defineConsumableType(fx.station, fx.operator, { family, kind, nominalImages: images }));
      const [roll] = await receiveRolls(fx.station, fx.operator, { typeId: types.get(key)!, count: 1, lot: 'T', capacityImages: images });
      await loadRoll(fx.station, fx.operator, { rollId: roll!, printerId });
      runtime.noteChange(['stock']);
      return roll!;
    },
    async waitFor(what, check, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async jobStates() {
      const rows = await fx.station.db.selectFrom('jobs').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
      return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
    },
    async cleanup() {
      await runtime.stop();
      await fx.cleanup();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
