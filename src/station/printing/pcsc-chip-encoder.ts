import { setTimeout as delay } from 'node:timers/promises';
import { EncodeCardError, encodeCard, ExternalPersonaliser, PcscEncoder, PersonaliserError, ReferencePersonaliser, SmartCardError, type CardEncoder, type Personaliser } from '../../../hardware/smartcard/index.js';
import { encoderPlacement, type PersonaliserConfig, type PrinterConfig } from '../config/station-config.js';
import type { ChipEncoder, EncodeRequest, EncodeResult } from './chip-encoder.js';

export interface PcscChipEncoderOptions {
  readonly encoder: CardEncoder;
  readonly personaliser: Personaliser;
  /** The reader's name as pcscd lists it (station.json `encoder`: `pcsc://<name>`). */
  readonly reader: string;
  readonly at: 'printer' | 'desk';
  /** How long the operator has to place a blank on a desk encoder. Default 120 s. */
  readonly placeCardMs?: number;
  /** The personaliser's time limit. Default 90 s. */
  readonly personaliseTimeoutMs?: number;
  /** Each UID read. Default 5 s. */
  readonly readTimeoutMs?: number;
}

/** Problems that mean the reader or pcscd went away, not the card. */
const READER_GONE = new Set(['pcscd-unavailable', 'reader-not-found', 'binding-unavailable', 'timeout', 'pcsc-error']);

/**
 * A PC/SC reader with a personaliser, as the print path sees it (chip-encoder.ts): every card or
 * reader problem becomes an EncodeResult, chosen by whether anything may have been written yet.
 */
export class PcscChipEncoder implements ChipEncoder {
  readonly reader: string;
  readonly at: 'printer' | 'desk';
  readonly #options: PcscChipEncoderOptions;

  constructor(options: PcscChipEncoderOptions) {
    this.#options = options;
    this.reader = options.reader;
    this.at = options.at;
  }

  get reference(): boolean {
    return this.#options.personaliser.identity.reference;
  }

  async problem(): Promise<string | null> {
    try {
      const readers = await this.#options.encoder.listReaders({ timeoutMs: 3_000 });
      return readers.some((r) => r.name === this.reader) ? null : `reader "${this.reader}" not found: is it plugged in?`;
    } catch (error) {
      if (error instanceof SmartCardError && error.code === 'pcscd-unavailable') return 'the smart-card service (pcscd) is not running';
      return (error as Error).message;
    }
  }

  async encode(request: EncodeRequest): Promise<EncodeResult> {
    let refusal: string | null = null;
    let writing = false;
    let uid: string | null = null;
    try {
      const done = await encodeCard({
        encoder: this.#options.encoder,
        personaliser: this.#options.personaliser,
        readerName: this.reader,
        jobRef: request.jobRef,
        isUidUsed: async (read) => {
          refusal = await request.refuseUid(read);
          return refusal !== null;
        },
        onUidRead: (read) => {
          uid = read;
          writing = true;
        },
        personaliseTimeoutMs: this.#options.personaliseTimeoutMs ?? 90_000,
        readTimeoutMs: this.#options.readTimeoutMs ?? 5_000,
        // In the printer the card is already at the station: pcscd notices it within about a second.
        waitForCardMs: this.at === 'desk' ? (this.#options.placeCardMs ?? 120_000) : 5_000,
        ...(request.signal ? { signal: request.signal } : {}),
      });
      return { kind: 'encoded', uid: done.uidHex };
    } catch (error) {
      return this.#result(error, { writing, uid, refusal });
    }
  }

  #result(error: unknown, seen: { writing: boolean; uid: string | null; refusal: string | null }): EncodeResult {
    const reason = (error as Error).message;
    if (error instanceof EncodeCardError) {
      if (error.code === 'uid-already-used') return { kind: 'not-written', reason: `${seen.refusal ?? 'the card is already bound to a job'}: take it off and place a new blank`, uid: error.uidHex };
      if (error.code === 'wrong-card') return { kind: 'not-written', reason, uid: error.uidHex };
      // The card changed under the personaliser: which one was written is not known.
      return { kind: 'unknown', reason, uid: seen.uid };
    }
    if (!seen.writing) {
      // Nothing reached the chip yet: the blank is still a blank.
      if (error instanceof SmartCardError && (error.code === 'no-card' || error.code === 'timeout')) {
        return {
          kind: 'not-written',
          reason: this.at === 'desk' ? `no blank was placed on the encoder "${this.reader}"` : `the reader "${this.reader}" saw no card at the contactless station; the blank went to the reject box unwritten and unprinted: put it back in the feeder`,
          uid: null,
        };
      }
      return { kind: 'not-written', reason, uid: null };
    }
    if (error instanceof PersonaliserError) {
      if (error.code === 'personaliser-card-error' && error.cardCode && READER_GONE.has(error.cardCode)) return { kind: 'unknown', reason, uid: seen.uid };
      return { kind: 'failed', reason, uid: seen.uid };
    }
    if (error instanceof SmartCardError && READER_GONE.has(error.code)) return { kind: 'unknown', reason, uid: seen.uid };
    // The card left the reader, or would not answer the second UID read: not proven written.
    return { kind: 'failed', reason, uid: seen.uid };
  }

  /** Polls the reader list: PcscEncoder's own status-change wait only looks for a card arriving. */
  async waitForRemoval(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !signal?.aborted) {
      try {
        const readers = await this.#options.encoder.listReaders({ timeoutMs: 3_000 });
        if (!readers.find((r) => r.name === this.reader)?.cardPresent) return true;
      } catch {
        // pcscd or the reader gone: keep looking until the time is up.
      }
      await delay(250, undefined, signal ? { signal } : undefined).catch(() => undefined);
    }
    return false;
  }
}

/**
 * The chip encoder for a printer with `encoder: "pcsc://<reader>"` in station.json, or null. One
 * PC/SC client serves every reader; the personaliser is the station's (`personaliser`).
 */
export function createChipEncoderFactory(personaliser: PersonaliserConfig, timing: { readonly placeCardMs?: number } = {}): (printer: PrinterConfig) => ChipEncoder | null {
  let pcsc: PcscEncoder | null = null;
  return (printer) => {
    const at = encoderPlacement(printer);
    if (!at || !printer.encoder) return null;
    pcsc ??= new PcscEncoder();
    const writer =
      personaliser === 'reference'
        ? new ReferencePersonaliser({ encoder: pcsc })
        : new ExternalPersonaliser({ command: personaliser.command, args: personaliser.args });
    return new PcscChipEncoder({
      encoder: pcsc,
      personaliser: writer,
      reader: decodeURIComponent(printer.encoder.slice('pcsc://'.length)),
      at,
      ...(timing.placeCardMs !== undefined ? { placeCardMs: timing.placeCardMs } : {}),
      ...(personaliser === 'reference' ? {} : { personaliseTimeoutMs: personaliser.timeoutMs }),
    });
  };
}
