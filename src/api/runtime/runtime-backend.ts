import { localDate } from '../../station/clock.js';
import type { Operator } from '../../station/operators.js';
import { queueSummary, type QueueSummary } from '../../station/jobs/queue-summary.js';
import type { RuntimePart, StationRuntime } from '../../station/runtime/station-runtime.js';
import { stationAlerts } from '../../station/station-status.js';
import type { StockSummary } from '../../station/stock/stock-summary.js';
import { forecastAlerts } from '../../station/forecast/index.js';
import type { Forecast } from '../../domain/forecast.js';
import type { CardPreview, PrinterDetail } from '../protocol.js';
import { renderJobPreview } from '../../station/jobs/job-preview.js';
import { recentAttemptsOn } from '../../station/jobs/attempts.js';
import { cardsPrintedSince, queueHead } from '../../station/jobs/job-queue.js';
import type { ChangedPart, ChangedParts, PrinterAction, PrinterActionOptions, StationBackend, Viewer } from '../station-backend.js';
import type { AlertView, PrinterView, QueueView, StationSnapshot, StockView } from '../views.js';
import { buildPrinterViews, printerAlerts } from './printer-views.js';
import { buildStockView } from './stock-view.js';

type Parts = Omit<StationSnapshot, 'viewer'>;

/**
 * The API's view of a running station: builds the snapshot parts from the runtime and the database,
 * rebuilding only the parts a change touched, and serves the printer actions. Full data: shaping
 * for the viewer happens in viewer-shaping.ts.
 */
export class RuntimeBackend implements StationBackend {
  readonly #runtime: StationRuntime;
  readonly #database: { dialect: 'sqlite' | 'postgres'; location: string };
  #parts: Parts | null = null;
  readonly #dirty = new Set<ChangedPart>(['printers', 'queue', 'stock', 'alerts', 'station', 'lastEvent']);
  #refreshing: Promise<Parts> | null = null;
  #stock: StockView | null = null;
  #forecast: Forecast | null = null;
  #stockSummary: StockSummary | null = null;
  #queueSummary: QueueSummary | null = null;

  constructor(runtime: StationRuntime, database: { dialect: 'sqlite' | 'postgres'; location: string }) {
    this.#runtime = runtime;
    this.#database = database;
    runtime.onChange((parts) => {
      for (const p of parts) this.#dirty.add(p);
    });
  }

  get context() {
    return this.#runtime.context;
  }

  onChange(listener: (parts: ChangedParts) => void): () => void {
    return this.#runtime.onChange((parts) => listener(parts as ReadonlySet<RuntimePart & ChangedPart>));
  }

  noteChange(parts: ChangedParts): void {
    for (const p of parts) this.#dirty.add(p);
    this.#runtime.noteChange(parts);
  }

  /**
   * The picture for `viewer`. The database's state and its alert come from what the runtime keeps
   * without the database, so they are current even when the rest cannot be rebuilt: then, if the
   * database is unreachable, the last picture goes out with them (and the header says since when).
   */
  async snapshot(viewer: Viewer): Promise<StationSnapshot> {
    let parts: Parts;
    try {
      parts = await this.#refresh();
    } catch (error) {
      if (!this.#runtime.noteDatabaseError(error) || !this.#parts) throw error;
      parts = this.#parts;
    }
    return { ...this.#withDatabaseState(parts), viewer: { role: viewer.role, operatorId: viewer.operator?.id ?? null, operatorName: viewer.operator?.name ?? null } };
  }

  #withDatabaseState(parts: Parts): Parts {
    const db = this.#runtime.databaseState;
    const unreachable = db.state === 'unreachable';
    const station = { ...parts.station, database: { ...parts.station.database, state: db.state, unreachableSince: unreachable ? db.since : null } };
    const alerts = parts.alerts.filter((a) => a.code !== 'database-unreachable');
    if (unreachable) {
      const hhmm = new Date(Date.parse(db.since) + this.#runtime.config.station.utcOffsetMinutes * 60_000).toISOString().slice(11, 16);
      alerts.unshift({ level: 'critical', code: 'database-unreachable', message: `database unreachable since ${hhmm}: no new card starts, outcomes wait to be recorded` });
    }
    return { ...parts, station, alerts };
  }

  async #refresh(): Promise<Parts> {
    if (this.#parts && this.#dirty.size === 0) return this.#parts;
    this.#refreshing ??= this.#rebuild().finally(() => (this.#refreshing = null));
    return this.#refreshing;
  }

  get #today(): string {
    return localDate(this.context.clock, this.#runtime.config.station.utcOffsetMinutes);
  }

  async #rebuild(): Promise<Parts> {
    const dirty = new Set(this.#dirty);
    this.#dirty.clear();
    try {
      return await this.#rebuildParts(dirty);
    } catch (error) {
      // Nothing was rebuilt: the same parts are still to do next time.
      for (const p of dirty) this.#dirty.add(p);
      throw error;
    }
  }

  async #rebuildParts(dirty: ReadonlySet<ChangedPart>): Promise<Parts> {
    const old = this.#parts;
    const ctx = this.context;
    const printers = !old || dirty.has('printers') ? await buildPrinterViews(ctx, this.#runtime.printers.handles) : old.printers;
    const queue = !old || dirty.has('queue') || dirty.has('printers') ? await this.#queueView(printers) : old.queue;
    if (!old || !this.#forecast || dirty.has('stock') || dirty.has('printers')) {
      const built = await buildStockView(ctx, this.#today, printers, this.#runtime.config.forecast);
      this.#stock = built.view;
      this.#forecast = built.forecast;
      this.#stockSummary = built.summary;
    }
    const stock = this.#stock!;
    const alerts = !old || dirty.size > 0 ? await this.#alerts(printers, queue) : old.alerts;
    this.#parts = {
      station: {
        id: ctx.stationId,
        office: this.#runtime.config.station.office,
        database: { dialect: this.#database.dialect, location: this.#database.location, state: this.#runtime.databaseState.state, unreachableSince: this.#runtime.databaseState.state === 'unreachable' ? this.#runtime.databaseState.since : null },
        simulated: printers.some((p) => p.simulated),
      },
      printers,
      queue,
      stock,
      alerts,
      lastEvent: this.#runtime.lastEvent,
    };
    return this.#parts;
  }

  async #queueView(printers: readonly PrinterView[]): Promise<QueueView> {
    const ctx = this.context;
    const summary = await queueSummary(ctx);
    this.#queueSummary = summary;
    const offset = this.#runtime.config.station.utcOffsetMinutes;
    const midnight = new Date(new Date(`${this.#today}T00:00:00Z`).getTime() - offset * 60_000).toISOString();
    const printed = await cardsPrintedSince(ctx, midnight);
    const rows = await queueHead(ctx, 8);
    let waitingReason: string | null = null;
    if (summary.counts.queued > 0 && !printers.some((p) => p.state === 'printing')) {
      const handles = this.#runtime.printers.handles;
      const reasons = handles.filter((h) => h.waitingReason).map((h) => `${h.config.name}: ${h.waitingReason}`);
      waitingReason = handles.length === 0 ? 'no printers configured' : reasons.join('; ') || 'waiting for a printer';
    }
    return { counts: summary.counts, oldestQueuedAt: summary.oldestQueuedAt, printedToday: printed, next: rows, waitingReason };
  }

  async #alerts(printers: readonly PrinterView[], queue: QueueView): Promise<AlertView[]> {
    const stock = this.#stock!;
    const alerts: AlertView[] = [
      // The summaries the queue and stock parts were built from: read once per rebuild, not again here.
      ...stationAlerts(this.#queueSummary ?? (await queueSummary(this.context)), this.#stockSummary!),
      ...forecastAlerts(this.#forecast!, this.#runtime.config.forecast, this.#today),
    ];
    const disk = this.#runtime.diskState;
    if (disk.full) alerts.push({ level: 'critical', code: 'disk-full', message: `${disk.full}: no new card starts` });
    for (const p of printers) alerts.push(...printerAlerts(p, queue.counts.queued));
    for (const f of stock.printableNow.perFamily) {
      if (f.note) alerts.push({ level: 'warning', code: 'family-idle', message: f.note });
    }
    const rank = { critical: 0, warning: 1 } as const;
    return alerts.sort((a, b) => rank[a.level] - rank[b.level]);
  }

  printerAction(by: Operator, printerId: string, action: PrinterAction, options?: PrinterActionOptions): Promise<void> {
    return this.#runtime.printerAction(by, printerId, action, options);
  }

  async printerDetail(printerId: string): Promise<PrinterDetail> {
    const h = this.#runtime.printer(printerId);
    const parts = await this.#refresh();
    const printer = parts.printers.find((p) => p.id === printerId)!;
    const recent = await recentAttemptsOn(this.context, printerId, 10);
    const info: Record<string, string> = { uri: h.config.uri, family: h.config.family };
    if (h.identity) Object.assign(info, { vendor: h.identity.vendor, model: h.identity.model, serial: h.identity.serial, firmware: h.identity.firmware });
    if (h.waitingReason) info['waiting'] = h.waitingReason;
    if (h.lastError) info['last error'] = `${h.lastError.at.slice(11, 16)} ${h.lastError.text}`;
    return {
      printer,
      info,
      recentAttempts: recent,
    };
  }

  forecastSettings() {
    return this.#runtime.config.forecast;
  }

  renderPreview(jobId: string, width: number, height: number): Promise<CardPreview> {
    return renderJobPreview(this.context, jobId, width, height, this.#runtime.layout);
  }
}
