import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimulatedPrinter } from '../../../hardware/sim/index.js';
import { parseStationConfig } from '../../../src/station/config/station-config.js';
import { importFile } from '../../../src/station/import/import-file.js';
import type { Logger } from '../../../src/station/logger.js';
import { openStation, type OpenStation } from '../../../src/station/open-station.js';
import { StationRuntime } from '../../../src/station/runtime/station-runtime.js';
import { defineConsumableType, loadRoll, receiveBlanks, receiveRolls } from '../../../src/station/stock/stock-service.js';
import { writeRecordsFile } from '../../fixtures/records-fixture.js';
import { createTestDatabase, sharedPostgresServer, type PostgresServer } from '../../support/postgres-server.js';

export interface OfficeStation {
  readonly station: OpenStation;
  readonly runtime: StationRuntime;
  readonly printerIds: readonly string[];
}

export interface Office {
  readonly server: PostgresServer;
  readonly url: string;
  /** One station used for setup and checks (not printing). */
  readonly admin: OpenStation;
  readonly stations: OfficeStation[];
  readonly jobs: number;
  /** Starts every station's runtime (they idle until rolls are loaded). */
  start(): Promise<void>;
  /** Loads one ribbon roll into every printer, which sets them all going. */
  loadRibbons(): Promise<void>;
  /** Every card the simulated printers finished, by outcome. */
  cards(): { outcome: string; sha256: string; printer: string }[];
  jobStates(): Promise<Record<string, number>>;
  waitFor(what: string, check: () => Promise<boolean>, timeoutMs?: number): Promise<void>;
  cleanup(): Promise<void>;
}

const by = { id: 'sup', name: 'SUPERVISOR', role: 'supervisor' as const };

/**
 * An office on one PostgreSQL database: `stations` StationRuntimes in this process, each with
 * `printersPerStation` simulated Evolis printers (the real Evolis driver against the emulator),
 * `jobs` imported records. All stations share one data folder, as record images must be shared
 * (see the report: images live on disk, not in the database).
 */
/** Simulated models: `evolis-primacy` runs the real Evolis driver against the emulator (heavy: it decodes every panel); `datacard-cd800` is the light simulation. */
export type OfficePrinterModel = 'evolis-primacy' | 'datacard-cd800';
const FAMILY: Record<OfficePrinterModel, string> = { 'evolis-primacy': 'evolis', 'datacard-cd800': 'datacard' };

export async function createOffice(options: { stations: number; printersPerStation: number; jobs: number; model?: OfficePrinterModel; speedup?: number; idleRecheckMs?: number; log?: Logger }): Promise<Office> {
  const model = options.model ?? 'evolis-primacy';
  const family = FAMILY[model];
  const server = await sharedPostgresServer();
  const database = await createTestDatabase(server);
  const home = await mkdtemp(join(tmpdir(), 'cetak-office-'));
  const admin = await openStation({ home, databaseUrl: database.url, stationId: 'office-admin' });
  await admin.db.insertInto('operators').values({ id: 'sup', name: 'SUPERVISOR', role: 'supervisor', pin_hash: 'x', created_at: 'x', created_by: 'test', disabled_at: null }).execute();
  const { path } = await writeRecordsFile(join(home, 'import'), options.jobs, { seed: 17 });
  await importFile(admin, by, path);
  await receiveBlanks(admin, by, { documentNo: 'BA-1', quantity: options.jobs + 50 });
  const ribbonType = await defineConsumableType(admin, by, { family, kind: 'ribbon', nominalImages: options.jobs + 50 });
  const speedup = options.speedup ?? 400;
  const stations: OfficeStation[] = [];
  for (let s = 1; s <= options.stations; s++) {
    const stationId = `ws-${s}`;
    const station = await openStation({ home, databaseUrl: database.url, stationId, ...(options.log ? { log: options.log } : {}) });
    const printers = Array.from({ length: options.printersPerStation }, (_, p) => ({ id: `${stationId}-p${p + 1}`, name: `S${s}P${p + 1}`, uri: `sim://${model}?speedup=${speedup}&cards=${options.jobs + 50}`, family }));
    const config = parseStationConfig({ station: { id: stationId, office: 'Test' }, printers, pollIntervalMs: 500 }, 'test');
    const runtime = new StationRuntime(station, { config, dataVersion: () => station.database.dataVersion(), idleRecheckMs: options.idleRecheckMs ?? 2_000 });
    stations.push({ station, runtime, printerIds: printers.map((p) => p.id) });
  }
  const office: Office = {
    server,
    url: database.url,
    admin,
    stations,
    jobs: options.jobs,
    async start() {
      for (const s of stations) await s.runtime.start();
    },
    async loadRibbons() {
      const printerIds = stations.flatMap((s) => s.printerIds);
      const rolls = await receiveRolls(admin, by, { typeId: ribbonType, count: printerIds.length, lot: 'R', capacityImages: options.jobs + 50 });
      for (const [i, printerId] of printerIds.entries()) await loadRoll(admin, by, { rollId: rolls[i]!, printerId });
    },
    cards() {
      return stations.flatMap((s) => s.runtime.printers.handles.flatMap((h) => (h.driver as SimulatedPrinter).simulator.cards.map((c) => ({ outcome: c.outcome, sha256: c.sha256, printer: h.config.id }))));
    },
    async jobStates() {
      const rows = await admin.db.selectFrom('jobs').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
      return Object.fromEntries(rows.map((r) => [r.state, r.n]));
    },
    async waitFor(what, check, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async cleanup() {
      for (const s of stations) await s.runtime.stop().catch(() => undefined);
      for (const s of stations) await s.station.close();
      await admin.close();
      await database.drop().catch(() => undefined);
      await rm(home, { recursive: true, force: true });
    },
  };
  return office;
}
