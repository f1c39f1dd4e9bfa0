/**
 * A simulated printer for families without a public wire protocol (printer-protocols.md §7:
 * HID FARGO HDP, Entrust/Datacard). It implements `PrinterDriver` directly with the same timing
 * and fault model as the Evolis emulator: feeder, ribbon (and retransfer film), cover, jam,
 * garbled/dropped link and slow replies, and a record of every card by panel hash.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  ConsumableLevel,
  IoOptions,
  PrintJob,
  PrintResult,
  PrinterCapabilities,
  PrinterDriver,
  PrinterIdentity,
  PrinterStatus,
  SidePanels,
} from '../types.js';
import { CARD_HEIGHT_DOTS, CARD_WIDTH_DOTS, PANEL_LETTERS, TransportError } from '../types.js';
import type { EmulatorCardOutcome, EmulatorCardRecord, EmulatorFault, EmulatorSideRecord } from '../emulator/emulator-printer.js';

/** Faults of the Evolis emulator, plus `film-out` for retransfer printers. */
export type SimFault = EmulatorFault | { readonly kind: 'film-out' };

export interface SimulatedRetransferOptions {
  readonly uri: string;
  readonly vendor: string;
  /** Shown to people; must say SIMULATED. */
  readonly model: string;
  readonly serial: string;
  readonly family: string;
  /** False for direct-to-card models (no film level is reported). */
  readonly retransfer: boolean;
  readonly ratedCardsPerHour: number;
  /** Default 3 600 000 / ratedCardsPerHour. */
  readonly msPerCard?: number;
  /** Divides every simulated duration. Default 1. */
  readonly speedup?: number;
  readonly cards?: number;
  readonly ribbonImages?: number;
  readonly filmImages?: number;
  /** Timeout per operation when the caller gives none. Default 10 000 ms. */
  readonly commandTimeoutMs?: number;
}

/** `PrinterDriver` over an in-process printer model; `identify().simulated` is always true. */
export class SimulatedRetransferDriver implements PrinterDriver {
  readonly uri: string;
  readonly capabilities: PrinterCapabilities;
  readonly cards: EmulatorCardRecord[] = [];
  feederCards: number;
  ribbonImages: number;
  ribbonCapacity: number;
  filmImages: number;
  filmCapacity: number;
  coverOpen = false;
  jammed = false;
  cardsPrinted = 0;
  cleanings = 0;
  readonly #options: SimulatedRetransferOptions;
  readonly #msPerCard: number;
  readonly #speedup: number;
  #jamArmed = false;
  #dropArmed = false;
  #garbageLeft = 0;
  #replyDelayMs = 0;
  #closed = false;
  #offline = false;
  #job: AbortController | undefined;

  constructor(options: SimulatedRetransferOptions) {
    this.#options = options;
    this.uri = options.uri;
    this.capabilities = Object.freeze({
      family: options.family,
      duplex: true,
      colour: true,
      retransfer: options.retransfer,
      ratedCardsPerHour: options.ratedCardsPerHour,
    });
    this.#msPerCard = options.msPerCard ?? 3_600_000 / options.ratedCardsPerHour;
    this.#speedup = options.speedup ?? 1;
    this.feederCards = options.cards ?? 100;
    this.ribbonImages = this.ribbonCapacity = options.ribbonImages ?? 500;
    this.filmImages = this.filmCapacity = options.retransfer ? (options.filmImages ?? 500) : 0;
  }

  inject(fault: SimFault): void {
    switch (fault.kind) {
      case 'feeder-empty':
        this.feederCards = 0;
        break;
      case 'ribbon-out':
        this.ribbonImages = 0;
        break;
      case 'film-out':
        this.filmImages = 0;
        break;
      case 'cover-open':
        this.coverOpen = true;
        break;
      case 'jam-after-pick':
        this.#jamArmed = true;
        break;
      case 'garbage-replies':
        this.#garbageLeft = fault.count ?? 1;
        break;
      case 'drop-mid-job':
        this.#dropArmed = true;
        break;
      case 'slow-replies':
        this.#replyDelayMs = fault.delayMs;
        break;
    }
  }

  clearFaults(): void {
    this.#jamArmed = false;
    this.#dropArmed = false;
    this.#garbageLeft = 0;
    this.#replyDelayMs = 0;
  }

  async identify(options: IoOptions = {}): Promise<PrinterIdentity> {
    await this.#exchange('identify', options);
    return { vendor: this.#options.vendor, model: this.#options.model, serial: this.#options.serial, firmware: 'SIM-1.0', simulated: true };
  }

  async status(options: IoOptions = {}): Promise<PrinterStatus> {
    if (this.#job) return { state: 'printing', reasons: [], levels: this.#levels() };
    await this.#exchange('status', options);
    const reasons: string[] = [];
    if (this.#offline) reasons.push('offline');
    if (this.coverOpen) reasons.push('cover-open');
    if (this.jammed) reasons.push('media-jam');
    if (this.feederCards <= 0) reasons.push('media-empty');
    else if (this.feederCards <= 10) reasons.push('media-low');
    if (this.ribbonImages <= 0 || (this.capabilities.retransfer && this.filmImages <= 0)) reasons.push('marker-supply-empty');
    else if (this.ribbonImages <= 20 || (this.capabilities.retransfer && this.filmImages <= 20)) reasons.push('marker-supply-low');
    const stopped = reasons.some((r) => r !== 'media-low' && r !== 'marker-supply-low');
    return {
      state: stopped ? 'stopped' : 'idle',
      reasons,
      levels: this.#levels(),
      counters: { cardsPrinted: this.cardsPrinted, cleanings: this.cleanings },
      ...(this.feederCards <= 0 ? { feederCards: 0 } : { feederCards: this.feederCards }),
    };
  }

  async print(job: PrintJob, options: IoOptions = {}): Promise<PrintResult> {
    this.#assertOpen();
    if (this.#job) throw new Error(`Simulated printer ${this.uri} is already printing; print() calls must not overlap.`);
    validateSide(job.front, `job ${job.id} front`);
    if (job.back) validateSide(job.back, `job ${job.id} back`);
    const controller = new AbortController();
    this.#job = controller;
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    let picked = false;
    try {
      await this.#exchange('print', { ...options, signal });
      const before = this.#blockingReasons();
      if (before.length > 0) return { outcome: 'not-consumed', reasons: before, detail: `Simulated printer ${this.uri} is not ready (${before.join(', ')}); no card was picked.` };
      this.feederCards -= 1;
      picked = true;
      if (this.#dropArmed) {
        this.#dropArmed = false;
        this.#offline = true;
        return { outcome: 'unknown', reasons: ['offline'], detail: `Simulated printer ${this.uri} dropped the connection mid-job; check the printer for a card.` };
      }
      if (this.#jamArmed) {
        this.#jamArmed = false;
        await this.#sleep(this.#msPerCard / 2, signal);
        this.jammed = true;
        this.#record(job, 'jammed');
        return { outcome: 'spoiled', reasons: ['media-jam'], detail: `Simulated printer ${this.uri} jammed after the card was picked.` };
      }
      await this.#sleep(this.#msPerCard, signal);
      this.ribbonImages -= 1;
      if (this.capabilities.retransfer) this.filmImages -= 1;
      this.cardsPrinted += 1;
      this.#record(job, 'printed');
      return { outcome: 'printed', reasons: [] };
    } catch (error) {
      if (error instanceof TransportError && error.code === 'aborted') {
        if (picked) this.#record(job, 'rejected');
        return picked
          ? { outcome: 'spoiled', reasons: ['other'], detail: `Job on ${this.uri} was cancelled after the card was picked.` }
          : { outcome: 'not-consumed', reasons: ['other'], detail: `Job on ${this.uri} was cancelled before a card was picked.` };
      }
      const code = error instanceof TransportError ? error.code : 'error';
      return picked
        ? { outcome: 'unknown', reasons: ['offline'], detail: `Simulated printer ${this.uri}: ${code} after the card was picked.` }
        : { outcome: 'not-consumed', reasons: ['offline'], detail: `Simulated printer ${this.uri}: ${code} before a card was picked.` };
    } finally {
      this.#job = undefined;
    }
  }

  async cancel(_options: IoOptions = {}): Promise<void> {
    this.#assertOpen();
    this.#job?.abort();
  }

  async clean(options: IoOptions = {}): Promise<void> {
    await this.#exchange('clean', options);
    await this.#sleep(this.#msPerCard * 1.5, options.signal);
    this.cleanings += 1;
  }

  async reset(options: IoOptions = {}): Promise<void> {
    await this.#exchange('reset', options);
    await this.#sleep(2_000, options.signal);
    this.jammed = false;
    this.#offline = false;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#job?.abort();
  }

  #levels(): ConsumableLevel[] {
    const levels: ConsumableLevel[] = [{ kind: 'ribbon', name: 'ribbon', remainingImages: Math.max(0, this.ribbonImages), capacityImages: this.ribbonCapacity }];
    if (this.capabilities.retransfer) levels.push({ kind: 'film', name: 'retransfer film', remainingImages: Math.max(0, this.filmImages), capacityImages: this.filmCapacity });
    return levels;
  }

  #blockingReasons(): string[] {
    const reasons: string[] = [];
    if (this.#offline) reasons.push('offline');
    if (this.coverOpen) reasons.push('cover-open');
    if (this.jammed) reasons.push('media-jam');
    if (this.feederCards <= 0) reasons.push('media-empty');
    if (this.ribbonImages <= 0 || (this.capabilities.retransfer && this.filmImages <= 0)) reasons.push('marker-supply-empty');
    return reasons;
  }

  /** One simulated request/response: honours closed, offline, slow replies, garbage, timeout and abort. */
  async #exchange(what: string, options: IoOptions): Promise<void> {
    this.#assertOpen();
    const timeoutMs = options.timeoutMs ?? this.#options.commandTimeoutMs ?? 10_000;
    if (this.#offline && what !== 'reset') {
      throw new TransportError('disconnected', this.uri, `Simulated printer ${this.uri} is offline after a dropped connection; reset it.`);
    }
    if (this.#replyDelayMs > 0) {
      if (this.#replyDelayMs > timeoutMs) {
        await this.#sleep(timeoutMs * this.#speedup, options.signal);
        throw new TransportError('timeout', this.uri, `Simulated printer ${this.uri} did not answer ${what} within ${timeoutMs} ms.`);
      }
      await this.#sleep(this.#replyDelayMs * this.#speedup, options.signal);
    }
    if (this.#garbageLeft > 0) {
      this.#garbageLeft -= 1;
      // Same code as EvolisError's, so callers treat both families alike.
      throw Object.assign(new Error(`Simulated printer ${this.uri} sent a garbled reply to ${what}; the link was resynchronised, so retry the command.`), {
        code: 'resynchronised' as const,
      });
    }
  }

  async #sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
    const real = ms / this.#speedup;
    try {
      await sleep(real, undefined, signal ? { signal } : {});
    } catch (error) {
      throw new TransportError('aborted', this.uri, `Operation on ${this.uri} was aborted.`, { cause: error });
    }
  }

  #record(job: PrintJob, outcome: EmulatorCardOutcome): void {
    const front = sideRecord(job.front);
    const back = job.back ? sideRecord(job.back) : undefined;
    const hash = createHash('sha256');
    for (const side of [front, back ?? {}]) {
      for (const letter of PANEL_LETTERS) hash.update(`${letter}:${side[letter]?.sha256 ?? '-'};`);
    }
    this.cards.push({ index: this.cards.length + 1, outcome, ribbon: 'ymcko', front, ...(back ? { back } : {}), sha256: hash.digest('hex') });
  }

  #assertOpen(): void {
    if (this.#closed) throw new TransportError('closed', this.uri, `Simulated printer ${this.uri} is closed.`);
  }
}

function validateSide(side: SidePanels, what: string): void {
  for (const letter of PANEL_LETTERS) {
    const plane = side[letter];
    if (plane && (plane.width !== CARD_WIDTH_DOTS || plane.height !== CARD_HEIGHT_DOTS || plane.data.length !== CARD_WIDTH_DOTS * CARD_HEIGHT_DOTS)) {
      throw new RangeError(`${what} panel ${letter} must be ${CARD_WIDTH_DOTS}x${CARD_HEIGHT_DOTS}, got ${plane.width}x${plane.height}.`);
    }
  }
}

/** Panels as the printer would receive them: 8-bit Y/M/C, 0/1 K/O (no wire protocol to reduce them). */
function sideRecord(side: SidePanels): EmulatorSideRecord {
  const record: EmulatorSideRecord = {};
  for (const letter of PANEL_LETTERS) {
    const plane = side[letter];
    if (!plane) continue;
    const mono = letter === 'k' || letter === 'o';
    record[letter] = { levels: mono ? 2 : 256, width: plane.width, height: plane.height, sha256: createHash('sha256').update(plane.data).digest('hex') };
  }
  return record;
}
