import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionLimits } from '../../src/api/connection-budget.js';
import { startApiServer, type ApiServer } from '../../src/api/socket-server.js';
import { beginAttempt } from '../../src/station/jobs/attempts.js';
import { importFile } from '../../src/station/import/import-file.js';
import { silentLogger } from '../../src/station/logger.js';
import { defineConsumableType, loadRoll, receiveBlanks, receiveRolls } from '../../src/station/stock/stock-service.js';
import type { ImportRow } from '../../src/station/demo/demo-office.js';
import { writeRecordsFile } from '../fixtures/records-fixture.js';
import { addPrinter, createStationFixture, type StationFixture } from '../fixtures/station-fixture.js';
import { TestBackend } from './test-backend.js';

export interface ApiHarness {
  readonly fx: StationFixture;
  readonly backend: TestBackend;
  readonly dir: string;
  readonly rows: readonly ImportRow[];
  /** Job ids in queue order at the start; jobs[0] is on printer p1 (printing). */
  readonly jobs: readonly string[];
  readonly filmRollId: string;
  readonly ribbonRollId: string;
  readonly spareRibbonRollId: string;
  readonly operatorSocket: string;
  readonly technicianSocket: string;
  server: ApiServer;
  startServer(options?: { patchIntervalMs?: number; maxWriteBufferBytes?: number; connectionLimits?: Partial<ConnectionLimits> }): Promise<ApiServer>;
  cleanup(): Promise<void>;
}

/**
 * A real station (SQLite file, imported records with photos, blanks, rolls, printer p1 printing
 * the first job) behind a real API server on two Unix sockets in a temporary folder.
 */
export async function createApiHarness(options: { records?: number; patchIntervalMs?: number } = {}): Promise<ApiHarness> {
  const fx = await createStationFixture();
  const dir = await mkdtemp(join(tmpdir(), 'cetak-api-'));
  const { path, rows } = await writeRecordsFile(join(dir, 'in'), options.records ?? 6);
  await importFile(fx.station, fx.operator, path);
  await addPrinter(fx.station, 'p1', 'datacard');
  // An empty second printer: roll.load has somewhere to go while p1 holds a card in flight.
  await addPrinter(fx.station, 'p2', 'datacard');
  await receiveBlanks(fx.station, fx.operator, { documentNo: 'BA-1', quantity: 50 });
  const filmType = await defineConsumableType(fx.station, fx.operator, { family: 'datacard', kind: 'film', nominalImages: 500 });
  const ribbonType = await defineConsumableType(fx.station, fx.operator, { family: 'datacard', kind: 'ribbon', nominalImages: 500 });
  const [filmRollId] = (await receiveRolls(fx.station, fx.operator, { typeId: filmType, count: 1, lot: 'F1' })) as [string];
  const [ribbonRollId, spareRibbonRollId] = (await receiveRolls(fx.station, fx.operator, { typeId: ribbonType, count: 2, lot: 'R1' })) as [string, string];
  await loadRoll(fx.station, fx.operator, { rollId: filmRollId, printerId: 'p1' });
  await loadRoll(fx.station, fx.operator, { rollId: ribbonRollId, printerId: 'p1' });
  const jobs = (await fx.station.db.selectFrom('jobs').select('id').orderBy('priority_rank').orderBy('queued_at').orderBy('id').execute()).map((j) => j.id);
  await beginAttempt(fx.station, { jobId: jobs[0]!, printerId: 'p1', sides: 1, needsFilm: true });
  const backend = new TestBackend(fx.station);
  const harness: ApiHarness = {
    fx,
    backend,
    dir,
    rows,
    jobs,
    filmRollId,
    ribbonRollId,
    spareRibbonRollId,
    operatorSocket: join(dir, 'operator.sock'),
    technicianSocket: join(dir, 'technician.sock'),
    server: undefined as unknown as ApiServer,
    async startServer(serverOptions = {}) {
      harness.server = await startApiServer({
        backend,
        operatorSocketPath: harness.operatorSocket,
        technicianSocketPath: harness.technicianSocket,
        log: silentLogger(),
        patchIntervalMs: serverOptions.patchIntervalMs ?? options.patchIntervalMs ?? 20,
        ...(serverOptions.maxWriteBufferBytes !== undefined ? { maxWriteBufferBytes: serverOptions.maxWriteBufferBytes } : {}),
        ...(serverOptions.connectionLimits !== undefined ? { connectionLimits: serverOptions.connectionLimits } : {}),
      });
      return harness.server;
    },
    async cleanup() {
      await harness.server?.close();
      await fx.cleanup();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await harness.startServer();
  return harness;
}

export interface Message {
  readonly id?: number;
  readonly ok?: boolean;
  readonly result?: unknown;
  readonly error?: { code: string; message: string; params: Record<string, string | number> };
  readonly type?: string;
  readonly seq?: number;
  readonly [key: string]: unknown;
}

/**
 * Speaks the protocol by hand, keeping every byte received so tests can search them, and every
 * parsed message in arrival order.
 */
export class RawClient {
  readonly socket: Socket;
  readonly received: Buffer[] = [];
  readonly messages: Message[] = [];
  #text = '';
  #nextId = 1;
  #waiters: { match: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  #closed: Promise<void>;

  private constructor(socket: Socket) {
    this.socket = socket;
    this.#closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => {
      this.received.push(chunk);
      this.#text += chunk.toString('utf8');
      let newline: number;
      while ((newline = this.#text.indexOf('\n')) !== -1) {
        const message = JSON.parse(this.#text.slice(0, newline)) as Message;
        this.#text = this.#text.slice(newline + 1);
        this.messages.push(message);
        this.#waiters = this.#waiters.filter((w) => {
          if (!w.match(message)) return true;
          w.resolve(message);
          return false;
        });
      }
    });
    socket.on('error', () => undefined);
  }

  static connect(path: string): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = createConnection(path);
      socket.once('connect', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  get bytes(): Buffer {
    return Buffer.concat(this.received);
  }

  get closed(): Promise<void> {
    return this.#closed;
  }

  /** Resolves with the first message (already received or future) that matches. */
  waitFor(match: (m: Message) => boolean, from = 0): Promise<Message> {
    const seen = this.messages.slice(from).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  sendLine(line: string | Buffer): void {
    this.socket.write(line);
  }

  async request(op: string, params: unknown = {}): Promise<Message> {
    const id = this.#nextId++;
    this.socket.write(`${JSON.stringify({ id, op, params })}\n`);
    return this.waitFor((m) => m.id === id && 'ok' in m);
  }

  async close(): Promise<void> {
    this.socket.destroy();
    await this.#closed;
  }
}
