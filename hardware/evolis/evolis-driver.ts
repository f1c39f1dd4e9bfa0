/**
 * The Evolis family driver: `PrinterDriver` over any `Transport`, speaking the escape-command
 * protocol of printer-protocols.md §1–§4 (checklist §8). Host-managed errors (`Pem;2`, §2.6),
 * compressed downloads (`Dbc`, §3.5–§3.7) by default.
 */
import { SILENT_LOGGER, type HardwareLogger } from '../hardware-logger.js';
import type {
  CardPlace,
  ConsumableLevel,
  IoOptions,
  MonoPlane,
  PrintJob,
  PrintResult,
  PrinterCapabilities,
  PrinterDriver,
  PrinterIdentity,
  PrinterStatus,
  SidePanels,
  Transport,
} from '../types.js';
import { TransportError, makeMonoPlane } from '../types.js';
import type { BackoffOptions } from '../backoff.js';
import { PrinterSession } from '../printer-session.js';
import type { SessionLink } from '../printer-session.js';
import type { EvolisColourLevels, EvolisPanelLetter } from './evolis-commands.js';
import { evolisCommand, evolisMnemonic } from './evolis-commands.js';
import { EvolisFramer } from './evolis-framing.js';
import type { EvolisFrame } from './evolis-framing.js';
import { evolisEncodePanel } from './evolis-panels.js';
import { EVOLIS_STOPPING_REASONS, parseEvolisCount, parseEvolisReply } from './evolis-replies.js';
import type { EvolisReply } from './evolis-replies.js';

/**
 * - `printer-error`: the printer answered an `ERR…`/status string (reasons say which).
 * - `resynchronised`: a garbled reply was seen and the link is clean again; retry the command.
 * - `out-of-sync`: the link could not be brought back in step (no clean answer to the probe); the
 *   session reopens it on the next call.
 * - `incomplete-reply`: part of a reply came and then nothing, so what the printer meant is not known.
 */
export const EVOLIS_ERROR_CODES = ['printer-error', 'resynchronised', 'out-of-sync', 'incomplete-reply'] as const;
export type EvolisErrorCode = (typeof EVOLIS_ERROR_CODES)[number];

/** A protocol-level failure: the printer answered with an error, or the link was out of step. */
export class EvolisError extends Error {
  readonly code: EvolisErrorCode;
  /** Mnemonic of the command concerned (no payload), e.g. `Scp`. */
  readonly command: string;
  readonly reasons: readonly string[];
  constructor(code: EvolisErrorCode, command: string, message: string, reasons: readonly string[] = []) {
    super(message);
    this.name = 'EvolisError';
    this.code = code;
    this.command = command;
    this.reasons = reasons;
  }
}

/**
 * Run while the picked card sits in the contactless station (`Sic`, §2.5): encode its chip there.
 * Resolve 'print' to go on printing that card, 'reject' to send it to the reject box (`Ser`)
 * unprinted. A rejection or a throw makes the outcome `spoiled`, before any panel is printed.
 */
export type EvolisContactlessStep = (signal: AbortSignal) => Promise<'print' | 'reject'>;

export interface EvolisPrintOptions extends IoOptions {
  /** For printers with a contactless station: stop the card there between the pick and printing. */
  readonly atContactlessStation?: EvolisContactlessStep;
}

export interface EvolisDriverOptions {
  /** The configured printer URI, reported back as `driver.uri`. */
  readonly uri: string;
  /**
   * The byte link, or a factory making a fresh one: with a factory the driver reconnects after a
   * lost link on its next call (see `PrinterSession`).
   */
  readonly transport: Transport | (() => Transport);
  /** Rated one-sided colour speed. Default 150 cards per hour. */
  readonly ratedCardsPerHour?: number;
  /** Whether the model prints both sides. Default true. */
  readonly duplex?: boolean;
  /** Marks identity as simulated (the `sim://` printers). Default false. */
  readonly simulated?: boolean;
  /** Send `Dbc` compressed panels (default) or `Db` uncompressed ones. */
  readonly compressed?: boolean;
  /** Level count for Y/M/C. Default 32. */
  readonly colourLevels?: EvolisColourLevels;
  /** Reply timeout for ordinary commands. Default 10 000 ms. */
  readonly commandTimeoutMs?: number;
  /** Reply timeout for slow commands (`Se`, `Scp`, `Srs`). Default 300 000 ms (SDK print timeout). */
  readonly printTimeoutMs?: number;
  /**
   * How long to wait for the undocumented reply to `Db`/`Dbc` (§8) before asking the printer where
   * it is (see `#settle`): a late answer is still matched to its download. Default 2 000 ms.
   */
  readonly downloadReplyTimeoutMs?: number;
  /**
   * Longest silence inside a reply: a reply ends only at its `00` (§1.4), so a reply that stops
   * part-way for this long is incomplete, and its command's outcome is in doubt. Default 2 000 ms.
   */
  readonly replyGapMs?: number;
  /** Waits between reopening a link that keeps failing (see `PrinterSession`). Default 500 ms doubling to 30 s. */
  readonly reopenBackoff?: BackoffOptions;
  /**
   * After a printed card, the levels are read again when the last reading is older than this, so a
   * printer kept busy card after card still reports its ribbon; younger readings are kept (each
   * reading costs six round trips). Default 5 000 ms.
   */
  readonly statusMaxAgeMs?: number;
  /** Time allowed to open the transport. Default 10 000 ms. */
  readonly openTimeoutMs?: number;
  /** Ribbon images left at or below which `marker-supply-low` is reported. Default 20. */
  readonly ribbonLowImages?: number;
  /**
   * Slowest link speed to allow for when timing out a write, in bytes per second: a write may take
   * `commandTimeoutMs + bytes / linkBytesPerSecond`. Default 1 000 (a 9600-baud serial line).
   */
  readonly linkBytesPerSecond?: number;
  /** Module logger. Default: silent. */
  readonly log?: HardwareLogger;
}

interface Step {
  readonly frame: Buffer;
  readonly kind: 'command' | 'download' | 'end';
}

interface JobProgress {
  /** `Ss` has been written: from here a lost link means a card may be inside. */
  startSent: boolean;
  /** `Ss` answered `OK`: a card has been picked. */
  picked: boolean;
}

const NOT_PICKED_SS_REASONS = new Set(['media-empty', 'cover-open', 'marker-supply-empty']);

/**
 * Commands the guide lists for some models only (§2.2–§2.5 model marks) or that came with later
 * firmware (§2.4 [L]): a printer answering `ERROR CDE` (unknown command, §2.13) to one simply has
 * no such sensor or setting, so the driver stops sending it and carries on without it.
 */
const OPTIONAL_COMMANDS = new Set(['Rcr', 'Sk;f', 'Sk;w', 'Rlr;p', 'Rlr;r', 'Rrt;count', 'Rrt;qty', 'Rco;l', 'Rco;c', 'Rco;p', 'Pmi;F']);

/** Identity queries used as resynchronisation probes: their answers are text, unlike every other reply we wait for. */
const PROBES = ['Rsn', 'Rtp', 'Rfv'] as const;

/** Most junk read while draining before a probe; beyond it the link is given up. */
const DRAIN_LIMIT_BYTES = 64 * 1024;

/**
 * `PrinterDriver` for Evolis-protocol printers (printer-protocols.md §8 checklist).
 *
 * - identify: `Rtp`, `Rsn`, `Rfv` (§2.1).
 * - status: `Rlr;p`, `Rcr`, `Rrt;count`/`Rrt;qty` (falling back to `Rco;l`), `Sk;f`, `Sk;w`,
 *   `Rlr;r`, `Rco;c`, `Rco;p` (§2.2–§2.4). While a job runs, status answers from memory.
 * - print: `Pem;2`, checks card/ribbon/feeder before `Ss`, then `Pr`, `Ss`, `Sr`, panels, `Sv`…,
 *   `Se` (§4.1). Outcomes: error before the pick → `not-consumed`; error after → `spoiled`; link
 *   lost or silent after `Ss` was sent → `unknown`.
 * - A garbled reply triggers resynchronisation (drain, then `Sk;s` until `OK`) and an
 *   `EvolisError` of code `resynchronised` (or `out-of-sync` if that fails).
 */
export class EvolisDriver implements PrinterDriver {
  readonly uri: string;
  readonly capabilities: PrinterCapabilities;
  readonly #session: PrinterSession;
  readonly #framer = new EvolisFramer();
  #frames: EvolisFrame[] = [];
  readonly #simulated: boolean;
  readonly #compressed: boolean;
  readonly #colourLevels: EvolisColourLevels;
  readonly #commandTimeoutMs: number;
  readonly #printTimeoutMs: number;
  readonly #downloadReplyTimeoutMs: number;
  readonly #replyGapMs: number;
  readonly #ribbonLowImages: number;
  readonly #log: HardwareLogger;
  readonly #linkBytesPerSecond: number;
  #closed = false;
  #job: { controller: AbortController; done: Promise<unknown> } | undefined;
  #lastStatus: PrinterStatus | undefined;
  #lastStatusAtMs = Number.NEGATIVE_INFINITY;
  readonly #statusMaxAgeMs: number;
  /**
   * Commands sent whose replies have not been read (timed out, aborted, silent download), oldest
   * first. Before anything else is sent they are settled (`#settle`), so no late reply is ever
   * taken as the answer to a later command.
   */
  #owed: string[] = [];
  /** Optional commands this printer answered `ERROR CDE` to; never sent again (see `OPTIONAL_COMMANDS`). */
  readonly #unsupported = new Set<string>();

  constructor(options: EvolisDriverOptions) {
    this.uri = options.uri;
    this.#statusMaxAgeMs = options.statusMaxAgeMs ?? 5_000;
    this.#simulated = options.simulated ?? false;
    this.#compressed = options.compressed ?? true;
    this.#colourLevels = options.colourLevels ?? 32;
    this.#commandTimeoutMs = options.commandTimeoutMs ?? 10_000;
    this.#printTimeoutMs = options.printTimeoutMs ?? 300_000;
    this.#downloadReplyTimeoutMs = options.downloadReplyTimeoutMs ?? 2_000;
    this.#replyGapMs = options.replyGapMs ?? 2_000;
    this.#ribbonLowImages = options.ribbonLowImages ?? 20;
    this.#log = options.log ?? SILENT_LOGGER;
    this.#linkBytesPerSecond = options.linkBytesPerSecond ?? 1_000;
    this.capabilities = Object.freeze({
      family: 'evolis',
      duplex: options.duplex ?? true,
      colour: true,
      retransfer: false,
      ratedCardsPerHour: options.ratedCardsPerHour ?? 150,
    });
    this.#session = new PrinterSession(options.transport, {
      commandTimeoutMs: this.#commandTimeoutMs,
      ...(options.openTimeoutMs === undefined ? {} : { openTimeoutMs: options.openTimeoutMs }),
      ...(options.reopenBackoff === undefined ? {} : { reopenBackoff: options.reopenBackoff }),
    });
  }

  async identify(options: IoOptions = {}): Promise<PrinterIdentity> {
    this.#assertOpen();
    return this.#session.exclusive(async (link) => {
      const timeoutMs = options.timeoutMs ?? this.#commandTimeoutMs;
      const model = await this.#query(link, evolisCommand('Rtp'), timeoutMs);
      const serial = await this.#query(link, evolisCommand('Rsn'), timeoutMs);
      const firmware = await this.#query(link, evolisCommand('Rfv'), timeoutMs);
      return {
        vendor: 'Evolis',
        model: textOr(model, 'unknown Evolis'),
        serial: textOr(serial, ''),
        firmware: textOr(firmware, ''),
        simulated: this.#simulated,
      };
    }, options);
  }

  async status(options: IoOptions = {}): Promise<PrinterStatus> {
    this.#assertOpen();
    if (this.#job) {
      // One command in flight: a job holds the link, so answer from what we last knew.
      const last = this.#lastStatus;
      return {
        state: 'printing',
        reasons: (last?.reasons ?? []).filter((r) => !(EVOLIS_STOPPING_REASONS as readonly string[]).includes(r)),
        levels: last?.levels ?? [],
        ...(last?.counters ? { counters: last.counters } : {}),
      };
    }
    const status = await this.#session.exclusive((link) => this.#readStatus(link, options.timeoutMs ?? this.#commandTimeoutMs), options);
    this.#lastStatus = status;
    this.#lastStatusAtMs = performance.now();
    return status;
  }

  /** Encodes the job's panels ahead of `print` (kept for the same `front`/`back` objects). */
  prepare(job: PrintJob): void {
    this.#prepared.set(job.front, { back: job.back, steps: this.#planJob(job) });
  }

  async print(job: PrintJob, options: EvolisPrintOptions = {}): Promise<PrintResult> {
    this.#assertOpen();
    if (this.#job) throw new Error(`Evolis printer ${this.uri} is already printing; print() calls must not overlap.`);
    const ready = this.#prepared.get(job.front);
    this.#prepared.delete(job.front);
    const steps = ready && ready.back === job.back ? ready.steps : this.#planJob(job);
    const controller = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    const progress: JobProgress = { startSent: false, picked: false };
    // The signal goes to each command, not to the session, so a cancelled job can still send `Ser`.
    const run = this.#session
      .exclusive(async (link) => {
        // The station's generic hook (PrintJob.encodeChip) is this driver's contactless step.
        const encodeChip = job.encodeChip;
        const atContactless = options.atContactlessStation ?? (encodeChip ? async () => ((await encodeChip()) ? 'print' : 'reject') : undefined);
        const result = await this.#runJob(link, steps, progress, signal, options.timeoutMs, atContactless);
        // status() answers from the last reading while a job runs; a printer kept busy card after
        // card would otherwise report the ribbon level of its first card forever.
        if (result.outcome === 'printed' && performance.now() - this.#lastStatusAtMs > this.#statusMaxAgeMs) {
          try {
            this.#lastStatus = await this.#readStatus(link, this.#commandTimeoutMs);
            this.#lastStatusAtMs = performance.now();
          } catch {
            // The card is out; a failed reading changes nothing about it. The next poll tries again.
          }
        }
        return result;
      })
      .catch((error: unknown) => this.#outcomeForFailure(error, progress));
    this.#job = { controller, done: run };
    try {
      const result = await run;
      const fields = { job: job.id, outcome: result.outcome, reasons: result.reasons };
      if (result.outcome === 'printed') this.#log.debug(fields, 'card printed');
      else this.#log.warn({ ...fields, detail: result.detail }, 'card not printed');
      return result;
    } finally {
      this.#job = undefined;
    }
  }

  /** Abort the job in progress at the next command boundary; a picked card is sent to the reject box (`Ser`). */
  async cancel(_options: IoOptions = {}): Promise<void> {
    this.#assertOpen();
    const job = this.#job;
    if (!job) return;
    job.controller.abort();
    await job.done.catch(() => undefined);
  }

  /** `Scp` cleaning cycle (§2.9); rejects with `EvolisError` on an error reply. */
  async clean(options: IoOptions = {}): Promise<void> {
    this.#assertOpen();
    await this.#session.exclusive(async (link) => {
      await this.#expectOk(link, evolisCommand('Scp'), options.timeoutMs ?? this.#printTimeoutMs);
    }, options);
  }

  /** `Srs` software reset (§2.6), which clears errors as at power-up. */
  async reset(options: IoOptions = {}): Promise<void> {
    this.#assertOpen();
    await this.#session.exclusive(async (link) => {
      await this.#expectOk(link, evolisCommand('Srs'), options.timeoutMs ?? this.#printTimeoutMs);
    }, options);
  }

  /** Plans made by `prepare`, by the panels they were made from; dropped with the panels. */
  readonly #prepared = new WeakMap<SidePanels, { back: SidePanels | undefined; steps: Step[] }>();

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#job?.controller.abort();
    await this.#session.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new TransportError('closed', this.#session.description, `Evolis driver for ${this.uri} is closed.`);
  }

  /** Validate and encode every panel up front, so bad panels reject before any byte is sent. */
  #planJob(job: PrintJob): Step[] {
    const sides: [SidePanels, 'Sr' | 'Sv'][] = [[job.front, 'Sr']];
    if (job.back) {
      if (!this.capabilities.duplex) throw new RangeError(`Job ${job.id} has a back side but ${this.uri} prints one side only.`);
      sides.push([job.back, 'Sv']);
    }
    const colour = sides.some(([side]) => side.y || side.m || side.c);
    const overlay = sides.some(([side]) => side.o);
    const ribbon = colour ? 'ymcko' : overlay ? 'ko' : 'k';
    const steps: Step[] = [{ frame: evolisCommand('Pr', ribbon), kind: 'command' }];
    steps.push({ frame: evolisCommand('Pmi', 'F'), kind: 'command' });
    steps.push({ frame: evolisCommand('Ss'), kind: 'command' });
    for (const [side, select] of sides) {
      steps.push({ frame: evolisCommand(select), kind: 'command' });
      const hasColour = Boolean(side.y || side.m || side.c);
      if (hasColour && !(side.y && side.m && side.c)) throw new RangeError(`Job ${job.id}: a colour side needs all of Y, M and C.`);
      const panels: [EvolisPanelLetter, SidePanels[keyof SidePanels]][] = [];
      if (hasColour) panels.push(['y', side.y], ['m', side.m], ['c', side.c]);
      if (!side.k && !hasColour && ribbon === 'k') throw new RangeError(`Job ${job.id}: a mono side needs a K panel.`);
      // A ribbon panel is laid down whatever we send: blank K, full varnish O (§4.1) unless given.
      panels.push(['k', side.k ?? makeMonoPlane()]);
      if (ribbon !== 'k') panels.push(['o', side.o ?? fullVarnish()]);
      for (const [letter, plane] of panels) {
        if (!plane) continue;
        const encoded = evolisEncodePanel(letter, plane, { compressed: this.#compressed, colourLevels: this.#colourLevels });
        steps.push({ frame: encoded.frame, kind: 'download' });
      }
    }
    steps.push({ frame: evolisCommand('Se'), kind: 'end' });
    return steps;
  }

  async #runJob(link: SessionLink, steps: Step[], progress: JobProgress, signal: AbortSignal, timeoutMs: number | undefined, atContactless?: EvolisContactlessStep): Promise<PrintResult> {
    const commandTimeoutMs = timeoutMs ?? this.#commandTimeoutMs;
    await this.#expectOk(link, evolisCommand('Pem', 2), commandTimeoutMs, signal);
    const pre = await this.#preflight(link, commandTimeoutMs, signal);
    if (pre) return pre;
    try {
      for (const step of steps) {
        if (signal.aborted) throw new TransportError('aborted', this.#session.description, `Job on ${this.uri} was cancelled.`);
        const mnemonic = evolisMnemonic(step.frame);
        if (this.#unsupported.has(mnemonic)) continue;
        const isStart = mnemonic === 'Ss';
        if (isStart) progress.startSent = true;
        let reply = await this.#transact(link, step.frame, {
          timeoutMs: step.kind === 'end' ? this.#printTimeoutMs : step.kind === 'download' ? this.#downloadReplyTimeoutMs : commandTimeoutMs,
          tolerateSilence: step.kind === 'download',
          signal,
        });
        // A silent download is settled at once: a late answer (an error above all) belongs to it.
        if (reply === undefined) reply = (await this.#settle(link, signal))[0];
        if (reply?.kind === 'error' && isUnknownCommand(reply) && OPTIONAL_COMMANDS.has(mnemonic)) {
          this.#markUnsupported(mnemonic);
          continue;
        }
        if (reply?.kind === 'error') {
          const notPicked = !progress.startSent || (isStart && reply.reasons.every((r) => NOT_PICKED_SS_REASONS.has(r)));
          if (notPicked) {
            return {
              outcome: 'not-consumed',
              reasons: reply.reasons,
              detail: `Evolis printer ${this.uri} answered ${reply.text} to ${mnemonic} before a card was picked.`,
              card: 'feeder',
            };
          }
          const card = await this.#rejectCard(link, commandTimeoutMs);
          return {
            outcome: 'spoiled',
            reasons: reply.reasons,
            detail: `Evolis printer ${this.uri} answered ${reply.text} to ${mnemonic} after the card was picked; ${CARD_PLACE_WORDS[card]}.`,
            card,
          };
        }
        if (isStart) progress.picked = true;
        if (isStart && atContactless) {
          const stopped = await this.#atContactlessStation(link, atContactless, signal, commandTimeoutMs);
          if (stopped) return stopped;
        }
      }
      return { outcome: 'printed', reasons: [] };
    } catch (error) {
      if (error instanceof TransportError && error.code === 'aborted' && progress.picked) {
        const card = await this.#rejectCard(link, commandTimeoutMs);
        return { outcome: 'spoiled', reasons: ['other'], detail: `Job on ${this.uri} was cancelled after the card was picked; ${CARD_PLACE_WORDS[card]}.`, card };
      }
      throw error;
    }
  }

  /**
   * End a card's sequence after an error (or a cancel) once it was picked: host-managed mode
   * (§2.6) leaves the card to us, and `Ser` (§2.5) ejects it into the reject box, apart from good
   * cards. `Se` is not sent: it would print what remains and eject the card as good. Then `Rlr;p`
   * (§2.2) says whether the card really left.
   */
  async #rejectCard(link: SessionLink, timeoutMs: number): Promise<CardPlace> {
    try {
      const ejected = await this.#transact(link, evolisCommand('Ser'), { timeoutMs });
      if (this.#unsupported.has('Rlr;p')) return ejected?.kind === 'ok' ? 'reject-box' : 'unknown';
      const presence = await this.#transact(link, evolisCommand('Rlr', 'p'), { timeoutMs });
      if (!presence) return 'unknown';
      if (presence.kind === 'error' && isUnknownCommand(presence)) {
        this.#markUnsupported('Rlr;p');
        return ejected?.kind === 'ok' ? 'reject-box' : 'unknown';
      }
      const text = presence.kind === 'garbled' ? '' : presence.text;
      if (presence.kind === 'ok' || /^NO CARD$/i.test(text)) return 'reject-box';
      if (/CARD|JAM/i.test(text)) return 'inside';
      return 'unknown';
    } catch (error) {
      this.#log.warn({ printer: this.uri, error: oneLine(error) }, 'could not eject the card after an error');
      return 'unknown';
    }
  }

  /**
   * §2.5 `Sic`: the picked card goes to the contactless station, the step runs, and the card goes on
   * to be printed (the next `Sr` brings it to the head) or to the reject box. Returns a result when
   * the card is not to be printed.
   */
  async #atContactlessStation(link: SessionLink, step: EvolisContactlessStep, signal: AbortSignal, timeoutMs: number): Promise<PrintResult | undefined> {
    const reply = await this.#transact(link, evolisCommand('Sic'), { timeoutMs, signal });
    const reject = async (detail: string, reasons: readonly string[]): Promise<PrintResult> => {
      const card = await this.#rejectCard(link, timeoutMs);
      return { outcome: 'spoiled', reasons, detail, card };
    };
    if (reply?.kind === 'error') return reject(`Evolis printer ${this.uri} answered ${reply.text} to Sic; the card went to the reject box.`, reply.reasons);
    let verdict: 'print' | 'reject';
    try {
      verdict = await step(signal);
    } catch (error) {
      if (signal.aborted) throw new TransportError('aborted', this.#session.description, `Job on ${this.uri} was cancelled.`);
      const why = error instanceof Error ? error.message : String(error);
      return reject(`The contactless step failed on ${this.uri} (${why}); the card went to the reject box unprinted.`, ['other']);
    }
    if (verdict === 'reject') return reject(`The card was rejected at the contactless station of ${this.uri}; it went to the reject box unprinted.`, ['other']);
    return undefined;
  }

  /** Card, ribbon and feeder checks before `Ss` (§4.1 host-managed variant); a result means "stop, nothing picked". */
  async #preflight(link: SessionLink, timeoutMs: number, signal: AbortSignal): Promise<PrintResult | undefined> {
    const checks = [evolisCommand('Rlr', 'p'), evolisCommand('Rcr'), evolisCommand('Sk', 'f')];
    for (const frame of checks) {
      const mnemonic = evolisMnemonic(frame);
      const reply = await this.#ask(link, frame, { timeoutMs, signal });
      if (!reply) continue;
      if (reply.kind === 'error') {
        return { outcome: 'not-consumed', reasons: reply.reasons, detail: `Evolis printer ${this.uri} answered ${reply.text} to ${mnemonic}; no card was picked.`, card: 'feeder' };
      }
      if (mnemonic === 'Rlr;p' && reply.kind === 'value' && /CARD/i.test(reply.text) && !/^NO CARD$/i.test(reply.text)) {
        return { outcome: 'not-consumed', reasons: ['media-jam'], detail: `Evolis printer ${this.uri} reports a card already inside (${reply.text}); remove it or reset the printer.` };
      }
      if (mnemonic === 'Sk;f' && reply.kind === 'value' && reply.text.trim() !== '0') {
        return { outcome: 'not-consumed', reasons: ['media-empty'], detail: `Evolis printer ${this.uri} reports an empty feeder (Sk;f = ${reply.text}); no card was picked.`, card: 'feeder' };
      }
    }
    return undefined;
  }

  #outcomeForFailure(error: unknown, progress: JobProgress): PrintResult {
    const code = error instanceof TransportError || error instanceof EvolisError ? error.code : 'unexpected';
    const where = `Evolis printer ${this.uri}`;
    if (error instanceof TransportError && error.code === 'aborted' && !progress.startSent) {
      return { outcome: 'not-consumed', reasons: ['other'], detail: `Job on ${this.uri} was cancelled before a card was picked.`, card: 'feeder' };
    }
    if (!progress.startSent) {
      const reasons = error instanceof EvolisError ? ['other'] : ['offline'];
      return { outcome: 'not-consumed', reasons, detail: `${where}: ${code} before a card was picked (${oneLine(error)}).`, card: 'feeder' };
    }
    return {
      outcome: 'unknown',
      reasons: error instanceof EvolisError ? ['other'] : ['offline'],
      detail: `${where}: ${code} after the print sequence started; check the printer for a card (${oneLine(error)}).`,
      card: 'unknown',
    };
  }

  async #readStatus(link: SessionLink, timeoutMs: number): Promise<PrinterStatus> {
    const reasons: string[] = [];
    const addReasons = (reply: EvolisReply | undefined): void => {
      if (reply?.kind === 'error') for (const r of reply.reasons) if (!reasons.includes(r)) reasons.push(r);
    };
    const ask = (name: string, ...params: string[]): Promise<EvolisReply | undefined> => this.#ask(link, evolisCommand(name, ...params), { timeoutMs });

    const presence = await ask('Rlr', 'p');
    addReasons(presence);
    addReasons(await ask('Rcr'));

    let remaining: number | undefined;
    let capacity: number | undefined;
    const count = await ask('Rrt', 'count');
    if (count?.kind === 'error') {
      addReasons(count);
    } else {
      remaining = count ? parseEvolisCount(count) : undefined;
      if (remaining === undefined) remaining = parseMaybe(await ask('Rco', 'l'));
      else capacity = parseMaybe(await ask('Rrt', 'qty'));
    }
    if (remaining !== undefined && remaining <= 0 && !reasons.includes('marker-supply-empty')) reasons.push('marker-supply-empty');
    else if (remaining !== undefined && remaining <= this.#ribbonLowImages) reasons.push('marker-supply-low');

    const feeder = await ask('Sk', 'f');
    let feederCards: number | undefined;
    if (feeder?.kind === 'value') {
      if (feeder.text.trim() !== '0') {
        reasons.push('media-empty');
        feederCards = 0;
      }
    } else addReasons(feeder);
    const warn = await ask('Sk', 'w');
    if (warn?.kind === 'value' && warn.text.trim() !== '0' && !reasons.includes('media-empty')) reasons.push('media-low');
    const cleaning = await ask('Rlr', 'r');
    if (cleaning?.kind === 'error') addReasons(cleaning);

    const counters: Record<string, number> = {};
    const cards = parseMaybe(await ask('Rco', 'c'));
    const panels = parseMaybe(await ask('Rco', 'p'));
    if (cards !== undefined) counters.cardsInserted = cards;
    if (panels !== undefined) counters.panelsPrinted = panels;

    const ribbon: ConsumableLevel = {
      kind: 'ribbon',
      name: 'ribbon',
      ...(remaining !== undefined ? { remainingImages: remaining } : {}),
      ...(capacity !== undefined ? { capacityImages: capacity } : {}),
      ...(remaining !== undefined && capacity ? { percent: Math.round((100 * remaining) / capacity) } : {}),
    };
    const stopped = reasons.some((r) => (EVOLIS_STOPPING_REASONS as readonly string[]).includes(r));
    return {
      state: stopped ? 'stopped' : 'idle',
      reasons,
      levels: [ribbon],
      counters,
      ...(feederCards !== undefined ? { feederCards } : {}),
    };
  }

  /**
   * An optional query (`OPTIONAL_COMMANDS`): `undefined` when this printer does not have it, found
   * out from its first `ERROR CDE` and remembered, so a model without the sensor can still print.
   */
  async #ask(link: SessionLink, frame: Buffer, options: { timeoutMs: number; signal?: AbortSignal }): Promise<EvolisReply | undefined> {
    const mnemonic = evolisMnemonic(frame);
    if (this.#unsupported.has(mnemonic)) return undefined;
    const reply = await this.#transact(link, frame, options);
    if (reply?.kind === 'error' && isUnknownCommand(reply) && OPTIONAL_COMMANDS.has(mnemonic)) {
      this.#markUnsupported(mnemonic);
      return undefined;
    }
    return reply;
  }

  #markUnsupported(mnemonic: string): void {
    if (this.#unsupported.has(mnemonic)) return;
    this.#unsupported.add(mnemonic);
    this.#log.warn({ printer: this.uri, command: mnemonic }, 'printer does not know this optional command; carrying on without it');
  }

  async #query(link: SessionLink, frame: Buffer, timeoutMs: number): Promise<EvolisReply> {
    const reply = await this.#transact(link, frame, { timeoutMs });
    return reply ?? { kind: 'value', text: '' };
  }

  async #expectOk(link: SessionLink, frame: Buffer, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const reply = await this.#transact(link, frame, { timeoutMs, ...(signal ? { signal } : {}) });
    if (reply?.kind === 'error') {
      const mnemonic = evolisMnemonic(frame);
      throw new EvolisError('printer-error', mnemonic, `Evolis printer ${this.uri} answered ${reply.text} to ${mnemonic}.`, reply.reasons);
    }
  }

  /**
   * One command, one reply (§1.4, §8). Replies still owed to earlier commands are settled first,
   * so a late reply is never taken for this one. `tolerateSilence` resolves `undefined` when no byte
   * came in time (the reply is then owed); otherwise silence rejects with a `timeout`, after which
   * the link is settled at once so the next command starts in step (or on a fresh link).
   */
  async #transact(link: SessionLink, frame: Buffer, options: { timeoutMs: number; tolerateSilence?: boolean; signal?: AbortSignal }): Promise<EvolisReply | undefined> {
    const mnemonic = evolisMnemonic(frame);
    const io = options.signal ? { signal: options.signal } : {};
    if (this.#owed.length > 0) await this.#settle(link, options.signal);
    this.#frames = [];
    this.#framer.reset();
    // A panel can be 500 KB: on a slow serial line that takes minutes, which is not a hang.
    await link.write(frame, { ...io, timeoutMs: this.#commandTimeoutMs + Math.ceil((frame.length * 1000) / this.#linkBytesPerSecond) });
    let got: EvolisFrame | undefined;
    try {
      got = await this.#readFrame(link, options.timeoutMs, options.signal);
    } catch (error) {
      this.#owed.push(mnemonic);
      if (!(error instanceof EvolisError)) throw error;
      await this.#settle(link).catch(() => undefined);
      throw new EvolisError(error.code, mnemonic, `${error.message.replace(/\.$/, '')} (reply to ${mnemonic}).`);
    }
    if (!got) {
      this.#owed.push(mnemonic);
      this.#log.debug({ command: mnemonic, bytesSent: frame.length, reply: 'none' }, 'evolis command');
      if (options.tolerateSilence) return undefined;
      // Find out now whether the printer is still there, so a stalled link is reopened at once.
      await this.#settle(link).catch(() => undefined);
      throw new TransportError('timeout', this.#session.description, `No reply from ${this.#session.description} to ${mnemonic} within ${options.timeoutMs} ms.`);
    }
    const reply = parseEvolisReply(got.bytes);
    this.#log.debug({ command: mnemonic, bytesSent: frame.length, reply: describeReply(reply, got) }, 'evolis command');
    if (reply.kind === 'garbled' || got.overflow) {
      const recovered = await this.#settle(link).then(
        () => true,
        () => false,
      );
      this.#log.warn({ command: mnemonic, recovered }, 'garbled reply; resynchronised the link');
      throw new EvolisError(
        recovered ? 'resynchronised' : 'out-of-sync',
        mnemonic,
        recovered
          ? `Evolis printer ${this.uri} sent a garbled reply to ${mnemonic}; the link was resynchronised, so retry the command.`
          : `Evolis printer ${this.uri} sent a garbled reply to ${mnemonic} and did not answer a probe after it; the link will be reopened. Check the cable and line settings.`,
      );
    }
    return reply;
  }

  /**
   * The next complete frame: one that ended in its `00` (§1.4). `undefined` when nothing came
   * within `timeoutMs`; `EvolisError('incomplete-reply')` when a reply started and then stopped
   * for `replyGapMs` without its `00`, whatever its bytes were (half an `OK` is not an `OK`).
   */
  async #readFrame(link: SessionLink, timeoutMs: number, signal?: AbortSignal): Promise<EvolisFrame | undefined> {
    const io = signal ? { signal } : {};
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const ready = this.#frames.shift();
      if (ready) return ready;
      const partial = this.#framer.hasPartial;
      if (partial && this.#framer.pendingBytes >= this.#framer.maxFrameBytes && performance.now() > deadline) {
        this.#framer.reset();
        throw new EvolisError('incomplete-reply', '', `Evolis printer ${this.uri} sent more than ${this.#framer.maxFrameBytes} bytes without ending a reply; the command's outcome is not known.`);
      }
      const waitMs = partial ? this.#replyGapMs : Math.max(1, deadline - performance.now());
      const chunk = await link.tryRead(waitMs, io);
      if (!chunk) {
        if (!partial) return undefined;
        const held = this.#framer.pendingBytes;
        this.#framer.reset();
        throw new EvolisError('incomplete-reply', '', `Evolis printer ${this.uri} sent ${held} byte(s) of a reply and then nothing for ${this.#replyGapMs} ms; the reply is incomplete, so the command's outcome is not known.`);
      }
      this.#frames.push(...this.#framer.push(chunk));
    }
  }

  /**
   * Bring the link back in step (§8 resynchronisation): drain what is on the line, then send an
   * identity query twice (`PROBES`, one not owed) and read up to two equal text answers. Every
   * complete reply before them belongs, in order, to the commands still owed; they are returned
   * (oldest first) so a caller can act on a late error. If the probes are not answered, the link
   * is given up and reopened by the session on next use, and this rejects with `out-of-sync`.
   */
  async #settle(link: SessionLink, signal?: AbortSignal): Promise<EvolisReply[]> {
    const owed = [...this.#owed];
    const late: EvolisReply[] = [];
    const take = (): void => {
      for (const frame of this.#frames.splice(0)) late.push(parseEvolisReply(frame.bytes));
    };
    const io = signal ? { signal } : {};
    const fail = (why: string): EvolisError => {
      this.#owed = [];
      this.#frames = [];
      this.#framer.reset();
      link.abandon(why);
      this.#log.warn({ printer: this.uri, owed, why }, 'link out of step; it will be reopened');
      return new EvolisError('out-of-sync', owed[0] ?? '', `Evolis printer ${this.uri} is out of step (${why}); the link will be reopened.`);
    };
    take();
    const quietMs = Math.min(this.#replyGapMs, 100);
    let drained = 0;
    for (;;) {
      const chunk = await link.tryRead(quietMs, io);
      if (!chunk) break;
      drained += chunk.length;
      if (drained > DRAIN_LIMIT_BYTES) throw fail(`more than ${DRAIN_LIMIT_BYTES} bytes of junk`);
      this.#frames.push(...this.#framer.push(chunk));
      take();
    }
    // A partial frame left after the line went quiet is junk: probes start on a clean frame.
    this.#framer.reset();
    const probe = PROBES.find((p) => !owed.includes(p)) ?? 'Rsn';
    const probeFrame = evolisCommand(probe);
    try {
      await link.write(probeFrame, io);
      await link.write(probeFrame, io);
    } catch (error) {
      if (error instanceof TransportError && error.code === 'aborted') throw error;
      throw fail(`probe could not be sent: ${oneLine(error)}`);
    }
    const deadline = performance.now() + this.#commandTimeoutMs;
    let previous: string | undefined;
    for (;;) {
      let got: EvolisFrame | undefined;
      try {
        got = await this.#readFrame(link, Math.max(1, deadline - performance.now()), signal);
      } catch (error) {
        if (error instanceof TransportError && error.code === 'aborted') throw error;
        throw fail(oneLine(error));
      }
      if (!got) throw fail(`no answer to ${probe} within ${this.#commandTimeoutMs} ms`);
      const reply = parseEvolisReply(got.bytes);
      const text = isProbeAnswer(reply) ? reply.text : undefined;
      if (text !== undefined && text === previous) break;
      if (previous !== undefined) late.push({ kind: 'value', text: previous });
      if (text !== undefined) previous = text;
      else {
        previous = undefined;
        late.push(reply);
      }
    }
    this.#owed = [];
    this.#frames = [];
    this.#framer.reset();
    if (owed.length > 0 || late.length > 0) {
      this.#log.warn({ printer: this.uri, owed, late: late.map((r) => describeReply(r)) }, 'late replies matched to their commands');
    }
    return late.slice(0, owed.length);
  }
}

/** Where a card is, for the detail sentence of a failed job. */
const CARD_PLACE_WORDS: Readonly<Record<CardPlace, string>> = {
  feeder: 'the card is still in the feeder',
  output: 'the card is in the output hopper',
  'reject-box': 'the card went to the reject box',
  inside: 'the card is still inside the printer; open it and take the card out',
  unknown: 'check the printer for the card',
};

function isUnknownCommand(reply: EvolisReply): boolean {
  return reply.kind === 'error' && /^ERROR CDE\b/i.test(reply.text);
}

/** An answer to an identity probe: free text, never `OK`, an error, a bare number or a card-presence word. */
function isProbeAnswer(reply: EvolisReply): reply is { kind: 'value'; text: string } {
  return reply.kind === 'value' && !/^\d+$/.test(reply.text.trim()) && !/CARD/i.test(reply.text);
}

function describeReply(reply: EvolisReply, frame?: EvolisFrame): string {
  if (reply.kind === 'garbled') return `garbled (${frame?.bytes.length ?? reply.byteCount} bytes)`;
  if (reply.kind === 'value') return `value (${reply.text.length} chars)`;
  return reply.text;
}

function fullVarnish(): MonoPlane {
  const plane = makeMonoPlane();
  plane.data.fill(1);
  return plane;
}

function textOr(reply: EvolisReply, fallback: string): string {
  return reply.kind === 'value' || reply.kind === 'ok' ? reply.text : fallback;
}

function parseMaybe(reply: EvolisReply | undefined): number | undefined {
  return reply ? parseEvolisCount(reply) : undefined;
}

function oneLine(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
