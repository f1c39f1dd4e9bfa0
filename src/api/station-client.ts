import type { Duplex } from 'node:stream';
import type { Logger } from '../station/logger.js';
import { silentLogger } from '../station/logger.js';
import { LineReader } from './line-reader.js';
import { EventEnvelope, MAX_MESSAGE_BYTES, ResponseEnvelope, type RequestOp, type RequestParams } from './protocol.js';
import { StationRequestError, type StationConnection, type StationState } from './station-connection.js';
import type { StationSnapshot } from './views.js';

/** Opens a fresh byte stream to the station (a Unix socket, or an in-memory pair). */
export type OpenTransport = () => Promise<Duplex>;

export interface StationClientOptions {
  readonly log?: Logger;
  /** How long a request waits for its answer, in ms; default 30 000 (a card preview renders in under a second). */
  readonly requestTimeoutMs?: number;
  /** Reconnect delay after the station goes away: starts at `initialMs`, doubles up to `maxMs`. Default 100 → 5000. */
  readonly reconnectDelayMs?: { readonly initialMs: number; readonly maxMs: number };
  /** For `disconnectedSince`; default the system clock. */
  readonly now?: () => Date;
}

interface PendingRequest {
  readonly op: RequestOp;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: StationRequestError) => void;
  readonly timer: NodeJS.Timeout;
}

type Patch = Extract<EventEnvelope, { type: 'patch' }>;

function applyPatch(snapshot: StationSnapshot, patch: Patch): StationSnapshot {
  return {
    station: patch.station ?? snapshot.station,
    viewer: patch.viewer ?? snapshot.viewer,
    printers: patch.printers ?? snapshot.printers,
    queue: patch.queue ?? snapshot.queue,
    stock: patch.stock ?? snapshot.stock,
    alerts: patch.alerts ?? snapshot.alerts,
    lastEvent: patch.lastEvent !== undefined ? patch.lastEvent : snapshot.lastEvent,
  };
}

const requestError = (code: string, message: string, params: Record<string, string | number> = {}) => new StationRequestError({ code, message, params });

/**
 * The client store (style.md rule 11): keeps an immutable StationState, applies the snapshot and
 * numbered patches, resubscribes on a gap in `seq`, tells listeners once per batch of lines read,
 * and reconnects with backoff when the station goes away. Signing in is per connection: after a
 * reconnect the viewer is signed out, and the console asks for the PIN again.
 */
export class StationClient implements StationConnection {
  readonly #open: OpenTransport;
  readonly #log: Logger;
  readonly #requestTimeoutMs: number;
  readonly #delay: { readonly initialMs: number; readonly maxMs: number };
  readonly #now: () => Date;
  readonly #listeners = new Set<() => void>();
  readonly #pending = new Map<number, PendingRequest>();
  #state: StationState = { connection: 'connecting', snapshot: null, disconnectedSince: null };
  #stream: Duplex | null = null;
  #nextId = 1;
  #lastSeq = 0;
  #awaitingSnapshot = true;
  #changed = false;
  #closed = false;
  #retryMs: number;
  #retryTimer: NodeJS.Timeout | undefined;

  private constructor(open: OpenTransport, options: StationClientOptions) {
    this.#open = open;
    this.#log = (options.log ?? silentLogger()).child({ module: 'api-client' });
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.#delay = options.reconnectDelayMs ?? { initialMs: 100, maxMs: 5000 };
    this.#retryMs = this.#delay.initialMs;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Connects and subscribes. Rejects (StationRequestError `station-unreachable`) when the first
   * connection fails, so a caller can start a station in-process instead; later losses reconnect.
   */
  static async connect(open: OpenTransport, options: StationClientOptions = {}): Promise<StationClient> {
    const client = new StationClient(open, options);
    let stream: Duplex;
    try {
      stream = await open();
    } catch (error) {
      throw requestError('station-unreachable', `no station answers (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    client.#attach(stream);
    return client;
  }

  getState(): StationState {
    return this.#state;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  request<Op extends RequestOp>(op: Op, params: RequestParams<Op>): Promise<unknown> {
    const stream = this.#stream;
    if (this.#closed || !stream || this.#state.connection !== 'connected') {
      return Promise.reject(requestError('station-unreachable', `not connected to the station; "${op}" was not sent`, { op }));
    }
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(requestError('request-timeout', `the station did not answer "${op}" within ${this.#requestTimeoutMs} ms`, { op }));
      }, this.#requestTimeoutMs);
      this.#pending.set(id, { op, resolve, reject, timer });
      stream.write(`${JSON.stringify({ id, op, params })}\n`);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    const stream = this.#stream;
    this.#stream = null;
    if (stream && !stream.destroyed) {
      await new Promise<void>((resolve) => {
        stream.once('close', () => resolve());
        stream.destroy();
      });
    }
    this.#failPending('station-disconnected', 'the connection was closed');
  }

  #attach(stream: Duplex): void {
    this.#stream = stream;
    this.#retryMs = this.#delay.initialMs;
    const reader = new LineReader({
      maxBytes: MAX_MESSAGE_BYTES,
      onLine: (line) => this.#handleLine(line),
      onOversize: () => this.#log.warn({ maxBytes: MAX_MESSAGE_BYTES }, 'oversized line from the station dropped'),
    });
    stream.on('data', (chunk: Buffer) => {
      reader.push(chunk);
      this.#notify();
    });
    stream.on('error', (error: NodeJS.ErrnoException) => this.#log.debug({ code: error.code }, 'connection error'));
    stream.on('close', () => this.#lost(stream));
    this.#setState({ connection: 'connected', snapshot: this.#state.snapshot, disconnectedSince: null });
    this.#notify();
    this.#resubscribe();
  }

  #resubscribe(): void {
    this.#awaitingSnapshot = true;
    this.request('subscribe', {}).catch((error: StationRequestError) => this.#log.warn({ code: error.code }, 'subscribe failed'));
  }

  #lost(stream: Duplex): void {
    if (this.#stream !== stream) return;
    this.#stream = null;
    this.#failPending('station-disconnected', 'the station went away before answering');
    if (this.#closed) return;
    this.#setState({ connection: 'disconnected', snapshot: this.#state.snapshot, disconnectedSince: this.#state.disconnectedSince ?? this.#now().toISOString() });
    this.#notify();
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    const waitMs = this.#retryMs;
    this.#retryMs = Math.min(this.#retryMs * 2, this.#delay.maxMs);
    this.#retryTimer = setTimeout(() => {
      this.#open().then(
        (stream) => {
          if (this.#closed) stream.destroy();
          else this.#attach(stream);
        },
        () => {
          if (!this.#closed) this.#scheduleReconnect();
        },
      );
    }, waitMs);
  }

  #failPending(code: string, message: string): void {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(requestError(code, message, { op: pending.op }));
      this.#pending.delete(id);
    }
  }

  #handleLine(line: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      this.#log.warn({ bytes: line.length }, 'ignored a line that is not JSON');
      return;
    }
    if (typeof raw === 'object' && raw !== null && 'ok' in raw) {
      const response = ResponseEnvelope.safeParse(raw);
      if (!response.success) {
        this.#log.warn('ignored a malformed response');
        return;
      }
      const pending = this.#pending.get(response.data.id);
      if (!pending) {
        // An answer to a request that timed out, or a connection-level error (id 0).
        if (!response.data.ok) this.#log.warn({ id: response.data.id, code: response.data.error.code }, 'station reported an error');
        return;
      }
      this.#pending.delete(response.data.id);
      clearTimeout(pending.timer);
      if (response.data.ok) pending.resolve(response.data.result);
      else pending.reject(new StationRequestError(response.data.error));
      return;
    }
    const event = EventEnvelope.safeParse(raw);
    if (!event.success) {
      this.#log.warn('ignored a malformed event');
      return;
    }
    this.#applyEvent(event.data);
  }

  #applyEvent(event: EventEnvelope): void {
    if (event.type === 'snapshot') {
      this.#awaitingSnapshot = false;
      this.#lastSeq = event.seq;
      this.#setState({ ...this.#state, snapshot: event.snapshot });
      return;
    }
    // Patches sent before a requested snapshot belong to the old stream.
    if (this.#awaitingSnapshot || !this.#state.snapshot) return;
    if (event.seq !== this.#lastSeq + 1) {
      this.#log.warn({ expected: this.#lastSeq + 1, got: event.seq }, 'gap in events; subscribing again');
      this.#resubscribe();
      return;
    }
    this.#lastSeq = event.seq;
    this.#setState({ ...this.#state, snapshot: applyPatch(this.#state.snapshot, event) });
  }

  #setState(next: StationState): void {
    this.#state = next;
    this.#changed = true;
  }

  #notify(): void {
    if (!this.#changed) return;
    this.#changed = false;
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch (error) {
        this.#log.error({ err: (error as Error).name }, 'a store listener threw');
      }
    }
  }
}
