import { createServer, connect, Socket } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { TcpTransport } from '../../../hardware/transports/tcp-transport.js';
import type { TcpSocketFactory } from '../../../hardware/transports/tcp-transport.js';
import { TransportError } from '../../../hardware/types.js';

/** A real loopback peer: records what it receives and exposes each accepted socket. */
interface Peer {
  readonly server: Server;
  readonly port: number;
  readonly sockets: Socket[];
  received(): Buffer;
  nextSocket(): Promise<Socket>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startPeer(onConnection?: (socket: Socket) => void): Promise<Peer> {
  const sockets: Socket[] = [];
  const chunks: Buffer[] = [];
  const waiters: Array<(socket: Socket) => void> = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => {});
    onConnection?.(socket);
    waiters.shift()?.(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return {
    server,
    port: (server.address() as AddressInfo).port,
    sockets,
    received: () => Buffer.concat(chunks),
    nextSocket: () => (sockets.length > 0 ? Promise.resolve(sockets[sockets.length - 1] as Socket) : new Promise((resolve) => waiters.push(resolve))),
  };
}

function transportTo(port: number, extra: Partial<ConstructorParameters<typeof TcpTransport>[0]> = {}): TcpTransport {
  const transport = new TcpTransport({ host: '127.0.0.1', port, ...extra });
  cleanups.push(() => transport.close());
  return transport;
}

async function rejection(promise: Promise<unknown>): Promise<TransportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransportError);
  return error as TransportError;
}

async function waitFor(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('TcpTransport against a loopback server', () => {
  it('writes bytes the peer receives and reads what the peer sends', async () => {
    const peer = await startPeer((socket) => socket.on('data', (chunk) => socket.write(Buffer.concat([Buffer.from('re:'), chunk]))));
    const transport = transportTo(peer.port);
    expect(transport.description).toBe(`tcp://127.0.0.1:${peer.port}`);
    await transport.open();
    await transport.write(Uint8Array.from(Buffer.from('\x1bRfv\r')));
    let reply = Buffer.alloc(0);
    while (reply.length < 8) reply = Buffer.concat([reply, await transport.read({ timeoutMs: 2000 })]);
    expect(reply.toString('latin1')).toBe('re:\x1bRfv\r');
    await waitFor(() => peer.received().length === 5);
  });

  it('moves a 4 MiB payload intact', async () => {
    const peer = await startPeer();
    const transport = transportTo(peer.port);
    await transport.open();
    const payload = new Uint8Array(4 * 1024 * 1024);
    for (let i = 0; i < payload.length; i += 1) payload[i] = (i * 31) & 0xff;
    await transport.write(payload, { timeoutMs: 10_000 });
    await waitFor(() => peer.received().length === payload.length, 10_000);
    expect(Buffer.compare(peer.received(), Buffer.from(payload))).toBe(0);
  });

  it('reports a refused connection as open-failed', async () => {
    const peer = await startPeer();
    const port = peer.port;
    await new Promise<void>((resolve) => peer.server.close(() => resolve()));
    const error = await rejection(transportTo(port).open());
    expect(error.code).toBe('open-failed');
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it('reports a connect that never completes as timeout', async () => {
    // A socket that is never told to connect stands in for a host that swallows SYNs.
    const silent: TcpSocketFactory = () => new Socket();
    const transport = transportTo(1, { socketFactory: silent, connectTimeoutMs: 50 });
    const error = await rejection(transport.open());
    expect(error.code).toBe('timeout');
  });

  it('turns on keep-alive and no-delay on the real socket', async () => {
    const peer = await startPeer();
    const seen: string[] = [];
    const factory: TcpSocketFactory = ({ host, port }) => {
      const socket = connect({ host, port });
      const setKeepAlive = socket.setKeepAlive.bind(socket);
      socket.setKeepAlive = (enable?: boolean, delay?: number) => {
        seen.push(`keepalive ${String(enable)} ${String(delay)}`);
        return setKeepAlive(enable, delay);
      };
      return socket;
    };
    await transportTo(peer.port, { socketFactory: factory, keepAliveMs: 2500 }).open();
    expect(seen).toEqual(['keepalive true 2500']);
  });

  it('times a read out without losing the connection', async () => {
    const peer = await startPeer();
    const transport = transportTo(peer.port);
    await transport.open();
    expect((await rejection(transport.read({ timeoutMs: 30 }))).code).toBe('timeout');
    (await peer.nextSocket()).write('late');
    expect(Buffer.from(await transport.read({ timeoutMs: 2000 })).toString()).toBe('late');
  });

  it('delivers bytes sent just before the peer hangs up, then reports disconnected', async () => {
    const peer = await startPeer((socket) => socket.end('bye'));
    const transport = transportTo(peer.port);
    await transport.open();
    let got = Buffer.alloc(0);
    while (got.length < 3) got = Buffer.concat([got, await transport.read({ timeoutMs: 2000 })]);
    expect(got.toString()).toBe('bye');
    const error = await rejection(transport.read({ timeoutMs: 2000 }));
    expect(error.code).toBe('disconnected');
    expect(error.message).toMatch(/closed the connection/);
    expect((await rejection(transport.write(Uint8Array.of(1)))).code).toBe('disconnected');
  });

  it('fails a pending read with disconnected when the peer resets the connection', async () => {
    const peer = await startPeer();
    const transport = transportTo(peer.port);
    await transport.open();
    const pending = transport.read({ timeoutMs: 5000 });
    (await peer.nextSocket()).resetAndDestroy();
    expect((await rejection(pending)).code).toBe('disconnected');
  });

  it('rejects pending and later calls with closed after our own close()', async () => {
    const peer = await startPeer();
    const transport = transportTo(peer.port);
    await transport.open();
    const pending = transport.read({ timeoutMs: 5000 });
    const closing = transport.close();
    expect((await rejection(pending)).code).toBe('closed');
    await closing;
    await transport.close();
    expect((await rejection(transport.read())).code).toBe('closed');
    expect((await rejection(transport.write(Uint8Array.of(1)))).code).toBe('closed');
    expect((await rejection(transport.open())).code).toBe('closed');
    const socket = await peer.nextSocket();
    await waitFor(() => socket.readableEnded || socket.destroyed);
  });

  it('aborts a read when the signal fires', async () => {
    const peer = await startPeer();
    const transport = transportTo(peer.port);
    await transport.open();
    const controller = new AbortController();
    const pending = transport.read({ signal: controller.signal, timeoutMs: 5000 });
    controller.abort();
    expect((await rejection(pending)).code).toBe('aborted');
    (await peer.nextSocket()).write('x');
    expect(Buffer.from(await transport.read({ timeoutMs: 2000 })).toString()).toBe('x');
  });

  it('rejects a call before open() and a bad port in the constructor', async () => {
    const transport = transportTo(9100);
    expect((await rejection(transport.read())).code).toBe('closed');
    expect(() => new TcpTransport({ host: 'x', port: 0 })).toThrow(/port 0/);
  });

  it('logs states and byte counts to a pino child logger, never the bytes', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const logger = pino({ level: 'debug' }, sink).child({ module: 'tcp-transport' });
    const peer = await startPeer((socket) => socket.end('SECRET-REPLY'));
    const transport = transportTo(peer.port, { logger });
    await transport.open();
    await transport.write(Uint8Array.from(Buffer.from('SECRET-COMMAND')));
    await rejection((async () => {
      for (;;) await transport.read({ timeoutMs: 2000 });
    })());
    await waitFor(() => lines.some((line) => line.msg === 'disconnected'));
    expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['connected', 'sent', 'received', 'disconnected']));
    expect(lines.find((line) => line.msg === 'sent')).toMatchObject({ module: 'tcp-transport', bytes: 14 });
    expect(JSON.stringify(lines)).not.toMatch(/SECRET/);
  });
});
