// CardEncoder over pcsc-lite through the `smartcard` binding.
//
// Each connect() opens its own PC/SC context: a call left hanging in libpcsclite (a card that
// never answers; the binding cannot abandon a blocked SCardTransmit) blocks only its context, so a
// new operation is not held up by it, and a pcscd restart needs no reconnection logic. Time limits
// are enforced here, around the binding's promises; a timed-out session is closed and never reused.
import { GET_UID_APDU, apduName, parseApduResponse } from './apdu.js';
import type { ApduResponse } from './apdu.js';
import type { CardEncoder, CardSession, ConnectOptions, EncoderCallOptions, ReaderInfo } from './card-encoder.js';
import { loadPcscBinding } from './pcsc-binding.js';
import type { PcscBinding, PcscBindingCard, PcscBindingContext, PcscBindingReader } from './pcsc-binding.js';
import { SmartCardError, pcscErrorCode, smartCardError } from './smartcard-error.js';

export interface PcscEncoderOptions {
  /** Default limit for a call without its own. Default 5 000 ms. */
  readonly defaultTimeoutMs?: number;
  /** The binding; default the real one (tests of this class pass nothing: they use real pcscd). */
  readonly binding?: PcscBinding;
}

const UID_LENGTHS = new Set([4, 7, 10]);

/**
 * Handles left blocked inside the binding after a time-out. The binding's finalizers release them
 * with SCardDisconnect / SCardReleaseContext on the main thread, which would wait there on the
 * context lock the blocked call holds, and freeze the process (with any card emulator in it). So
 * they are never collected: a few handles per hung card, for the life of the process.
 */
const ABANDONED = new Set<unknown>();
function keepUntilExit(...handles: unknown[]): void {
  for (const handle of handles) ABANDONED.add(handle);
}

function toSmartCardError(error: unknown, readerName: string | undefined, step: string): SmartCardError {
  if (error instanceof SmartCardError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return smartCardError(pcscErrorCode(message), { readerName, step, pcsc: message });
}

function abortError(readerName: string | undefined, step: string): SmartCardError {
  return new SmartCardError('timeout', `Stopped while waiting for reader "${readerName ?? '?'}" (${step}).`, { readerName, step });
}

/** Races a binding promise against the limit and the signal; the loser is left to settle unheard. */
function limited<T>(work: Promise<T>, timeoutMs: number, signal: AbortSignal | undefined, readerName: string | undefined, step: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(abortError(readerName, step));
      return;
    }
    const timer = setTimeout(() => finish(() => reject(smartCardError('timeout', { readerName, step }))), timeoutMs);
    const onAbort = () => finish(() => reject(abortError(readerName, step)));
    signal?.addEventListener('abort', onAbort, { once: true });
    let done = false;
    const finish = (settle: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    };
    work.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(toSmartCardError(error, readerName, step))),
    );
  });
}

class PcscCardSession implements CardSession {
  readonly readerName: string;
  readonly atrHex: string;
  readonly #card: PcscBindingCard;
  readonly #context: PcscBindingContext;
  readonly #binding: PcscBinding;
  readonly #defaultTimeoutMs: number;
  #closed = false;

  constructor(readerName: string, card: PcscBindingCard, context: PcscBindingContext, binding: PcscBinding, defaultTimeoutMs: number) {
    this.readerName = readerName;
    this.atrHex = (card.atr ?? Buffer.alloc(0)).toString('hex').toUpperCase();
    this.#card = card;
    this.#context = context;
    this.#binding = binding;
    this.#defaultTimeoutMs = defaultTimeoutMs;
  }

  get closed(): boolean {
    return this.#closed;
  }

  async transmit(apdu: Buffer, options: EncoderCallOptions = {}): Promise<ApduResponse> {
    const step = apduName(apdu);
    if (this.#closed) throw smartCardError('card-removed', { readerName: this.readerName, step });
    let raw: Buffer;
    try {
      raw = await limited(this.#card.transmit(apdu), options.timeoutMs ?? this.#defaultTimeoutMs, options.signal, this.readerName, step);
    } catch (error) {
      this.#abandon();
      throw error;
    }
    const response = parseApduResponse(raw);
    if (response === undefined) {
      // The binding resolves with no bytes when the card left the field during the command.
      this.#abandon();
      throw smartCardError('card-removed', { readerName: this.readerName, step });
    }
    return response;
  }

  async readUid(options: EncoderCallOptions = {}): Promise<string> {
    const response = await this.transmit(GET_UID_APDU, options);
    if (response.sw !== 0x9000) throw smartCardError('card-refused', { readerName: this.readerName, step: 'GET UID', sw: response.sw });
    if (!UID_LENGTHS.has(response.data.length)) {
      throw new SmartCardError('card-refused', `Reader "${this.readerName}" gave a UID of ${response.data.length} bytes (4, 7 or 10 expected).`, {
        readerName: this.readerName,
        step: 'GET UID',
        sw: response.sw,
      });
    }
    return response.data.toString('hex').toUpperCase();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#card.disconnect(this.#binding.SCARD_LEAVE_CARD);
    } catch {
      // Already gone (card removed, pcscd stopped): nothing left to release.
    }
    try {
      this.#context.close();
    } catch {
      // Same: a context of a stopped pcscd cannot be released and need not be.
    }
  }

  /**
   * After a timeout the binding may still be blocked inside SCardTransmit on this context; closing
   * it then could block the event loop on libpcsclite's context lock, so the handles are dropped
   * without a call. They are released when the call returns or pcscd drops the client.
   */
  #abandon(): void {
    this.#closed = true;
    keepUntilExit(this.#card, this.#context);
  }
}

export class PcscEncoder implements CardEncoder {
  readonly #defaultTimeoutMs: number;
  readonly #bindingOption: PcscBinding | undefined;

  constructor(options: PcscEncoderOptions = {}) {
    this.#defaultTimeoutMs = options.defaultTimeoutMs ?? 5_000;
    this.#bindingOption = options.binding;
  }

  #binding(): PcscBinding {
    return this.#bindingOption ?? loadPcscBinding();
  }

  #openContext(readerName: string | undefined, step: string): PcscBindingContext {
    const binding = this.#binding();
    try {
      return new binding.Context();
    } catch (error) {
      throw toSmartCardError(error, readerName, step);
    }
  }

  #readers(context: PcscBindingContext, readerName: string | undefined, step: string): PcscBindingReader[] {
    try {
      return context.listReaders();
    } catch (error) {
      const failure = toSmartCardError(error, readerName, step);
      // pcsc-lite answers "no readers" with an error; for a list that is simply empty.
      if (failure.code === 'reader-not-found') return [];
      throw failure;
    }
  }

  #info(reader: PcscBindingReader): ReaderInfo {
    const binding = this.#binding();
    const present = (reader.state & binding.SCARD_STATE_PRESENT) !== 0;
    const mute = (reader.state & binding.SCARD_STATE_MUTE) !== 0;
    return {
      name: reader.name,
      cardPresent: present,
      atrHex: present && !mute && reader.atr !== null && reader.atr.length > 0 ? reader.atr.toString('hex').toUpperCase() : undefined,
    };
  }

  async listReaders(options: EncoderCallOptions = {}): Promise<readonly ReaderInfo[]> {
    if (options.signal?.aborted === true) throw abortError(undefined, 'list readers');
    const context = this.#openContext(undefined, 'list readers');
    try {
      return this.#readers(context, undefined, 'list readers').map((reader) => this.#info(reader));
    } finally {
      context.close();
    }
  }

  async connect(readerName: string, options: ConnectOptions = {}): Promise<CardSession> {
    const binding = this.#binding();
    const deadline = Date.now() + (options.timeoutMs ?? this.#defaultTimeoutMs) + (options.waitForCardMs ?? 0);
    const context = this.#openContext(readerName, 'connect');
    try {
      let reader = this.#find(context, readerName);
      if ((reader.state & binding.SCARD_STATE_PRESENT) === 0) {
        const waitMs = options.waitForCardMs ?? 0;
        if (waitMs <= 0) throw smartCardError('no-card', { readerName, step: 'connect' });
        reader = await this.#waitForCard(context, reader, Math.min(waitMs, deadline - Date.now()), options.signal);
      }
      const card = await limited(
        reader.connect(binding.SCARD_SHARE_SHARED, binding.SCARD_PROTOCOL_T0 | binding.SCARD_PROTOCOL_T1),
        Math.max(1, deadline - Date.now()),
        options.signal,
        readerName,
        'connect',
      );
      return new PcscCardSession(readerName, card, context, binding, this.#defaultTimeoutMs);
    } catch (error) {
      const failure = toSmartCardError(error, readerName, 'connect');
      if (failure.code !== 'timeout') context.close();
      else keepUntilExit(context);
      throw failure;
    }
  }

  async readUid(readerName: string, options: ConnectOptions = {}): Promise<string> {
    const session = await this.connect(readerName, options);
    try {
      return await session.readUid(options);
    } finally {
      session.close();
    }
  }

  #find(context: PcscBindingContext, readerName: string): PcscBindingReader {
    const readers = this.#readers(context, readerName, 'connect');
    const reader = readers.find((candidate) => candidate.name === readerName);
    if (reader !== undefined) return reader;
    const others = readers.map((candidate) => `"${candidate.name}"`).join(', ');
    throw new SmartCardError(
      'reader-not-found',
      `Reader "${readerName}" is not connected: check its cable or the encoder setting (${others === '' ? 'no readers' : `readers now: ${others}`}).`,
      { readerName, step: 'connect' },
    );
  }

  async #waitForCard(context: PcscBindingContext, reader: PcscBindingReader, waitMs: number, signal: AbortSignal | undefined): Promise<PcscBindingReader> {
    const binding = this.#binding();
    const until = Date.now() + waitMs;
    const onAbort = () => context.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      let states = [{ name: reader.name, state: reader.state, changed: false, atr: reader.atr }];
      for (;;) {
        const left = until - Date.now();
        if (left <= 0) throw smartCardError('no-card', { readerName: reader.name, step: 'connect' });
        let changes;
        try {
          changes = await context.waitForChange(states, left);
        } catch (error) {
          throw toSmartCardError(error, reader.name, 'waiting for a card');
        }
        if (changes === null) throw abortError(reader.name, 'waiting for a card');
        const change = changes[0];
        if (change === undefined) continue; // the native wait timed out: loop checks the deadline
        if ((change.state & binding.SCARD_STATE_PRESENT) !== 0 && (change.state & binding.SCARD_STATE_MUTE) === 0) {
          return this.#find(context, reader.name);
        }
        // SCARD_STATE_CHANGED must be cleared for the next wait to block (pcsc-lite compares states).
        states = [{ ...change, state: change.state & ~0x0002 }];
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
