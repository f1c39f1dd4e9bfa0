import { isConnectionError, writeTransaction, type CetakDatabase } from '../../../db/index.js';
import { watchDatabaseChanges, type DatabaseChangeWatch } from '../changes/database-changes.js';
import { appendAudit } from '../audit/audit-log.js';
import { markInterruptedAttempts } from '../jobs/attempts.js';
import { isoNow } from '../clock.js';
import type { Logger } from '../logger.js';
import type { StationConfig } from '../config/station-config.js';
import type { StationContext } from '../context.js';
import { Dispatcher } from '../printing/dispatcher.js';
import { createChipEncoderFactory } from '../printing/pcsc-chip-encoder.js';
import { DiskWatch, type DiskState } from '../disk-space.js';
import type { Operator } from '../operators.js';
import type { PrinterHandle, PrinterTask } from '../printing/printer-handle.js';
import { taskRefusal } from '../printing/printer-tasks.js';
import { recordRefill } from '../printing/printer-care.js';
import { printerCare } from '../config/printer-care-config.js';
import { balanceOf } from '../stock/stock-ledger.js';
import type { Trx } from '../context.js';
import { markInterruptedTestCards, testCardsInDoubt } from '../printing/test-cards.js';
import { PrinterManager } from '../printing/printer-manager.js';
import { defaultCardLayout, loadCardLayout, type CardLayout } from '../render/index.js';
import { StationError } from '../station-error.js';
import { isAbsolute, join } from 'node:path';

/** Sixteen digits however spaced: what a NIK typed into a reason looks like. */
const SIXTEEN_DIGITS = /\d(?:[\s.-]?\d){15}/g;

/** The parts of the station's picture a change can touch. */
export const RUNTIME_PARTS = ['printers', 'queue', 'stock', 'alerts', 'station', 'lastEvent'] as const;
export type RuntimePart = (typeof RUNTIME_PARTS)[number];

export const RUNTIME_PRINTER_ACTIONS = ['pause', 'resume', 'clean', 'test-card', 'refill'] as const;
export type RuntimePrinterAction = (typeof RUNTIME_PRINTER_ACTIONS)[number];

/** Whether the station can reach its database, and since when (ISO-8601 UTC). */
export interface DatabaseState {
  readonly state: 'ok' | 'unreachable';
  readonly since: string;
}

export interface StationRuntimeOptions {
  readonly config: StationConfig;
  /** Directory the config file was in, for a relative layout path; default the data folder. */
  readonly configDir?: string;
  /** Changes whenever the database may have changed (SQLite data_version; see db/). */
  readonly dataVersion: () => Promise<number>;
  /**
   * The open database, for LISTEN/NOTIFY on PostgreSQL (then data_version is not polled).
   * Default: the context's own `database` when it is an OpenStation.
   */
  readonly database?: Pick<CetakDatabase<unknown>, 'dialect' | 'listen'>;
  /** How often to look for commits by other processes (an import from a shell). Default 1 s. */
  readonly dataVersionPollMs?: number;
  readonly idleRecheckMs?: number;
  /** How long an encoded card may take from a desk encoder to its printer. Default 120 s. */
  readonly deskHandoverMs?: number;
  /** How long the operator has to place a blank on a desk encoder. Default 120 s. */
  readonly placeCardMs?: number;
}

/**
 * The running station: its printers, the dispatcher, and change notifications for whoever shows
 * the picture (the API). Start order matters: interrupted attempts become in-doubt before any
 * printer is touched, so a card a power cut left under the head is never printed again.
 */
export class StationRuntime {
  readonly context: StationContext;
  readonly config: StationConfig;
  readonly printers: PrinterManager;
  readonly #options: StationRuntimeOptions;
  readonly #listeners = new Set<(parts: ReadonlySet<RuntimePart>) => void>();
  #dispatcher: Dispatcher | null = null;
  #layout: CardLayout = defaultCardLayout();
  #lastEvent: { at: string; text: string } | null = null;
  readonly #eventLog: Logger;
  #dataVersion = -1;
  #versionTimer: NodeJS.Timeout | null = null;
  readonly #pending = new Set<RuntimePart>();
  #notifyScheduled = false;
  #watch: DatabaseChangeWatch | null = null;
  #databaseState: DatabaseState;
  #disk: DiskWatch | null = null;

  constructor(context: StationContext, options: StationRuntimeOptions) {
    this.context = context;
    this.#eventLog = context.log.child({ module: 'station' });
    this.config = options.config;
    this.#options = options;
    this.#databaseState = { state: 'ok', since: isoNow(context.clock) };
    this.printers = new PrinterManager(context, options.config.printers, {
      pollIntervalMs: options.config.pollIntervalMs,
      utcOffsetMinutes: options.config.station.utcOffsetMinutes,
      createEncoder: createChipEncoderFactory(options.config.personaliser, options.placeCardMs !== undefined ? { placeCardMs: options.placeCardMs } : {}),
      onChange: () => {
        this.changed(['printers', 'alerts', 'stock']);
        this.#dispatcher?.nudge();
      },
    });
  }

  get layout(): CardLayout {
    return this.#layout;
  }

  get lastEvent(): { at: string; text: string } | null {
    return this.#lastEvent;
  }

  async start(): Promise<{ interrupted: number }> {
    const interrupted = await markInterruptedAttempts(this.context);
    if (interrupted > 0) this.event(`${interrupted} card(s) were printing when the station stopped: now in doubt`);
    const interruptedTests = await markInterruptedTestCards(this.context);
    if (interruptedTests > 0) this.event(`${interruptedTests} test card(s) were printing when the station stopped: now in doubt`);
    const layoutPath = this.config.layout;
    if (layoutPath) {
      const dir = this.#options.configDir ?? this.context.home;
      this.#layout = await loadCardLayout(isAbsolute(layoutPath) ? layoutPath : join(dir, layoutPath));
    }
    this.#disk = new DiskWatch(this.context, { onChange: (state) => this.#diskChanged(state) });
    await this.#disk.check();
    this.#disk.start();
    await this.printers.start();
    await this.#pauseWhereCardsAreInDoubt();
    await this.#syncSimulatedRolls();
    this.#dispatcher = new Dispatcher(this.context, this.printers, {
      layout: this.#layout,
      ...(this.#options.idleRecheckMs !== undefined ? { idleRecheckMs: this.#options.idleRecheckMs } : {}),
      ...(this.#options.deskHandoverMs !== undefined ? { deskHandoverMs: this.#options.deskHandoverMs } : {}),
      onChange: (part, text, fields) => {
        if (text) this.event(text, fields);
        this.changed(part === 'lastEvent' ? ['lastEvent'] : [part, 'alerts']);
      },
      onDatabase: (reachable) => this.#setDatabase(reachable),
    });
    this.#dispatcher.start();
    const database = this.#options.database ?? (this.context as { database?: Pick<CetakDatabase<unknown>, 'dialect' | 'listen'> }).database;
    if (database?.listen) {
      this.#watch = watchDatabaseChanges(database, {
        onChange: (parts) => this.noteChange(parts),
        onReachable: (reachable) => this.#setDatabase(reachable),
      });
    } else {
      this.#dataVersion = await this.#options.dataVersion();
      this.#watchDataVersion();
    }
    return { interrupted };
  }

  /** Whether the database answers, and since when: shown as "database unreachable since hh:mm". */
  get databaseState(): DatabaseState {
    return this.#databaseState;
  }

  /** Free space on the data folder: while full, no card starts (`beginAttempt` refuses) and an alert says so. */
  get diskState(): DiskState {
    return this.#disk?.state ?? { full: null, since: isoNow(this.context.clock) };
  }

  #diskChanged(state: DiskState): void {
    this.event(state.full ? `${state.full}: no new card starts until there is room` : 'the disk has room again: printing goes on');
    this.changed(['station', 'alerts', 'printers', 'queue']);
    if (!state.full) this.#dispatcher?.nudge();
  }

  /**
   * Told of an error from a read the station could not do (the consoles' picture): a lost connection
   * marks the database unreachable at once, without waiting for a printer to notice. True when it was one.
   */
  noteDatabaseError(error: unknown): boolean {
    if (!isConnectionError(error)) return false;
    this.#setDatabase(false);
    return true;
  }

  #setDatabase(reachable: boolean): void {
    const state = reachable ? 'ok' : 'unreachable';
    if (this.#databaseState.state === state) return;
    this.#databaseState = { state, since: isoNow(this.context.clock) };
    this.event(reachable ? 'database reachable again' : 'database unreachable: no new card starts until it is back');
    this.changed(['station', 'alerts']);
    // Changes made while we could not hear them: look at everything again.
    if (reachable) this.noteChange(['queue', 'stock', 'printers']);
  }

  /**
   * A printer with an unresolved card in doubt may still hold that card: it takes no new card until
   * a person has looked, resolved it and resumed the printer.
   */
  async #pauseWhereCardsAreInDoubt(): Promise<void> {
    const rows = await this.context.db.selectFrom('attempts').select('printer_id').distinct().where('state', '=', 'in-doubt').where('station_id', '=', this.context.stationId).execute();
    for (const { printer_id } of rows) {
      const h = this.printers.get(printer_id);
      if (!h) continue;
      h.paused = true;
      h.pausedReason = 'card in doubt on this printer: check it, resolve the card, then resume';
    }
    for (const test of await testCardsInDoubt(this.context)) {
      const h = this.printers.get(test.printerId);
      if (!h || h.paused) continue;
      h.paused = true;
      h.pausedReason = `test card ${test.id} in doubt: look in the printer, then say whether it came out (cetak printers test-card-resolve)`;
    }
  }

  /** Stops taking cards, lets the cards on the printers finish, and closes the printers. */
  async stop(): Promise<void> {
    this.#disk?.stop();
    if (this.#versionTimer) clearTimeout(this.#versionTimer);
    this.#versionTimer = null;
    await this.#watch?.close();
    this.#watch = null;
    await this.#dispatcher?.stop();
    await this.printers.stop();
  }

  /** Other processes commit too (imports, stock commands): notice within a second. */
  #watchDataVersion(): void {
    const every = this.#options.dataVersionPollMs ?? 1_000;
    const tick = async () => {
      try {
        const version = await this.#options.dataVersion();
        if (version !== this.#dataVersion) {
          this.#dataVersion = version;
          this.noteChange(['queue', 'stock', 'printers']);
        }
      } catch (error) {
        this.context.log.warn({ err: (error as Error).message }, 'data version check failed');
      }
      if (this.#versionTimer) this.#versionTimer = setTimeout(() => void tick(), every).unref();
    };
    this.#versionTimer = setTimeout(() => void tick(), every).unref();
  }

  /**
   * Records the last thing that happened, in words without personal data, for the status line,
   * and logs it as one line (masked again, in case a reason a person typed holds a NIK).
   */
  event(text: string, fields: Readonly<Record<string, string>> = {}): void {
    this.#eventLog.info(fields, text.replace(SIXTEEN_DIGITS, '****************'));
    this.#lastEvent = { at: isoNow(this.context.clock), text };
    this.changed(['lastEvent']);
  }

  /** Marks parts changed; listeners hear once per tick however many parts changed in it. */
  changed(parts: Iterable<RuntimePart>): void {
    for (const p of parts) this.#pending.add(p);
    if (this.#notifyScheduled) return;
    this.#notifyScheduled = true;
    queueMicrotask(() => {
      this.#notifyScheduled = false;
      const batch: ReadonlySet<RuntimePart> = new Set(this.#pending);
      this.#pending.clear();
      for (const listener of this.#listeners) listener(batch);
    });
  }

  onChange(listener: (parts: ReadonlySet<RuntimePart>) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Someone changed jobs or stock through a service: show it and let the dispatcher look again. */
  noteChange(parts: Iterable<RuntimePart>): void {
    this.changed([...parts, 'alerts']);
    void this.#syncSimulatedRolls()
      .catch((error: Error) => this.context.log.warn({ err: error.message }, 'could not look at the simulated printers\' rolls'))
      .finally(() => this.#dispatcher?.nudge());
  }

  /** Roll ids last put into each simulated printer, so a roll is "loaded" into the simulator once. */
  readonly #simLoaded = new Map<string, string>();

  /**
   * A simulated printer has no hands to load it: when cetak records a roll loaded into one, the
   * simulator gets a roll with the ledger's images, as a real printer would from the person who
   * loaded it. Real printers are left alone.
   */
  async #syncSimulatedRolls(): Promise<void> {
    const sims = this.printers.handles.filter((h) => 'simulator' in h.driver);
    if (sims.length === 0) return;
    const rows = await this.context.db
      .selectFrom('rolls')
      .leftJoin('stock_balances as b', (join) => join.onRef('b.scope', '=', 'rolls.id').on('b.item', '=', 'images').on('b.bucket', '=', 'remaining'))
      .select(['rolls.id', 'rolls.printer_id', 'rolls.kind', 'rolls.capacity_images', 'b.quantity'])
      .where('rolls.state', '=', 'loaded')
      .where('rolls.printer_id', 'in', sims.map((h) => h.config.id))
      .execute();
    for (const row of rows) {
      const key = `${row.printer_id}/${row.kind}`;
      if (this.#simLoaded.get(key) === row.id) continue;
      this.#simLoaded.set(key, row.id);
      const sim = (this.printers.get(row.printer_id!)!.driver as unknown as { simulator: { loadRibbon(n: number, c?: number): void; loadFilm(n: number, c?: number): void } }).simulator;
      if (row.kind === 'ribbon') sim.loadRibbon(row.quantity ?? 0, row.capacity_images);
      else sim.loadFilm(row.quantity ?? 0, row.capacity_images);
    }
  }

  printer(printerId: string): PrinterHandle {
    const h = this.printers.get(printerId);
    if (!h) throw new StationError('printer-unknown', `no printer "${printerId}"`, { printer: printerId });
    return h;
  }

  async printerAction(by: Operator, printerId: string, action: RuntimePrinterAction, options: { count?: number } = {}): Promise<void> {
    const h = this.printer(printerId);
    if (action === 'refill') {
      await this.refillFeeder(by, h, options.count);
      return;
    }
    if (action === 'clean' || action === 'test-card') {
      await this.#runTask(h, action === 'clean' ? 'cleaning' : 'test-card', by);
      return;
    }
    switch (action) {
      case 'pause':
        h.paused = true;
        break;
      case 'resume':
        h.paused = false;
        h.pausedReason = null;
        h.failuresInARow = 0;
        break;
    }
    await writeTransaction(this.context.db, (trx) => appendAudit(trx, { actor: by.id, at: isoNow(this.context.clock), action: `printer.${action}`, entityKind: 'printer', entityId: printerId }));
    this.event(`${h.config.name} ${action === 'pause' ? 'paused' : 'resumed'} by ${by.id}`);
    this.changed(['printers', 'alerts']);
    this.#dispatcher?.nudge();
    await this.printers.refresh(printerId);
  }

  /**
   * Records blanks put in a printer's feeder by hand (`count`, or up to the feeder's size). The
   * ledger's blanks in stock hold the shelf and the feeders alike, so nothing moves in the ledger;
   * the refill is audited and kept per printer. A simulated printer has no hands: its feeder gets
   * the cards. Refused when the feeder cannot hold them or the stock has fewer.
   */
  async refillFeeder(by: Operator, h: PrinterHandle, count?: number): Promise<number> {
    const size = printerCare(h.config).feederCards;
    const inFeeder = h.status?.feederCards ?? null;
    const room = inFeeder === null ? size : Math.max(0, size - inFeeder);
    if (room < 1) throw new StationError('feeder-full', `the feeder of ${h.config.name} is full (${size} blanks)`, { printer: h.config.id });
    if (count !== undefined && count > room) {
      throw new StationError('feeder-too-small', `the feeder of ${h.config.name} holds ${size} blanks${inFeeder !== null ? ` and has ${inFeeder}` : ''}: ${count} do not fit, at most ${room}`, { printer: h.config.id });
    }
    const inStock = await balanceOf(this.context.db as unknown as Trx, 'blank', '', 'in-stock');
    // Filled up: as far as the stock goes.
    const cards = count ?? Math.min(room, inStock);
    if (cards < 1) throw new StationError('no-blanks', `no blank cards in stock to put in the feeder of ${h.config.name}`, { printer: h.config.id });
    if (cards > inStock) throw new StationError('no-blanks', `only ${inStock} blank(s) in stock: ${cards} cannot be put in the feeder of ${h.config.name}`, { printer: h.config.id });
    await recordRefill(this.context, by.id, h.config.id, cards);
    const simulator = (h.driver as { simulator?: { loadCards(n: number): void } }).simulator;
    simulator?.loadCards(Math.min(size, (inFeeder ?? 0) + cards));
    this.event(`${h.config.name}: ${cards} blank(s) put in the feeder by ${by.id}`, { printer: h.config.id, cards: String(cards) });
    this.changed(['printers', 'alerts']);
    await this.printers.refresh(h.config.id);
    this.#dispatcher?.nudge();
    return cards;
  }

  /**
   * Hands a test card or a cleaning to the printer's own loop, which runs it between two cards, and
   * answers once the loop has taken it (a test card: its blank committed); the outcome is an event.
   * Refused with the reason in words when the printer is not idle.
   */
  async #runTask(h: PrinterHandle, kind: PrinterTask['kind'], by: Operator): Promise<void> {
    if (!this.#dispatcher) throw new StationError('station-not-running', 'the station is not printing: start it first');
    const refusal = taskRefusal(h, kind);
    if (refusal) throw new StationError('printer-busy', refusal, { printer: h.config.id });
    const started = new Promise<void>((resolve, reject) => {
      h.task = { kind, by: by.id, started: { resolve, reject } };
    });
    this.#dispatcher.nudge();
    try {
      await started;
    } finally {
      this.changed(['printers', 'alerts', 'stock']);
    }
  }
}
