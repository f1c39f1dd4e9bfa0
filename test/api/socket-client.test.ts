import { createConnection } from 'node:net';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { duplexPair } from '../../src/api/duplex-pair.js';
import { connectStation } from '../../src/api/socket-client.js';
import { createInProcessConnection } from '../../src/api/in-process-connection.js';
import { StationClient, type OpenTransport } from '../../src/api/station-client.js';
import type { StationConnection, StationState } from '../../src/api/station-connection.js';
import { maskNik } from '../../src/domain/masking.js';
import { createApiHarness, RawClient, type ApiHarness } from './api-harness.js';

let h: ApiHarness;
const connections: StationConnection[] = [];

beforeEach(async () => {
  h = await createApiHarness();
});
afterEach(async () => {
  for (const c of connections.splice(0)) await c.close();
  await h.cleanup();
});

function keep<T extends StationConnection>(connection: T): T {
  connections.push(connection);
  return connection;
}

/** Resolves with the state once `predicate` holds, checking now and after every notification. */
function waitForState(connection: StationConnection, predicate: (state: StationState) => boolean): Promise<StationState> {
  return new Promise((resolve) => {
    if (predicate(connection.getState())) return resolve(connection.getState());
    const off = connection.subscribe(() => {
      if (!predicate(connection.getState())) return;
      off();
      resolve(connection.getState());
    });
  });
}

/**
 * A Unix-socket transport that hands the client only the lines `keep` accepts, and counts the
 * subscribe requests the client sends: a lossy link, to exercise gap detection.
 */
function filteringTransport(path: string, keepLine: (line: string) => boolean, counts: { subscribes: number }): OpenTransport {
  return () =>
    new Promise((resolve, reject) => {
      const socket = createConnection(path);
      socket.once('error', reject);
      socket.once('connect', () => {
        let pending = '';
        const inner = new Duplex({
          read() {},
          write(chunk: Buffer, _encoding, callback) {
            counts.subscribes += (chunk.toString().match(/"op":"subscribe"/g) ?? []).length;
            socket.write(chunk, callback);
          },
          destroy(error, callback) {
            socket.destroy();
            callback(error);
          },
        });
        socket.on('data', (chunk: Buffer) => {
          pending += chunk.toString('utf8');
          let newline: number;
          while ((newline = pending.indexOf('\n')) !== -1) {
            const line = pending.slice(0, newline);
            pending = pending.slice(newline + 1);
            if (keepLine(line)) inner.push(`${line}\n`);
          }
        });
        socket.on('close', () => inner.destroy());
        resolve(inner);
      });
    });
}

describe('socket client: event stream', () => {
  it('applies the snapshot, then the patches a job action causes, into new immutable states', async () => {
    const connection = keep(await connectStation({ socketPath: h.operatorSocket }));
    const first = await waitForState(connection, (s) => s.snapshot !== null);
    expect(first.connection).toBe('connected');
    expect(first.snapshot!.queue.counts.queued).toBe(h.rows.length - 1);

    const raw = await RawClient.connect(h.operatorSocket);
    await raw.request('subscribe');
    await raw.waitFor((m) => m.type === 'snapshot');

    await connection.request('sign-in', { operatorId: 'op', pin: '1111' });
    await connection.request('job.hold', { jobId: h.jobs[1]!, reason: 'photo check' });
    const after = await waitForState(connection, (s) => s.snapshot!.queue.counts.held === 1);
    expect(after.snapshot!.queue.counts.queued).toBe(h.rows.length - 2);
    expect(after.snapshot!.viewer.operatorId).toBe('op');
    // The old state is untouched; parts no patch replaced keep their identity.
    expect(first.snapshot!.queue.counts.held).toBe(0);
    expect(after.snapshot!.printers).toBe(first.snapshot!.printers);

    const patch = await raw.waitFor((m) => m.type === 'patch' && (m['queue'] as { counts: { held: number } } | undefined)?.counts.held === 1);
    const events = raw.messages.filter((m) => m.type !== undefined);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(Object.keys(patch).sort()).toEqual(['alerts', 'lastEvent', 'queue', 'seq', 'stock', 'type']);
    await raw.close();
  });

  it('coalesces a burst of changes into one patch holding only the parts that changed', async () => {
    const raw = await RawClient.connect(h.operatorSocket);
    await raw.request('subscribe');
    await raw.waitFor((m) => m.type === 'snapshot');
    for (let i = 0; i < 20; i++) h.backend.emit(i % 2 === 0 ? ['printers'] : ['alerts']);
    const burst = await raw.waitFor((m) => m.type === 'patch');
    expect(burst.seq).toBe(2);
    expect(Object.keys(burst).sort()).toEqual(['alerts', 'printers', 'seq', 'type']);
    h.backend.emit(['station']);
    const next = await raw.waitFor((m) => m.type === 'patch' && m.seq !== 2);
    expect(next.seq).toBe(3);
    expect(Object.keys(next).sort()).toEqual(['seq', 'station', 'type']);
    await raw.close();
  });

  it('subscribes again when a patch goes missing, and ends up with the current picture', async () => {
    const counts = { subscribes: 0 };
    let dropped = 0;
    let onDrop!: () => void;
    const droppedOne = new Promise<void>((resolve) => (onDrop = resolve));
    const open = filteringTransport(
      h.operatorSocket,
      (line) => {
        if (dropped === 0 && line.includes('"type":"patch"') && line.includes('"text":"first"')) {
          dropped++;
          onDrop();
          return false;
        }
        return true;
      },
      counts,
    );
    const client = keep(await StationClient.connect(open));
    await waitForState(client, (s) => s.snapshot !== null);
    expect(counts.subscribes).toBe(1);
    h.backend.setLastEvent('first');
    await droppedOne;
    h.backend.setLastEvent('second');
    const state = await waitForState(client, (s) => s.snapshot?.lastEvent?.text === 'second');
    expect(counts.subscribes).toBe(2);
    expect(state.snapshot!.lastEvent!.text).toBe('second');
  });

  it('notifies once per batch of lines, and ignores lines that are not valid messages', async () => {
    const [clientSide, stationSide] = duplexPair();
    const snapshot = await h.backend.snapshot({ role: 'operator', operator: null });
    let subscribeId = 0;
    stationSide.on('data', (chunk: Buffer) => {
      subscribeId = (JSON.parse(chunk.toString().trim()) as { id: number }).id;
      const lines = [
        { id: subscribeId, ok: true, result: {} },
        'not json at all',
        { type: 'bogus', seq: 1 },
        { id: 'x', ok: true },
        { type: 'snapshot', seq: 1, snapshot },
        { type: 'patch', seq: 2, lastEvent: { at: '2026-11-02T01:00:00.000Z', text: 'one' } },
        { type: 'patch', seq: 3, lastEvent: { at: '2026-11-02T01:00:01.000Z', text: 'two' } },
      ];
      stationSide.write(lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
    });
    const client = keep(await StationClient.connect(async () => clientSide));
    let notified = 0;
    client.subscribe(() => notified++);
    const state = await waitForState(client, (s) => s.snapshot !== null);
    expect(subscribeId).toBe(1);
    expect(state.snapshot!.lastEvent!.text).toBe('two');
    expect(notified).toBe(1);
  });
});

describe('socket client: requests and connection', () => {
  it('rejects when no station answers at the start', async () => {
    await expect(connectStation({ socketPath: join(h.dir, 'nobody.sock') })).rejects.toMatchObject({ code: 'station-unreachable' });
  });

  it('answers requests by id and rejects with the station error code', async () => {
    const connection = keep(await connectStation({ socketPath: h.operatorSocket }));
    const [a, b] = await Promise.all([connection.request('audit.verify', {}), connection.request('stock.rolls', {})]);
    expect(a).toMatchObject({ ok: true });
    expect((b as { rows: unknown[] }).rows.length).toBe(3);
    await expect(connection.request('job.hold', { jobId: h.jobs[1]!, reason: 'x' })).rejects.toMatchObject({ name: 'StationRequestError', code: 'sign-in-required' });
  });

  it('times a request out when the station does not answer', async () => {
    const [clientSide] = duplexPair();
    const client = keep(await StationClient.connect(async () => clientSide, { requestTimeoutMs: 50 }));
    await expect(client.request('audit.verify', {})).rejects.toMatchObject({ code: 'request-timeout' });
  });

  it('shows the station as gone, refuses requests meanwhile, and reconnects when it is back', async () => {
    const connection = keep(await connectStation({ socketPath: h.operatorSocket, reconnectDelayMs: { initialMs: 20, maxMs: 100 }, now: () => new Date('2026-11-02T02:00:00.000Z') }));
    await waitForState(connection, (s) => s.snapshot !== null);
    await h.server.close();
    const gone = await waitForState(connection, (s) => s.connection === 'disconnected');
    expect(gone.disconnectedSince).toBe('2026-11-02T02:00:00.000Z');
    expect(gone.snapshot).not.toBeNull();
    await expect(connection.request('audit.verify', {})).rejects.toMatchObject({ code: 'station-unreachable' });

    h.backend.setLastEvent('after restart');
    await h.startServer();
    const back = await waitForState(connection, (s) => s.connection === 'connected' && s.snapshot?.lastEvent?.text === 'after restart');
    expect(back.disconnectedSince).toBeNull();
    expect(await connection.request('audit.verify', {})).toMatchObject({ ok: true });
  });
});

describe('in-process connection', () => {
  it('speaks the same protocol, with the same shaping and refusals, without a socket', async () => {
    const connection = keep(await createInProcessConnection(h.backend, 'technician', { patchIntervalMs: 10 }));
    const state = await waitForState(connection, (s) => s.snapshot !== null);
    const printing = await h.fx.station.db.selectFrom('jobs').innerJoin('records', 'records.id', 'jobs.record_id').select('records.nik').where('jobs.id', '=', h.jobs[0]!).executeTakeFirstOrThrow();
    expect(state.snapshot!.printers[0]!.current!.nik).toBe(maskNik(printing.nik));
    await expect(connection.request('sign-in', { operatorId: 'op', pin: '1111' })).rejects.toMatchObject({ code: 'sign-in-failed' });
    await connection.request('sign-in', { operatorId: 'tech', pin: '2222' });
    await expect(connection.request('job.preview', { jobId: h.jobs[1]!, width: 20, height: 12 })).rejects.toMatchObject({ code: 'not-permitted' });
    await connection.request('printer.pause', { printerId: 'p1' });
    const paused = await waitForState(connection, (s) => s.snapshot!.printers[0]!.state === 'paused');
    expect(paused.snapshot!.viewer).toMatchObject({ role: 'technician', operatorId: 'tech' });
    expect(h.backend.listenerCount).toBe(1);
    await connection.close();
    await vi.waitFor(() => expect(h.backend.listenerCount).toBe(0));
  });
});
