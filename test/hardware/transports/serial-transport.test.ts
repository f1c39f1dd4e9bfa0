import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SERIAL_SETTINGS } from '../../../hardware/printer-uri.js';
import type { SerialPrinterUri } from '../../../hardware/printer-uri.js';
import { SerialTransport } from '../../../hardware/transports/serial-transport.js';
import { TransportError } from '../../../hardware/types.js';

/** A real pseudo-terminal pair joined by socat: what one end writes, the other reads. */
interface PtyPair {
  readonly a: string;
  readonly b: string;
  readonly socat: ChildProcess;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'cetak-pty-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  cleanups.push(() => {
    if (socat.exitCode === null && socat.signalCode === null) socat.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socat did not start: ${log}`)), 5000);
    socat.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('starting data transfer loop')) {
        clearTimeout(timer);
        resolve();
      }
    });
    socat.once('error', reject);
  });
  return { a, b, socat };
}

function serialOn(path: string, settings: Partial<Omit<SerialPrinterUri, 'scheme' | 'path'>> = {}): SerialTransport {
  const transport = new SerialTransport({ settings: { ...DEFAULT_SERIAL_SETTINGS, ...settings, path } });
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

async function readExactly(transport: SerialTransport, count: number): Promise<Buffer> {
  let got = Buffer.alloc(0);
  while (got.length < count) got = Buffer.concat([got, await transport.read({ timeoutMs: 3000 })]);
  return got;
}

describe('SerialTransport over a socat pty pair', () => {
  it('carries bytes both ways', async () => {
    const pair = await startPtyPair();
    const host = serialOn(pair.a, { baudRate: 115200 });
    const printer = serialOn(pair.b, { baudRate: 115200 });
    expect(host.description).toBe(`serial://${pair.a}?baud=115200`);
    await host.open();
    await printer.open();
    await host.write(Uint8Array.from(Buffer.from('\x1bRsn\r')));
    expect((await readExactly(printer, 5)).toString('latin1')).toBe('\x1bRsn\r');
    const payload = new Uint8Array(64 * 1024).map((_, i) => i & 0xff);
    await printer.write(payload);
    expect(Buffer.compare(await readExactly(host, payload.length), Buffer.from(payload))).toBe(0);
  });

  it('applies the URI line settings to the port (speed, stop bits, flow control)', async () => {
    const pair = await startPtyPair();
    await serialOn(pair.a, { baudRate: 19200, stopBits: 2, flow: 'both' }).open();
    // A pty ignores parity and character size, but keeps speed, CSTOPB and the flow-control flags.
    const settings = execFileSync('stty', ['-F', pair.a, '-a']).toString();
    expect(settings).toMatch(/speed 19200 baud/);
    expect(settings).toMatch(/(^|\s)cstopb(\s|$)/);
    expect(settings).toMatch(/(^|\s)crtscts(\s|$)/);
    expect(settings).toMatch(/(^|\s)ixon(\s|$)/);
    expect(settings).toMatch(/(^|\s)ixoff(\s|$)/);
  });

  it('leaves flow control off by default', async () => {
    const pair = await startPtyPair();
    await serialOn(pair.a).open();
    const settings = execFileSync('stty', ['-F', pair.a, '-a']).toString();
    expect(settings).toMatch(/speed 9600 baud/);
    expect(settings).toMatch(/-crtscts/);
    expect(settings).toMatch(/-ixon/);
  });

  it('reports the peer going away as disconnected, for a pending read and for later writes', async () => {
    const pair = await startPtyPair();
    const host = serialOn(pair.a);
    const printer = serialOn(pair.b);
    await host.open();
    await printer.open();
    await printer.write(Uint8Array.of(0x06));
    expect([...(await host.read({ timeoutMs: 3000 }))]).toEqual([0x06]);
    // The poller usually reports the hang-up at once; if the binding's read was inside the OS at that
    // moment, the probe at the read timeout does. Either way the answer is `disconnected`.
    const pending = host.read({ timeoutMs: 1000 });
    pair.socat.kill();
    const error = await rejection(pending);
    expect(error.code).toBe('disconnected');
    expect((await rejection(host.write(Uint8Array.of(1)))).code).toBe('disconnected');
    await host.close();
    expect((await rejection(host.read())).code).toBe('closed');
  });

  it('notices a line that hung up while a read was inside the OS (zero-byte reads) at the read timeout', async () => {
    const pair = await startPtyPair();
    const host = serialOn(pair.a);
    await host.open();
    // Killing the peer right after open catches the binding's first read in flight, which then sees
    // only end-of-file; the transport's probe at the read timeout turns that into a disconnect.
    const pending = host.read({ timeoutMs: 300 });
    pair.socat.kill();
    const error = await rejection(pending);
    expect(error.code).toBe('disconnected');
  });

  it('times out a read and stays usable', async () => {
    const pair = await startPtyPair();
    const host = serialOn(pair.a);
    const printer = serialOn(pair.b);
    await host.open();
    await printer.open();
    expect((await rejection(host.read({ timeoutMs: 30 }))).code).toBe('timeout');
    await printer.write(Uint8Array.from([0x06]));
    expect([...(await host.read({ timeoutMs: 3000 }))]).toEqual([0x06]);
  });

  it('rejects pending reads with closed after close()', async () => {
    const pair = await startPtyPair();
    const host = serialOn(pair.a);
    await host.open();
    const pending = rejection(host.read({ timeoutMs: 5000 }));
    await host.close();
    expect((await pending).code).toBe('closed');
  });

  it('reports a missing device as open-failed', async () => {
    const error = await rejection(serialOn('/dev/cetak-no-such-tty').open());
    expect(error.code).toBe('open-failed');
    expect(error.message).toMatch(/cetak-no-such-tty/);
  });
});
