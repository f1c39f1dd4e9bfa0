import type { EventEnvelope, JobFilter, RequestOp, RequestParams } from '../../src/api/protocol.js';
import { StationRequestError, type ConnectionState, type StationConnection, type StationState } from '../../src/api/station-connection.js';
import type { JobRow, StationSnapshot } from '../../src/api/views.js';
import { buildSnapshot, fixtureJob, FIXTURE_NOW, technicianView } from './snapshot-fixture.js';

export interface RecordedRequest {
  readonly op: RequestOp;
  readonly params: unknown;
}

export type Patch = Omit<Extract<EventEnvelope, { type: 'patch' }>, 'type' | 'seq'>;

export interface FakeConnectionOptions {
  readonly snapshot?: StationSnapshot | null;
  /** Job count and the job at each index; generated on demand so 100,000 jobs cost nothing up front. */
  readonly jobCount?: number;
  readonly jobAt?: (index: number) => JobRow;
  /** When true, action requests stay unanswered until `answer()`; read requests always answer. */
  readonly holdActions?: boolean;
  /** Valid operator ID and PIN for sign-in. */
  readonly credentials?: { readonly operatorId: string; readonly pin: string; readonly name: string };
}

const READ_OPS = new Set<RequestOp>(['jobs.page', 'job.detail', 'job.preview', 'printer.detail', 'stock.rolls', 'stock.movements', 'stock.picture', 'report.monthly', 'audit.page', 'audit.verify', 'subscribe']);

/**
 * An in-memory StationConnection for console tests: holds a scripted snapshot, answers read requests
 * from generated data, records every request, and lets the test push patches or drop the connection.
 * Scaffolding for the console, not a model of the station's rules: action requests are recorded and
 * answered `{}` and change nothing until the test pushes the station's patch.
 */
export class FakeConnection implements StationConnection {
  readonly requests: RecordedRequest[] = [];
  #state: StationState;
  #listeners = new Set<() => void>();
  #jobCount: number;
  #jobAt: (index: number) => JobRow;
  #held: { op: RequestOp; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  readonly #options: FakeConnectionOptions;
  closed = false;
  /** What `stock.rolls` answers; tests add or change rows. */
  rolls: Record<string, unknown>[] = [
    { id: 'roll_d0001', typeId: 'datacard-film', kind: 'film', lot: 'D2311-09', state: 'in-stock', printerId: null, ownership: 'own', loanId: null, capacity: 750, remaining: 750 },
    { id: 'roll_d0002', typeId: 'datacard-film', kind: 'film', lot: 'D2311-09', state: 'in-stock', printerId: null, ownership: 'own', loanId: null, capacity: 750, remaining: 750 },
    { id: 'roll_f0003', typeId: 'fargo-film', kind: 'film', lot: 'F2311-07', state: 'in-stock', printerId: null, ownership: 'borrowed', loanId: 'L-5', capacity: 500, remaining: 500 },
    { id: 'roll_e0004', typeId: 'evolis-ribbon', kind: 'ribbon', lot: 'E2311-03', state: 'in-stock', printerId: null, ownership: 'own', loanId: null, capacity: 400, remaining: 400 },
  ];

  constructor(options: FakeConnectionOptions = {}) {
    this.#options = options;
    const snapshot = options.snapshot === undefined ? buildSnapshot() : options.snapshot;
    this.#state = Object.freeze({ connection: 'connected', snapshot, disconnectedSince: null });
    this.#jobCount = options.jobCount ?? 1_204;
    const technician = snapshot?.viewer.role === 'technician';
    const base = options.jobAt ?? ((i: number) => fixtureJob(i));
    this.#jobAt = technician ? (i) => technicianView(base(i)) : base;
  }

  getState(): StationState {
    return this.#state;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async request<Op extends RequestOp>(op: Op, params: RequestParams<Op>): Promise<unknown> {
    this.requests.push({ op, params });
    if (this.#state.connection !== 'connected') {
      throw new StationRequestError({ code: 'station-unreachable', message: 'not connected', params: {} });
    }
    if (op === 'sign-in') return this.#signIn(params as RequestParams<'sign-in'>);
    if (!READ_OPS.has(op)) {
      if (this.#options.holdActions) return new Promise((resolve, reject) => this.#held.push({ op, resolve, reject }));
      return {};
    }
    return this.#read(op, params);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Requests of one op, in order. */
  sent<Op extends RequestOp>(op: Op): RequestParams<Op>[] {
    return this.requests.filter((r) => r.op === op).map((r) => r.params as RequestParams<Op>);
  }

  /** Answers the oldest held action request, with success or a station error code. */
  answer(errorCode?: string): RequestOp | null {
    const held = this.#held.shift();
    if (!held) return null;
    if (errorCode) held.reject(new StationRequestError({ code: errorCode, message: `refused: ${errorCode}`, params: {} }));
    else held.resolve({});
    return held.op;
  }

  /** Applies a station patch and notifies once, like the real client does per batch. */
  pushPatch(patch: Patch): void {
    const snapshot = this.#state.snapshot;
    if (!snapshot) throw new Error('fake connection: no snapshot to patch');
    const next: StationSnapshot = { ...snapshot };
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) (next as Record<string, unknown>)[key] = value;
    }
    this.#set({ ...this.#state, snapshot: next });
  }

  setSnapshot(snapshot: StationSnapshot | null): void {
    this.#set({ ...this.#state, snapshot });
  }

  setConnection(connection: ConnectionState, since: string | null = null): void {
    this.#set({ ...this.#state, connection, disconnectedSince: since });
  }

  setJobs(count: number, jobAt?: (index: number) => JobRow): void {
    this.#jobCount = count;
    if (jobAt) this.#jobAt = jobAt;
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  #set(state: StationState): void {
    this.#state = Object.freeze(state);
    for (const listener of [...this.#listeners]) listener();
  }

  #signIn(params: RequestParams<'sign-in'>): unknown {
    const creds = this.#options.credentials ?? { operatorId: 'maria', pin: '1111', name: 'MARIA T.' };
    if (params.operatorId !== creds.operatorId || params.pin !== creds.pin) {
      throw new StationRequestError({ code: 'sign-in-failed', message: 'unknown operator, disabled operator or wrong PIN', params: {} });
    }
    const snapshot = this.#state.snapshot!;
    const viewer = { ...snapshot.viewer, operatorId: creds.operatorId, operatorName: creds.name };
    // The station answers, then its viewer patch arrives; the console must wait for the patch.
    setImmediate(() => this.pushPatch({ viewer }));
    return { viewer };
  }

  #matches(job: JobRow, filter: JobFilter): boolean {
    if (filter.states && !filter.states.includes(job.state)) return false;
    if (filter.text) {
      const words = filter.text.toLowerCase().split(/\s+/);
      return words.every((w) => (/^\d+$/.test(w) ? job.nik.startsWith(w) : job.name.toLowerCase().split(' ').some((n) => n.startsWith(w))));
    }
    return true;
  }

  #read(op: RequestOp, params: unknown): unknown {
    switch (op) {
      case 'jobs.page': {
        const { filter, offset, limit } = params as RequestParams<'jobs.page'>;
        if (!filter.text && !filter.states) {
          const rows: JobRow[] = [];
          for (let i = offset; i < Math.min(this.#jobCount, offset + limit); i += 1) rows.push(this.#jobAt(i));
          return { total: this.#jobCount, offset, rows };
        }
        const all: JobRow[] = [];
        for (let i = 0; i < this.#jobCount; i += 1) {
          const job = this.#jobAt(i);
          if (this.#matches(job, filter)) all.push(job);
        }
        return { total: all.length, offset, rows: all.slice(offset, offset + limit) };
      }
      case 'job.detail': {
        const { jobId } = params as RequestParams<'job.detail'>;
        const index = Number(jobId.replace(/\D/g, '')) - 1;
        const job = this.#jobAt(Math.max(0, index));
        return {
          job,
          record: {
            birthPlace: 'KUPANG', birthDate: '07-08-1985', sex: 'male', address: 'JL. EL TARI II', rtRw: '004/002', village: 'OEBOBO',
            district: 'OEBOBO', sourceFile: 'prr-2026-11-24.csv', sourceRow: index + 2, importedAt: new Date(FIXTURE_NOW - 3 * 86_400_000).toISOString(),
          },
          attempts: [],
        };
      }
      case 'job.preview': {
        const { width, height } = params as RequestParams<'job.preview'>;
        return { width, height, rgb: fakeCardRgb(width, height).toString('base64') };
      }
      case 'printer.detail': {
        const { printerId } = params as RequestParams<'printer.detail'>;
        return {
          recentOutcomes: [
            { at: new Date(FIXTURE_NOW - 2000).toISOString(), outcome: 'printed', nik: '5371…0007' },
            { at: new Date(FIXTURE_NOW - 90_000).toISOString(), outcome: 'printed', nik: '5371…0006' },
            { at: new Date(FIXTURE_NOW - 600_000).toISOString(), outcome: printerId === 'P2' ? 'spoiled' : 'printed', detail: printerId === 'P2' ? 'film ran out' : undefined },
          ],
        };
      }
      case 'report.monthly':
        return {
          month: '2026-10',
          complete: true,
          sections: [{ title: 'Blank stock', columns: ['opening', 'received', 'printed', 'spoiled', 'written off', 'closing'], rows: [['4,000', '1,000', '3,102', '14', '0', '1,884']], notes: [], empty: '' }],
        };
      case 'stock.picture': {
        const days = Array.from({ length: 30 }, (_, i) => new Date(FIXTURE_NOW - (29 - i) * 86_400_000).toISOString().slice(0, 10));
        const falling = (from: number, per: number) => days.map((_, i) => Math.max(0, from - i * per));
        return {
          days,
          cardsPrinted: days.map((_, i) => ([0, 6].includes(new Date(days[i]!).getUTCDay()) ? 0 : 150 + ((i * 37) % 60))),
          blanks: { id: 'blanks', label: 'blanks', levels: falling(8000, 140), runOutDate: '2027-01-20' },
          consumables: [
            { id: 'fargo-hdp-film', label: 'film fargo-hdp', levels: falling(3200, 100), runOutDate: '2026-12-02' },
            { id: 'datacard-film', label: 'film datacard', levels: falling(600, 20), runOutDate: null },
          ],
        };
      }
      case 'stock.movements': {
        const { offset, limit } = params as RequestParams<'stock.movements'>;
        const total = 240;
        const rows = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, k) => {
          const i = offset + k;
          return { seq: total - i, at: new Date(FIXTURE_NOW - i * 3_600_000).toISOString(), kind: i % 5 === 0 ? 'receive' : 'print', item: i % 5 === 0 ? 'blanks' : 'fargo-ribbon', quantity: i % 5 === 0 ? 500 : -1, actor: 'maria' };
        });
        return { total, rows };
      }
      case 'audit.page': {
        const { beforeSeq, limit } = params as RequestParams<'audit.page'>;
        const top = (beforeSeq ?? 5_001) - 1;
        const rows = Array.from({ length: Math.max(0, Math.min(limit, top)) }, (_, k) => {
          const seq = top - k;
          return { seq, at: new Date(FIXTURE_NOW - k * 300_000).toISOString(), actor: seq % 3 === 0 ? 'system' : 'maria', action: seq % 3 === 0 ? 'print-succeeded' : 'hold', entityKind: 'job', entityId: `job-${String(seq).padStart(6, '0')}`, details: seq % 3 === 0 ? 'P1' : 'reason: photo unclear' };
        });
        return { rows };
      }
      case 'audit.verify':
        return { ok: true, count: 5_000, problems: [] };
      case 'stock.rolls':
        return { rows: this.rolls };
      default:
        return {};
    }
  }
}

/** A card-like picture: blue header band, pale body, a grey photo box on the right. */
export function fakeCardRgb(width: number, height: number): Buffer {
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 3;
      let c: [number, number, number] = [214, 232, 244];
      if (y < height * 0.2) c = [40, 90, 170];
      else if (x > width * 0.7 && x < width * 0.92 && y > height * 0.3 && y < height * 0.85) c = [120, 120, 120];
      else if (y % 3 === 0 && x > 2 && x < width * 0.6) c = [30, 30, 30];
      rgb[i] = c[0];
      rgb[i + 1] = c[1];
      rgb[i + 2] = c[2];
    }
  }
  return rgb;
}
