// The card emulator's side of the vpcd wire protocol, against a plain TCP server standing for vpcd
// (the full stack with pcscd is exercised in test/hardware/smartcard/).
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCardEmulatorCli } from '../../../hardware/smartcard-emulator/index.js';

function frame(payload: Buffer): Buffer {
  const header = Buffer.alloc(2);
  header.writeUInt16BE(payload.length);
  return Buffer.concat([header, payload]);
}

let server: Server | undefined;
afterEach(() => server?.close());

async function fakeVpcd(): Promise<{ port: number; peer: Promise<Socket> }> {
  let accept!: (socket: Socket) => void;
  const peer = new Promise<Socket>((resolve) => (accept = resolve));
  server = createServer(accept);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, peer };
}

function replies(socket: Socket, count: number): Promise<Buffer[]> {
  return new Promise((resolve) => {
    let pending = Buffer.alloc(0);
    const got: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        got.push(pending.subarray(2, 2 + pending.readUInt16BE(0)));
        pending = pending.subarray(2 + pending.readUInt16BE(0));
        if (got.length === count) resolve(got);
      }
    });
  });
}

describe('cetak card-emulator on the vpcd socket protocol', () => {
  it('connects, answers the ATR request and GET UID (split across TCP writes), ignores power bytes', async () => {
    const vpcd = await fakeVpcd();
    const lines: string[] = [];
    const controller = new AbortController();
    const running = runCardEmulatorCli({ uidHex: '04a1b2c3d4e5f6', port: vpcd.port, signal: controller.signal, writeLine: (l) => lines.push(l) });
    const socket = await vpcd.peer;
    const answers = replies(socket, 2);
    const bytes = Buffer.concat([frame(Buffer.from([0x01])), frame(Buffer.from([0x04])), frame(Buffer.from('FFCA000000', 'hex'))]);
    for (let i = 0; i < bytes.length; i++) socket.write(bytes.subarray(i, i + 1));
    const [atr, uid] = await answers;
    expect(atr!.toString('hex')).toBe('3b8880010000000000000000');
    expect(uid!.toString('hex').toUpperCase()).toBe('04A1B2C3D4E5F69000');
    expect(lines).toEqual([`EMULATED card 04A1B2C3D4E5F6 on the vpcd reader at 127.0.0.1:${vpcd.port}`]);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    controller.abort();
    await running;
    await closed;
  });

  it('says clearly when no vpcd reader listens', async () => {
    const vpcd = await fakeVpcd();
    await new Promise((resolve) => server!.close(resolve));
    await expect(runCardEmulatorCli({ uidHex: 'A1B2C3D4', port: vpcd.port })).rejects.toThrow(/no vpcd reader on 127\.0\.0\.1:\d+ \(is pcscd running with the vpcd driver\?\)/);
  });
});
