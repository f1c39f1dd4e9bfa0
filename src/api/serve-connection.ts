import type { Duplex } from 'node:stream';
import type { Logger } from '../station/logger.js';
import { asDatabaseUnreachable } from '../station/database-unreachable.js';
import { isStationError } from '../station/station-error.js';
import type { BudgetedConnection, ConnectionBudget } from './connection-budget.js';
import { LineReader } from './line-reader.js';
import { checkAccess, OP_HANDLERS, viewerOf, type ApiSession, type OpHandler, type SocketRole } from './op-handlers.js';
import { MAX_MESSAGE_BYTES, REQUESTS, RequestEnvelope, TECHNICIAN_OPS, type ErrorPayload, type EventEnvelope, type RequestOp, type ServerMessage } from './protocol.js';
import type { ChangedPart, StationBackend } from './station-backend.js';
import { shapeError, shapeResult, shapeSnapshot } from './viewer-shaping.js';

/** Default spacing of patches on one connection: bursts of changes become one patch. */
export const PATCH_INTERVAL_MS = 100;

/** Default bound on bytes queued for a client that does not read; past it the connection is dropped. */
export const MAX_WRITE_BUFFER_BYTES = 4 * 1024 * 1024;

export interface ServeConnectionOptions {
  readonly backend: StationBackend;
  /** The socket the client came in on: decides the role and which ops it may use. */
  readonly socketRole: SocketRole;
  readonly log: Logger;
  /** Minimum time between two patches, in ms; default PATCH_INTERVAL_MS. */
  readonly patchIntervalMs?: number;
  /** Default MAX_WRITE_BUFFER_BYTES. A client further behind is disconnected and resubscribes. */
  readonly maxWriteBufferBytes?: number;
  /** Shared by the server's connections: bounds their number and the bytes queued for all of them. */
  readonly budget?: ConnectionBudget;
}

export interface ServedConnection {
  /** Resolves when the stream has closed and everything the connection held is released. */
  readonly closed: Promise<void>;
  close(): void;
}

type PatchPart = ChangedPart | 'viewer';

function errorPayload(error: unknown): ErrorPayload | null {
  if (isStationError(error)) return { code: error.code, message: error.message, params: { ...error.params } };
  return null;
}

const failure = (id: number, code: string, message: string, params: Record<string, string | number> = {}): ServerMessage => ({ id, ok: false, error: { code, message, params } });

/**
 * Serves one client over any duplex byte stream (a Unix socket, or an in-memory pair for a station
 * run in-process): newline-delimited JSON requests in, responses and events out. Never throws on
 * what the client sends: every bad line gets an error response and the connection goes on.
 */
export function serveConnection(stream: Duplex, options: ServeConnectionOptions): ServedConnection {
  const { backend } = options;
  const log = options.log.child({ module: 'api-connection', socket: options.socketRole });
  const patchIntervalMs = options.patchIntervalMs ?? PATCH_INTERVAL_MS;
  const maxWriteBufferBytes = options.maxWriteBufferBytes ?? MAX_WRITE_BUFFER_BYTES;
  const session: ApiSession = { socketRole: options.socketRole, operator: null };

  let open = true;
  let requests: Promise<void> = Promise.resolve();
  let events: Promise<void> = Promise.resolve();
  let unsubscribe: (() => void) | null = null;
  let subscribed = false;
  let seq = 0;
  let pending = new Set<PatchPart>();
  let timer: NodeJS.Timeout | undefined;
  let lastPatchAt = 0;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));

  const send = (message: ServerMessage): void => {
    if (!open) return;
    let text = JSON.stringify(message);
    if (Buffer.byteLength(text) > MAX_MESSAGE_BYTES) {
      if ('ok' in message) {
        log.error({ id: message.id, bytes: Buffer.byteLength(text) }, 'response larger than the protocol allows; answering an error instead');
        text = JSON.stringify(failure(message.id, 'result-too-large', 'the answer is too large to send: ask for a smaller page'));
      } else {
        log.error({ type: message.type, bytes: Buffer.byteLength(text) }, 'event larger than the protocol allows; dropping the connection');
        stream.destroy();
        return;
      }
    }
    stream.write(`${text}\n`);
    if (stream.writableLength > maxWriteBufferBytes) {
      log.warn({ queuedBytes: stream.writableLength }, 'client is not reading; dropping the connection');
      stream.destroy();
      return;
    }
    options.budget?.enforce();
  };

  const flushPatch = async (): Promise<void> => {
    if (!open || !subscribed || pending.size === 0) return;
    const parts = pending;
    pending = new Set();
    lastPatchAt = Date.now();
    const viewer = viewerOf(session);
    const snapshot = shapeSnapshot(viewer, await backend.snapshot(viewer));
    const patch: Extract<EventEnvelope, { type: 'patch' }> = { type: 'patch', seq: ++seq };
    for (const part of parts) {
      // Each branch names its part so the patch keeps its schema's types.
      if (part === 'printers') patch.printers = snapshot.printers;
      else if (part === 'queue') patch.queue = snapshot.queue;
      else if (part === 'stock') patch.stock = snapshot.stock;
      else if (part === 'alerts') patch.alerts = snapshot.alerts;
      else if (part === 'station') patch.station = snapshot.station;
      else if (part === 'lastEvent') patch.lastEvent = snapshot.lastEvent;
      else patch.viewer = snapshot.viewer;
    }
    send(patch);
  };

  const queueEvent = (work: () => Promise<void>): void => {
    events = events.then(work).catch((error: unknown) => {
      // The backend could not build the picture (database unreachable): the client keeps its last one.
      log.error({ code: errorPayload(error)?.code ?? 'internal-error', err: (error as Error).name }, 'could not build an event');
    });
  };

  const markChanged = (parts: Iterable<PatchPart>): void => {
    for (const part of parts) pending.add(part);
    if (timer !== undefined || !open) return;
    const waitMs = Math.max(0, lastPatchAt + patchIntervalMs - Date.now());
    timer = setTimeout(() => {
      timer = undefined;
      queueEvent(flushPatch);
    }, waitMs);
  };

  /**
   * On the technician socket the event stream needs a signed-in technician: before that, `subscribe`
   * gets one snapshot (enough for the sign-in screen) and no patches, so connections nobody signed
   * in on cost the station one picture each, not a stream.
   */
  const mayFollow = (): boolean => !(session.socketRole === 'technician' && session.operator === null);
  let followRequested = false;

  const startStream = (): void => {
    followRequested = true;
    if (mayFollow()) unsubscribe ??= backend.onChange((parts) => markChanged(parts));
    else {
      unsubscribe?.();
      unsubscribe = null;
    }
    queueEvent(async () => {
      // Parts marked before this snapshot are in it: only later changes need a patch.
      pending = new Set();
      subscribed = false;
      const viewer = viewerOf(session);
      const snapshot = shapeSnapshot(viewer, await backend.snapshot(viewer));
      seq = 1;
      subscribed = mayFollow();
      send({ type: 'snapshot', seq, snapshot });
    });
  };

  const handleLine = async (line: string): Promise<void> => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      send(failure(0, 'bad-message', 'the line is not JSON: send one JSON request per line'));
      return;
    }
    const envelope = RequestEnvelope.safeParse(raw);
    if (!envelope.success) {
      const id = typeof raw === 'object' && raw !== null && Number.isInteger((raw as { id?: unknown }).id) ? (raw as { id: number }).id : 0;
      send(failure(id, 'bad-message', 'a request is { "id": <integer ≥ 1>, "op": <string>, "params": {…} }'));
      return;
    }
    const { id } = envelope.data;
    if (!Object.hasOwn(REQUESTS, envelope.data.op)) {
      send(failure(id, 'unknown-op', `no op "${envelope.data.op.slice(0, 64)}"`, { op: envelope.data.op.slice(0, 64) }));
      return;
    }
    const op = envelope.data.op as RequestOp;
    if (session.socketRole === 'technician' && !TECHNICIAN_OPS.has(op)) {
      send(failure(id, 'not-permitted', `"${op}" is not available on the technician console`, { op }));
      return;
    }
    const parsed = REQUESTS[op].safeParse(envelope.data.params ?? {});
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'params'}: ${issue.message}`).join('; ');
      send(failure(id, 'bad-params', `bad params for "${op}": ${fields}`.slice(0, 500), { op }));
      return;
    }
    const handler = OP_HANDLERS[op] as OpHandler<RequestOp>;
    try {
      checkAccess(op, session);
      const result = await handler.run({ backend, session, params: parsed.data as never, by: session.operator });
      send({ id, ok: true, result: shapeResult(op, viewerOf(session), result) ?? {} });
      if (handler.affects.length > 0) backend.noteChange(new Set(handler.affects));
      if (op === 'sign-in' || op === 'sign-out') {
        log.info({ op, operator: session.operator?.id ?? null }, op === 'sign-in' ? 'signed in' : 'signed out');
        if (followRequested && session.socketRole === 'technician') startStream();
        else if (subscribed) markChanged(['viewer']);
      }
      if (op === 'subscribe') startStream();
    } catch (error) {
      // A lost database is said as such: the person knows why nothing happened and that it is not their doing.
      const payload = errorPayload(error) ?? errorPayload(asDatabaseUnreachable(error));
      if (payload) {
        log.info({ op, code: payload.code, operator: session.operator?.id ?? null }, 'request refused');
        send({ id, ok: false, error: shapeError(viewerOf(session), payload) });
      } else {
        // Not a StationError: its message may hold anything, so the client gets a generic one and the log the name.
        log.error({ op, err: (error as Error)?.name ?? typeof error }, 'request failed unexpectedly');
        send(failure(id, 'internal-error', `the station failed to serve "${op}"; see the station log`, { op }));
      }
    }
  };

  const reader = new LineReader({
    maxBytes: MAX_MESSAGE_BYTES,
    // Requests run one at a time, in order: a pipelined sign-in is done before the action after it.
    onLine: (line) => {
      requests = requests.then(() => handleLine(line));
    },
    onOversize: () => {
      log.warn({ maxBytes: MAX_MESSAGE_BYTES }, 'oversized line dropped');
      send(failure(0, 'message-too-large', `a line is at most ${MAX_MESSAGE_BYTES} bytes; it was dropped`, { maxBytes: MAX_MESSAGE_BYTES }));
    },
  });

  const shutdown = (): void => {
    if (!open) return;
    open = false;
    options.budget?.release(budgeted);
    clearTimeout(timer);
    unsubscribe?.();
    unsubscribe = null;
    void Promise.allSettled([requests, events]).then(() => resolveClosed());
  };

  const budgeted: BudgetedConnection = {
    socket: options.socketRole,
    queuedBytes: () => (open ? stream.writableLength : 0),
    drop: (reason) => {
      log.warn({ queuedBytes: stream.writableLength }, reason);
      stream.destroy();
    },
  };
  if (options.budget && !options.budget.admit(budgeted)) {
    log.warn({ limit: options.budget.limits.perSocket }, 'too many connections: refusing a new one');
    send(failure(0, 'too-many-connections', `this console socket has its ${options.budget.limits.perSocket} connections: close one and try again`));
    open = false;
    stream.end();
    stream.on('error', () => undefined);
    stream.on('close', () => resolveClosed());
    return { closed, close: () => stream.destroy() };
  }

  stream.on('data', (chunk: Buffer) => reader.push(chunk));
  stream.on('end', () => stream.end());
  stream.on('error', (error: NodeJS.ErrnoException) => log.debug({ code: error.code }, 'connection error'));
  stream.on('close', shutdown);

  return {
    closed,
    close: () => {
      stream.destroy();
      shutdown();
    },
  };
}
