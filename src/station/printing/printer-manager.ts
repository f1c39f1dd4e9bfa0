import { backoffDelayMs } from '../../../hardware/backoff.js';
import type { PrinterStatus } from '../../../hardware/types.js';
import { isoNow, localDate } from '../clock.js';
import type { PrinterConfig } from '../config/station-config.js';
import type { StationContext } from '../context.js';
import { createDriver } from './create-driver.js';
import { cardsSinceCleaning } from './printer-care.js';
import type { ChipEncoder } from './chip-encoder.js';
import type { PrinterHandle } from './printer-handle.js';

export interface PrinterManagerOptions {
  readonly pollIntervalMs: number;
  readonly utcOffsetMinutes: number;
  /** Told whenever a printer's state, status or identity changes. */
  readonly onChange: (printerId: string) => void;
  /** Makes the chip encoder bound to a printer (`encoder` in station.json), or null for none. */
  readonly createEncoder?: (config: PrinterConfig) => ChipEncoder | null;
}

const POLL_TIMEOUT_MS = 10_000;

function sameStatus(a: PrinterStatus | null, b: PrinterStatus | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Owns the printers: creates their drivers, registers them in the database, polls their status
 * (one poll in flight per printer; a failing printer is polled less often, up to once a minute)
 * and reports every change. Printing itself is the dispatcher's.
 */
export class PrinterManager {
  readonly #ctx: StationContext;
  readonly #options: PrinterManagerOptions;
  readonly #handles = new Map<string, PrinterHandle>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #failures = new Map<string, number>();
  #stopped = false;

  constructor(ctx: StationContext, printers: readonly PrinterConfig[], options: PrinterManagerOptions) {
    this.#ctx = ctx;
    this.#options = Object.freeze({ ...options });
    const today = localDate(ctx.clock, options.utcOffsetMinutes);
    for (const config of printers) {
      this.#handles.set(config.id, {
        config,
        driver: createDriver(config),
        encoder: options.createEncoder?.(config) ?? null,
        identity: null,
        status: null,
        online: false,
        paused: false,
        pausedReason: null,
        failuresInARow: 0,
        current: null,
        task: null,
        busyWith: null,
        cardsSinceCleaning: 0,
        lastOutcome: null,
        lastError: null,
        waitingReason: null,
        encoderActivity: null,
        encoderProblem: null,
        cardsToday: 0,
        cardsTodayDate: today,
      });
    }
  }

  get handles(): readonly PrinterHandle[] {
    return [...this.#handles.values()];
  }

  get(printerId: string): PrinterHandle | undefined {
    return this.#handles.get(printerId);
  }

  /** Registers every printer in the database and starts polling. */
  async start(): Promise<void> {
    const at = isoNow(this.#ctx.clock);
    for (const h of this.#handles.values()) {
      const simulated = h.config.uri.startsWith('sim:') ? 1 : 0;
      const values = { name: h.config.name, family: h.config.family, uri: h.config.uri, station_id: this.#ctx.stationId, simulated };
      await this.#ctx.db
        .insertInto('printers')
        .values({ id: h.config.id, ...values, created_at: at })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
    }
    // Cards printed today, so a restart does not reset the dashboard's counter.
    const since = new Date(`${localDate(this.#ctx.clock, this.#options.utcOffsetMinutes)}T00:00:00Z`).getTime() - this.#options.utcOffsetMinutes * 60_000;
    const rows = await this.#ctx.db
      .selectFrom('attempts')
      .select(['printer_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('state', '=', 'printed')
      .where('finished_at', '>=', new Date(since).toISOString())
      .groupBy('printer_id')
      .execute();
    for (const r of rows) {
      const h = this.#handles.get(r.printer_id);
      if (h) h.cardsToday = Number(r.n);
    }
    for (const h of this.#handles.values()) h.cardsSinceCleaning = await cardsSinceCleaning(this.#ctx, h.config.id);
    for (const h of this.#handles.values()) void this.#poll(h);
  }

  /** Polls one printer now (after a print, or when asked). Skipped while a poll is in flight. */
  async refresh(printerId: string): Promise<void> {
    const h = this.#handles.get(printerId);
    if (h) await this.#poll(h);
  }

  readonly #inFlight = new Set<string>();

  async #poll(h: PrinterHandle): Promise<void> {
    const id = h.config.id;
    if (this.#stopped || this.#inFlight.has(id)) return;
    this.#inFlight.add(id);
    clearTimeout(this.#timers.get(id));
    let changed = false;
    try {
      const signal = AbortSignal.timeout(POLL_TIMEOUT_MS);
      if (!h.identity) {
        h.identity = await h.driver.identify({ signal });
        changed = true;
      }
      const status = await h.driver.status({ signal });
      const encoderProblem = h.encoder ? await h.encoder.problem() : null;
      if (encoderProblem !== h.encoderProblem) changed = true;
      h.encoderProblem = encoderProblem;
      if (!h.online || !sameStatus(h.status, status)) changed = true;
      h.status = status;
      h.online = true;
      this.#failures.set(id, 0);
    } catch (error) {
      const failures = (this.#failures.get(id) ?? 0) + 1;
      this.#failures.set(id, failures);
      const text = `status poll failed: ${(error as Error).message.split('\n')[0]}`;
      if (h.online || h.lastError?.text !== text) changed = true;
      // While a card is on it, the driver owns the link; a failed poll then says nothing new.
      if (!h.current) h.online = false;
      h.lastError = { at: isoNow(this.#ctx.clock), text };
      this.#ctx.log.warn({ printer: id, failures }, text);
    } finally {
      this.#inFlight.delete(id);
    }
    if (changed) this.#options.onChange(id);
    if (!this.#stopped) {
      const failures = this.#failures.get(id) ?? 0;
      const delay = failures === 0 ? this.#options.pollIntervalMs : backoffDelayMs(failures + 1, { firstMs: this.#options.pollIntervalMs, maxMs: 60_000 });
      this.#timers.set(id, setTimeout(() => void this.#poll(h), delay).unref());
    }
  }

  /** Counts a printed card towards today's figure, starting again after local midnight. */
  countPrinted(h: PrinterHandle): void {
    const today = localDate(this.#ctx.clock, this.#options.utcOffsetMinutes);
    if (h.cardsTodayDate !== today) {
      h.cardsTodayDate = today;
      h.cardsToday = 0;
    }
    h.cardsToday++;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const t of this.#timers.values()) clearTimeout(t);
    await Promise.allSettled([...this.#handles.values()].map((h) => h.driver.close()));
  }
}
