/**
 * A virtual Evolis printer: state (feeder, ribbon, counters, cover, jam), the command set of
 * printer-protocols.md §2 that cetak uses, panel decoding (§3), realistic print time, fault
 * injection and a record of every card. Replies are the value, `OK` or an error string of §2.13,
 * each terminated by `00` (§1.4 recommended emulator). It is a peer, not a mock: it imports
 * nothing from hardware/evolis/ (style.md house rule 7).
 */
import { createHash } from 'node:crypto';
import { EmulatorParser } from './emulator-parser.js';
import type { EmulatorCommand } from './emulator-parser.js';
import { EmulatorDecodeError, emulatorDecodePanel, EMULATOR_LINES, EMULATOR_LINE_PIXELS } from './emulator-decode.js';

export const EMULATOR_PANELS = ['y', 'm', 'c', 'k', 'o'] as const;
export type EmulatorPanelLetter = (typeof EMULATOR_PANELS)[number];

export const EMULATOR_FAULT_KINDS = ['feeder-empty', 'ribbon-out', 'cover-open', 'jam-after-pick', 'garbage-replies', 'drop-mid-job', 'slow-replies'] as const;
export type EmulatorFaultKind = (typeof EMULATOR_FAULT_KINDS)[number];

/**
 * - `feeder-empty`, `ribbon-out`, `cover-open`: set the state (persist until reloaded/closed).
 * - `jam-after-pick`: the next picked card jams during `Se` (one-shot).
 * - `garbage-replies`: the next `count` (default 1) replies are replaced by binary junk.
 * - `drop-mid-job`: the connection is cut at the next panel download after a pick (one-shot).
 * - `slow-replies`: every reply is delayed by `delayMs` until `clearFaults()`.
 */
export type EmulatorFault =
  | { readonly kind: 'feeder-empty' }
  | { readonly kind: 'ribbon-out' }
  | { readonly kind: 'cover-open' }
  | { readonly kind: 'jam-after-pick' }
  | { readonly kind: 'garbage-replies'; readonly count?: number }
  | { readonly kind: 'drop-mid-job' }
  | { readonly kind: 'slow-replies'; readonly delayMs: number };

/**
 * A scripted answer, for stand-in printers that misbehave at the edges of the protocol (tests and
 * fault drills). The command still acts on the printer's state; only its answer is changed.
 */
export interface EmulatorReplyScript {
  /** Which commands: a name (`Dbc` matches every `Dbc`) or name and parameters (`Sk;f`). */
  readonly command: string;
  /** Real milliseconds the printer stays busy before answering (later commands wait too). */
  readonly delayMs?: number;
  /** Answer text instead of the printer's own (e.g. `ERROR CDE`, `ERROR RIBBON`). */
  readonly reply?: string;
  /** Send only the first `truncateTo` bytes of the answer, without its terminating `00`. */
  readonly truncateTo?: number;
  /** Send the answer (with its `00`) a few bytes at a time: `dripBytes` per piece, `dripGapMs` apart. */
  readonly dripBytes?: number;
  readonly dripGapMs?: number;
  /** Answer with binary junk instead. */
  readonly garbage?: boolean;
  /** From this command on the connection answers nothing (a stalled link); new connections are served. */
  readonly stall?: boolean;
  /** How many matching commands the script applies to. Default: every one until `clearFaults()`. */
  readonly times?: number;
}

export interface EmulatorPanelRecord {
  readonly levels: number;
  readonly width: number;
  readonly height: number;
  /** SHA-256 (hex) of the decoded landscape plane of level values. */
  readonly sha256: string;
  /** Decoded landscape plane (values 0 … levels-1; 0/1 for K/O); dropped for older cards. */
  data?: Uint8Array;
}

export type EmulatorSideRecord = Partial<Record<EmulatorPanelLetter, EmulatorPanelRecord>>;

export const EMULATOR_CARD_OUTCOMES = ['printed', 'jammed', 'rejected'] as const;
export type EmulatorCardOutcome = (typeof EMULATOR_CARD_OUTCOMES)[number];

export interface EmulatorCardRecord {
  /** 1-based, in pick order. */
  readonly index: number;
  readonly outcome: EmulatorCardOutcome;
  readonly ribbon: string;
  readonly front: EmulatorSideRecord;
  readonly back?: EmulatorSideRecord;
  /** SHA-256 over every panel hash of both sides, in y m c k o order: identifies the job's image. */
  readonly sha256: string;
}

/** Where the card inside is. `station`: the contactless encoding station (`Sic`, §2.5). */
export const EMULATOR_CARD_POSITIONS = ['none', 'print', 'station'] as const;
export type EmulatorCardPosition = (typeof EMULATOR_CARD_POSITIONS)[number];

/**
 * The printer's contactless station: told when a card arrives (so a virtual chip can be put in
 * the field of its reader) and when it leaves. `Sic` answers only after `cardArrived` settles.
 */
export interface EmulatorContactlessStation {
  cardArrived(cardNumber: number): void | Promise<void>;
  cardLeft(cardNumber: number): void | Promise<void>;
}

export interface EmulatorPrinterOptions {
  /** A contactless station (`Sic`); without one `Sic` answers `OPT NOT AVAILABLE`. */
  readonly contactlessStation?: EmulatorContactlessStation;
  readonly model?: string;
  readonly serial?: string;
  readonly firmware?: string;
  /** Blanks in the feeder. Default 100. */
  readonly cards?: number;
  /** Ribbon images left / capacity. Default 500 / 500. */
  readonly ribbonImages?: number;
  readonly ribbonCapacity?: number;
  /** Told about every card as it leaves the printer (tests and `cetak emulator --record`). */
  readonly onCard?: (card: EmulatorCardRecord) => void;
  /** Time to print one card at speed-up 1. Default 24 000 ms (150 cards per hour). */
  readonly msPerCard?: number;
  /** Divides every simulated duration. Default 1. */
  readonly speedup?: number;
  /** Cards between cleanings before `Rlr;r` says `ERR NEED CLEANING`. Default 1000. */
  readonly cleaningIntervalCards?: number;
  /** Cards at or below which `Sk;w` warns. Default 10. */
  readonly feederLowCards?: number;
  /** How many most recent cards keep decoded pixels (older keep hashes only). Default 8. */
  readonly retainPixelsCards?: number;
  /** Answer the newer `Rrt` ribbon queries (§2.4 [L]); false plays a 2003-era firmware (`ERROR CDE`). Default true. */
  readonly answersRibbonQueries?: boolean;
  /** Send no reply to `Db`/`Dbc` (whether printers answer them is undocumented, §8). Default false. */
  readonly silentDownloads?: boolean;
}

/** Where a connection's replies go; `drop()` cuts the link (socket destroy, transport disconnect). */
export interface EmulatorLink {
  send(bytes: Uint8Array): void;
  drop(): void;
}

/** One host connection: feed it the bytes received; call `end()` when the link goes away. */
export interface EmulatorConnection {
  feed(bytes: Uint8Array): void;
  end(): void;
  /** Resolves when every command received so far has been answered. */
  idle(): Promise<void>;
}

const RIBBON_TYPES = ['ymcko', 'ymckos', 'ymckok', 'ko', 'kb', 'k', 'kw', 'kr', 'kbl', 'kgr', 'kgo', 'ksi', 'ksc', 'h', 'ho', 'Ktc', 'Ktp', 'Ka'] as const;
const ACCEPTED_SETTINGS = new Set(['Pmi', 'Pc', 'Pdt', 'Ppws', 'Mr', 'Pl', 'Ps', 'Pwr', 'Prm', 'Pfm', 'Piem']);
const GARBAGE = Uint8Array.from([0xff, 0x8a, 0x13, 0x00, 0xfe, 0x9c, 0x41, 0x07, 0x00, 0xc3, 0x1b, 0x0d, 0xf0, 0x00, 0x80, 0x99]);

type Side = 'front' | 'back';

interface SideBuffers {
  front: EmulatorSideRecord;
  back: EmulatorSideRecord;
}

/** The virtual printer; shared by all its connections, as the mechanism is. */
export class EmulatorPrinter {
  readonly model: string;
  readonly serial: string;
  readonly firmware: string;
  /** Every card picked and finished, oldest first. */
  readonly cards: EmulatorCardRecord[] = [];
  /** Mnemonics of the last commands received (no payloads), newest last; at most 500. */
  readonly commandLog: string[] = [];
  feederCards: number;
  ribbonImages: number;
  ribbonCapacity: number;
  coverOpen = false;
  jammed = false;
  cardInside = false;
  /** Where the card inside is; 'none' when there is none. */
  cardPosition: EmulatorCardPosition = 'none';
  /** Cards that visited the contactless station. */
  contactlessVisits = 0;
  cardsInserted = 0;
  panelsPrinted = 0;
  cleanings = 0;
  cardsSinceCleaning = 0;
  pem = 0;
  ribbonType = 'ymcko';
  msPerCard: number;
  speedup: number;
  readonly #cleaningIntervalCards: number;
  readonly #feederLowCards: number;
  readonly #retainPixelsCards: number;
  #mechanism: Promise<void> = Promise.resolve();
  #sequenceStartedMs = 0;
  readonly #onCard: ((card: EmulatorCardRecord) => void) | undefined;
  readonly #answersRibbonQueries: boolean;
  readonly #silentDownloads: boolean;
  readonly #contactless: EmulatorContactlessStation | undefined;
  #inSequence = false;
  #side: Side = 'front';
  #buffers: SideBuffers = { front: {}, back: {} };
  #jamArmed = false;
  #dropArmed = false;
  #garbageLeft = 0;
  #replyDelayMs = 0;
  #printingCount = 0;
  #scripts: { script: EmulatorReplyScript; left: number }[] = [];

  constructor(options: EmulatorPrinterOptions = {}) {
    this.model = options.model ?? 'Evolis Primacy';
    this.serial = options.serial ?? 'EMU0000001';
    this.firmware = options.firmware ?? '1.0.0-emu';
    this.feederCards = options.cards ?? 100;
    this.ribbonImages = options.ribbonImages ?? 500;
    this.ribbonCapacity = options.ribbonCapacity ?? this.ribbonImages;
    this.msPerCard = options.msPerCard ?? 24_000;
    this.speedup = options.speedup ?? 1;
    if (!(this.speedup > 0)) throw new TypeError(`Emulator speedup must be positive, got ${this.speedup}.`);
    this.#cleaningIntervalCards = options.cleaningIntervalCards ?? 1000;
    this.#feederLowCards = options.feederLowCards ?? 10;
    this.#retainPixelsCards = options.retainPixelsCards ?? 8;
    this.#onCard = options.onCard;
    this.#answersRibbonQueries = options.answersRibbonQueries ?? true;
    this.#silentDownloads = options.silentDownloads ?? false;
    this.#contactless = options.contactlessStation;
  }

  /** True while a card is being printed (between `Se` and its reply). */
  get printing(): boolean {
    return this.#printingCount > 0;
  }

  inject(fault: EmulatorFault): void {
    switch (fault.kind) {
      case 'feeder-empty':
        this.feederCards = 0;
        break;
      case 'ribbon-out':
        this.ribbonImages = 0;
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

  /** Change how matching commands are answered (see `EmulatorReplyScript`); scripts apply in the order given. */
  script(...scripts: EmulatorReplyScript[]): void {
    for (const script of scripts) this.#scripts.push({ script, left: script.times ?? Number.POSITIVE_INFINITY });
  }

  /** Disarm one-shot and timing faults and scripts (state faults are undone by loading cards/ribbon or closing the cover). */
  clearFaults(): void {
    this.#scripts = [];
    this.#jamArmed = false;
    this.#dropArmed = false;
    this.#garbageLeft = 0;
    this.#replyDelayMs = 0;
  }

  loadCards(count: number): void {
    this.feederCards = count;
  }

  loadRibbon(images: number, capacity = images): void {
    this.ribbonImages = images;
    this.ribbonCapacity = capacity;
  }

  closeCover(): void {
    this.coverOpen = false;
  }

  /** Start serving one host link. */
  connect(link: EmulatorLink): EmulatorConnection {
    const parser = new EmulatorParser();
    const queue: EmulatorCommand[] = [];
    let ended = false;
    let stalled = false;
    let worker: Promise<void> = Promise.resolve();
    let running = false;
    const pump = async (): Promise<void> => {
      running = true;
      try {
        while (!ended && !stalled && queue.length > 0) {
          const command = queue.shift()!;
          // One mechanism, one command at a time, whichever connection it came from: a reset
          // sent on a second connection waits for the card being printed, as on a real printer.
          const script = this.#takeScript(command);
          const turn = this.#mechanism.then(async () => {
            const answer = await this.#execute(command, () => {
              ended = true;
              this.#linkLost();
              link.drop();
            });
            if (script?.delayMs) await this.#sleep(script.delayMs, false);
            return answer;
          });
          this.#mechanism = turn.then(
            () => undefined,
            () => undefined,
          );
          const answer = await turn;
          if (script?.stall) stalled = true;
          if (ended || stalled || answer === undefined) continue;
          const reply = script?.reply ?? answer;
          if (this.#replyDelayMs > 0) await this.#sleep(this.#replyDelayMs, false);
          if (ended) break;
          if (this.#garbageLeft > 0 || script?.garbage) {
            if (!script?.garbage) this.#garbageLeft -= 1;
            link.send(GARBAGE);
          } else if (script?.truncateTo !== undefined) {
            link.send(Buffer.from(reply, 'latin1').subarray(0, script.truncateTo));
          } else if (script?.dripBytes) {
            const bytes = Buffer.concat([Buffer.from(reply, 'latin1'), Buffer.of(0)]);
            for (let at = 0; at < bytes.length && !ended; at += script.dripBytes) {
              if (at > 0) await this.#sleep(script.dripGapMs ?? 300, false);
              link.send(bytes.subarray(at, at + script.dripBytes));
            }
          } else {
            link.send(Buffer.concat([Buffer.from(reply, 'latin1'), Buffer.of(0)]));
          }
        }
      } finally {
        running = false;
      }
    };
    return {
      feed: (bytes) => {
        if (ended || stalled) return;
        queue.push(...parser.push(bytes));
        if (!running && queue.length > 0) worker = pump();
      },
      end: () => {
        if (ended) return;
        ended = true;
        queue.length = 0;
        this.#linkLost();
      },
      idle: async () => {
        while (running) await worker;
      },
    };
  }

  #takeScript(command: EmulatorCommand): EmulatorReplyScript | undefined {
    const full = [command.name, ...command.params].join(';');
    const entry = this.#scripts.find((e) => e.left > 0 && (e.script.command === command.name || e.script.command === full));
    if (!entry) return undefined;
    entry.left -= 1;
    return entry.script;
  }

  #linkLost(): void {
    // The card stays where it is, as in a real printer whose host vanished mid-job.
    this.#inSequence = false;
  }

  async #sleep(ms: number, scaled = true): Promise<void> {
    const real = scaled ? ms / this.speedup : ms;
    if (real <= 0) return;
    await new Promise<void>((resolve) => setTimeout(resolve, real));
  }

  #log(command: EmulatorCommand): void {
    this.commandLog.push(command.payload ? `${command.text} <${command.payload.length} bytes>` : command.text);
    if (this.commandLog.length > 500) this.commandLog.splice(0, this.commandLog.length - 500);
  }

  #lastAnswer = 'OK';

  async #execute(command: EmulatorCommand, drop: () => void): Promise<string | undefined> {
    this.#log(command);
    const reply = await this.#answer(command, drop);
    if (reply !== undefined && !(command.name === 'Rlr' && command.params.length === 0)) this.#lastAnswer = reply;
    return reply;
  }

  async #answer(command: EmulatorCommand, drop: () => void): Promise<string | undefined> {
    const [p0 = '', p1 = ''] = command.params;
    switch (command.name) {
      case 'Rtp':
        return this.model;
      case 'Rsn':
        return this.serial;
      case 'Rfv':
        return this.firmware;
      case 'Rkn':
        return '120000001';
      case 'Rok':
        return 'OK';
      case 'Rlr':
        if (p0 === '') return this.#lastAnswer;
        if (p0 === 'p') return this.coverOpen ? 'COVER OPEN' : this.jammed ? 'CARD JAM' : this.cardInside ? 'CARD' : 'OK';
        if (p0 === 'r') return this.cardsSinceCleaning >= this.#cleaningIntervalCards ? 'ERR NEED CLEANING' : 'OK';
        return 'ERROR PARAMETRES';
      case 'Rcr':
        return this.coverOpen ? 'COVER OPEN' : this.ribbonImages <= 0 ? 'ERROR RIBBON' : 'OK';
      case 'Rrt':
        if (!this.#answersRibbonQueries) return 'ERROR CDE';
        if (this.ribbonCapacity <= 0) return 'ERR RIB DETECTION';
        if (p0 === 'count') return String(Math.max(0, this.ribbonImages));
        if (p0 === 'qty') return String(this.ribbonCapacity);
        if (p0 === 'zone') return 'EU';
        return 'ERROR PARAMETRES';
      case 'Rco':
        switch (p0) {
          case 'c':
            return String(this.cardsInserted);
          case 'p':
            return String(this.panelsPrinted);
          case 'l':
            return String(Math.max(0, this.ribbonImages));
          case 'n':
            return String(this.cleanings);
          case 'r':
            return String(Math.max(0, this.#cleaningIntervalCards - this.cardsSinceCleaning));
          default:
            return 'ERROR PARAMETRES';
        }
      case 'Sk':
        if (p0 === 'f') return this.feederCards <= 0 ? '1' : '0';
        if (p0 === 'w') return this.feederCards <= this.#feederLowCards ? '1' : '0';
        if (p0 === 's') return 'OK';
        return 'ERROR PARAMETRES';
      case 'Pem': {
        const mode = Number(p0);
        if (!Number.isInteger(mode)) return 'ERROR PARAMETRES';
        this.pem = mode;
        return 'OK';
      }
      case 'Rem':
        return `${this.pem};0`;
      case 'Pr':
        if (!(RIBBON_TYPES as readonly string[]).includes(p0)) return 'ERROR PARAMETRES';
        this.ribbonType = p0;
        return 'OK';
      case 'Rr':
        return this.ribbonType;
      case 'Psc':
        return 'OK';
      case 'Rsc':
        return '27;59;13';
      case 'Ss':
        return this.#startSequence();
      case 'Sic':
        return this.#toContactlessStation();
      case 'Sr':
      case 'Sv':
        if (this.coverOpen) return 'COVER OPEN';
        this.#side = command.name === 'Sr' ? 'front' : 'back';
        await this.#leaveStation();
        return 'OK';
      case 'Db':
      case 'Dbc': {
        const reply = this.#download(command, p0, p1, drop);
        return this.#silentDownloads && reply === 'OK' ? undefined : reply;
      }
      case 'Se':
        return this.#endSequence();
      case 'Ser':
        // A jammed card cannot be moved; it stays where it stuck.
        if (this.jammed) return 'CARD JAM';
        await this.#leaveStation();
        if (this.cardInside) this.#finishCard('rejected');
        return 'OK';
      case 'Srs':
        await this.#sleep(2_000);
        // A jammed card was recorded when it jammed; anything else inside goes to the reject box.
        await this.#leaveStation();
        if (this.cardInside && !this.jammed) this.#finishCard('rejected');
        this.cardInside = false;
        this.cardPosition = 'none';
        this.#inSequence = false;
        this.jammed = false;
        this.pem = 0;
        return 'OK';
      case 'Scp':
        if (this.coverOpen) return 'COVER OPEN';
        await this.#sleep(this.msPerCard * 1.5);
        this.cleanings += 1;
        this.cardsSinceCleaning = 0;
        return 'OK';
      default:
        if (ACCEPTED_SETTINGS.has(command.name)) return 'OK';
        return 'ERROR CDE';
    }
  }

  /** §2.5 `Sic`: the card inside (or, outside a sequence, a new one from the feeder) to the station. */
  async #toContactlessStation(): Promise<string> {
    if (this.#contactless === undefined) return 'OPT NOT AVAILABLE';
    if (this.coverOpen) return 'COVER OPEN';
    if (this.jammed) return 'CARD JAM';
    if (!this.cardInside) {
      const started = this.#startSequence();
      if (started !== 'OK') return started;
    }
    if (this.cardPosition === 'station') return 'OK';
    this.cardPosition = 'station';
    this.contactlessVisits += 1;
    await this.#contactless.cardArrived(this.cardsInserted);
    return 'OK';
  }

  async #leaveStation(): Promise<void> {
    if (this.cardPosition !== 'station') return;
    this.cardPosition = this.cardInside ? 'print' : 'none';
    await this.#contactless?.cardLeft(this.cardsInserted);
  }

  #startSequence(): string {
    if (this.coverOpen) return 'COVER OPEN';
    if (this.jammed) return 'CARD JAM';
    if (this.cardInside) return 'ERR CARD';
    if (this.ribbonImages <= 0) return 'ERROR RIBBON';
    if (this.feederCards <= 0) return 'FEEDER EMPTY';
    this.feederCards -= 1;
    this.cardsInserted += 1;
    this.cardInside = true;
    this.cardPosition = 'print';
    this.#sequenceStartedMs = performance.now();
    this.#inSequence = true;
    this.#side = 'front';
    this.#buffers = { front: {}, back: {} };
    return 'OK';
  }

  #download(command: EmulatorCommand, panel: string, levelsText: string, drop: () => void): string | undefined {
    if (this.#dropArmed && this.#inSequence) {
      this.#dropArmed = false;
      drop();
      return undefined;
    }
    if (this.coverOpen) return 'COVER OPEN';
    if (this.jammed) return 'CARD JAM';
    if (!(EMULATOR_PANELS as readonly string[]).includes(panel) || !command.payload) return 'ERROR PARAMETRES';
    const levels = Number(levelsText);
    try {
      const data = emulatorDecodePanel(panel, levels, command.payload, command.name === 'Dbc');
      this.#buffers[this.#side][panel as EmulatorPanelLetter] = {
        levels,
        width: EMULATOR_LINES,
        height: EMULATOR_LINE_PIXELS,
        sha256: createHash('sha256').update(data).digest('hex'),
        data,
      };
      return 'OK';
    } catch (error) {
      if (error instanceof EmulatorDecodeError) return 'ERROR PARAMETRES';
      throw error;
    }
  }

  async #endSequence(): Promise<string> {
    if (!this.#inSequence) return 'OK';
    if (this.coverOpen) return 'COVER OPEN';
    await this.#leaveStation();
    this.#printingCount += 1;
    try {
      if (this.#jamArmed) {
        this.#jamArmed = false;
        await this.#sleep(this.msPerCard / 2);
        this.jammed = true;
        this.#inSequence = false;
        this.#record('jammed');
        return 'CARD JAM';
      }
      // Downloading panel n+1 starts printing panel n (printer-protocols.md §3.5): the card's
      // printing time runs from the start of the sequence, overlapping the downloads.
      const elapsedMs = (performance.now() - this.#sequenceStartedMs) * this.speedup;
      await this.#sleep(Math.max(0, this.msPerCard - elapsedMs));
      if (this.ribbonImages <= 0) {
        this.#finishCard('rejected');
        return 'ERROR RIBBON';
      }
      this.ribbonImages -= 1;
      this.panelsPrinted += countPanels(this.#buffers.front) + countPanels(this.#buffers.back);
      this.cardsSinceCleaning += 1;
      this.#finishCard('printed');
      return 'OK';
    } finally {
      this.#printingCount -= 1;
    }
  }

  #finishCard(outcome: EmulatorCardOutcome): void {
    this.#record(outcome);
    this.cardInside = false;
    this.cardPosition = 'none';
    this.#inSequence = false;
    this.#buffers = { front: {}, back: {} };
  }

  #record(outcome: EmulatorCardOutcome): void {
    const { front, back } = this.#buffers;
    const hash = createHash('sha256');
    for (const side of [front, back]) {
      for (const letter of EMULATOR_PANELS) hash.update(`${letter}:${side[letter]?.sha256 ?? '-'};`);
    }
    const hasBack = countPanels(back) > 0;
    this.cards.push({
      index: this.cards.length + 1,
      outcome,
      ribbon: this.ribbonType,
      front,
      ...(hasBack ? { back } : {}),
      sha256: hash.digest('hex'),
    });
    this.#onCard?.(this.cards[this.cards.length - 1]!);
    // Keep memory flat on long simulated runs: older cards keep only their hashes.
    const old = this.cards.length - this.#retainPixelsCards - 1;
    const expired = old >= 0 ? this.cards[old] : undefined;
    if (expired) {
      for (const side of [expired.front, expired.back]) {
        for (const letter of EMULATOR_PANELS) if (side?.[letter]) delete side[letter]!.data;
      }
    }
  }
}

function countPanels(side: EmulatorSideRecord): number {
  return EMULATOR_PANELS.filter((letter) => side[letter]).length;
}
