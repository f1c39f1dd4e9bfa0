import { defaultForecastSettings } from '../../src/station/forecast/index.js';
import type { ChangedPart, ChangedParts, PrinterAction, StationBackend, Viewer } from '../../src/api/station-backend.js';
import type { CardPreview, PrinterDetail } from '../../src/api/protocol.js';
import { jobsPage } from '../../src/station/jobs/jobs-page.js';
import { renderJobPreview } from '../../src/station/jobs/job-preview.js';
import type { PrinterView, StationSnapshot } from '../../src/api/views.js';
import type { Operator } from '../../src/station/operators.js';
import { stationStatus } from '../../src/station/station-status.js';
import { StationError } from '../../src/station/station-error.js';
import type { OpenStation } from '../../src/station/open-station.js';

/**
 * Test scaffolding, not the code under test: a StationBackend over a real station fixture (real
 * SQLite, real services) with printer views built from the printers table. The printer currently
 * printing shows the full NIK and name of its job, as the real runtime's views do, so shaping is
 * exercised on real data.
 */
export class TestBackend implements StationBackend {
  readonly context: OpenStation;
  readonly actions: { by: string; printerId: string; action: PrinterAction; count?: number }[] = [];
  readonly noted: ChangedPart[][] = [];
  readonly #listeners = new Set<(parts: ChangedParts) => void>();
  readonly #paused = new Set<string>();
  #lastEvent: { at: string; text: string } | null = null;

  constructor(station: OpenStation) {
    this.context = station;
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** Fires onChange as the runtime would after a printer status or a dispatch. */
  emit(parts: readonly ChangedPart[]): void {
    const set = new Set(parts);
    for (const listener of [...this.#listeners]) listener(set);
  }

  onChange(listener: (parts: ChangedParts) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  noteChange(parts: ChangedParts): void {
    this.noted.push([...parts]);
    this.emit([...parts]);
  }

  async #printers(): Promise<PrinterView[]> {
    const db = this.context.db;
    const printers = await db.selectFrom('printers').selectAll().orderBy('id').execute();
    const views: PrinterView[] = [];
    for (const p of printers) {
      const current = await db
        .selectFrom('attempts')
        .innerJoin('jobs', 'jobs.id', 'attempts.job_id')
        .innerJoin('records', 'records.id', 'jobs.record_id')
        .select(['jobs.id', 'records.nik', 'records.name'])
        .where('attempts.printer_id', '=', p.id)
        .where('attempts.state', '=', 'printing')
        .executeTakeFirst();
      const roll = async (kind: 'film' | 'ribbon') => {
        const r = await db
          .selectFrom('rolls')
          .leftJoin('stock_balances', (j) => j.onRef('stock_balances.scope', '=', 'rolls.id').on('stock_balances.item', '=', 'images').on('stock_balances.bucket', '=', 'remaining'))
          .select(['rolls.id', 'rolls.lot', 'rolls.capacity_images', 'stock_balances.quantity'])
          .where('rolls.printer_id', '=', p.id)
          .where('rolls.kind', '=', kind)
          .where('rolls.state', '=', 'loaded')
          .executeTakeFirst();
        return r ? { rollId: r.id, lot: r.lot, remaining: Number(r.quantity ?? 0), capacity: r.capacity_images } : null;
      };
      views.push({
        id: p.id, name: p.name, family: p.family, model: `${p.family} (simulated)`, uri: p.uri, station: p.station_id, simulated: p.simulated === 1,
        state: this.#paused.has(p.id) ? 'paused' : current ? 'printing' : 'idle',
        reasons: [],
        current: current ? { jobId: current.id, nik: current.nik, name: current.name } : null,
        film: await roll('film'), ribbon: await roll('ribbon'), usesFilm: true, cardsToday: 0, counters: { panels: 0 }, lastOutcome: null, discrepancy: null, encoder: null, supplies: [], care: { busyWith: null, cardsSinceCleaning: 0, cleanEveryCards: 500, feederCards: null },
      });
    }
    return views;
  }

  async snapshot(viewer: Viewer): Promise<StationSnapshot> {
    const ctx = this.context;
    const status = await stationStatus(ctx);
    const next = await jobsPage(ctx, { filter: { states: ['queued'] }, offset: 0, limit: 8 });
    const { blanks } = status.stock;
    return {
      station: { id: ctx.stationId, office: 'TEST OFFICE', database: { dialect: ctx.dialect, location: 'cetak.sqlite', state: 'ok', unreachableSince: null }, simulated: true },
      viewer: { role: viewer.role, operatorId: viewer.operator?.id ?? null, operatorName: viewer.operator?.name ?? null },
      printers: await this.#printers(),
      queue: { counts: { ...status.queue.counts }, oldestQueuedAt: status.queue.oldestQueuedAt, printedToday: status.queue.counts.printed, next: next.rows, waitingReason: null },
      stock: {
        blanks: { received: blanks.received, inStock: blanks.inStock, printing: blanks.printing, inDoubt: blanks.inDoubt, printed: blanks.printed, spoiled: blanks.spoiled, daysOfCover: null, belowLeadTime: false },
        consumables: status.stock.types.map((t) => ({
          typeId: t.typeId, family: t.family, kind: t.kind, imagesOnHand: t.imagesOnHand, rollsInStock: t.rollsInStock, rollsLoaded: t.rollsLoaded,
          rollsBorrowed: t.rollsBorrowed, rollsAwaitingDestruction: t.rollsAwaitingDestruction, daysOfCover: null, belowLeadTime: false,
        })),
        printableNow: { total: blanks.inStock, limitedBy: 'blanks', perFamily: [] },
        loans: status.stock.openLoans.map((l) => ({ ...l })),
      },
      alerts: status.alerts.map((a) => ({ ...a })),
      lastEvent: this.#lastEvent,
    };
  }

  async #requirePrinter(printerId: string) {
    const printer = await this.context.db.selectFrom('printers').selectAll().where('id', '=', printerId).executeTakeFirst();
    if (!printer) throw new StationError('printer-unknown', `no printer "${printerId}"`, { printer: printerId });
    return printer;
  }

  async printerAction(by: Operator, printerId: string, action: PrinterAction, options: { count?: number } = {}): Promise<void> {
    await this.#requirePrinter(printerId);
    this.actions.push({ by: by.id, printerId, action, ...(options.count !== undefined ? { count: options.count } : {}) });
    if (action === 'pause') this.#paused.add(printerId);
    if (action === 'resume') this.#paused.delete(printerId);
    this.#lastEvent = { at: this.context.clock.now().toISOString(), text: `${printerId} ${action} by ${by.id}` };
    this.emit(['printers', 'lastEvent']);
  }

  async printerDetail(printerId: string): Promise<PrinterDetail> {
    await this.#requirePrinter(printerId);
    const printer = (await this.#printers()).find((p) => p.id === printerId)!;
    const attempts = await this.context.db.selectFrom('attempts').selectAll().where('printer_id', '=', printerId).orderBy('started_at', 'desc').limit(10).execute();
    return {
      printer,
      info: { serial: `SIM-${printerId}` },
      recentAttempts: attempts.map((a) => ({ id: a.id, jobId: a.job_id, state: a.state, startedAt: a.started_at, finishedAt: a.finished_at, reason: a.reason })),
    };
  }

  forecastSettings() {
    return defaultForecastSettings();
  }

  renderPreview(jobId: string, width: number, height: number): Promise<CardPreview> {
    return renderJobPreview(this.context, jobId, width, height);
  }

  /** Sets the status line as the runtime would, e.g. after a print. */
  setLastEvent(text: string): void {
    this.#lastEvent = { at: this.context.clock.now().toISOString(), text };
    this.emit(['lastEvent']);
  }
}

