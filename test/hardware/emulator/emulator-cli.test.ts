import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { describe, expect, it } from 'vitest';
import { runEmulatorCli } from '../../../hardware/emulator/emulator-cli.js';
import { EvolisDriver } from '../../../hardware/evolis/evolis-driver.js';
import { StreamTestTransport } from '../evolis/stream-test-transport.js';

describe('runEmulatorCli', () => {
  it('prints where it listens, answers on TCP and on the pty, and stops when told', async () => {
    const lines: string[] = [];
    const controller = new AbortController();
    const ptyPath = join(tmpdir(), `cetak-emu-cli-${process.pid}`);
    const running = runEmulatorCli({ tcpPort: 0, ptyPath, signal: controller.signal, writeLine: (line) => lines.push(line) });
    while (lines.length === 0) await new Promise((r) => setTimeout(r, 20));
    const match = /listening on tcp:\/\/127\.0\.0\.1:(\d+) and serial:\/\/(\S+)/.exec(lines[0]!);
    expect(match, lines[0]).not.toBeNull();
    expect(lines[0]).toContain('SIMULATED');

    const tcp = new EvolisDriver({
      uri: 'tcp',
      transport: new StreamTestTransport('tcp', async () => {
        const socket = connect({ host: '127.0.0.1', port: Number(match![1]) });
        await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
        return socket;
      }),
      replyGapMs: 30,
    });
    const serial = new EvolisDriver({
      uri: 'pty',
      transport: new StreamTestTransport('pty', async () => {
        const port = new SerialPort({ path: match![2]!, baudRate: 115_200, autoOpen: false });
        await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
        return port;
      }),
      replyGapMs: 30,
    });
    try {
      await expect(tcp.identify()).resolves.toMatchObject({ model: 'Evolis Primacy' });
      await expect(serial.identify()).resolves.toMatchObject({ model: 'Evolis Primacy' });
    } finally {
      await tcp.close();
      await serial.close();
      controller.abort();
    }
    await expect(running).resolves.toBeUndefined();
  });

  it('needs somewhere to listen', async () => {
    await expect(runEmulatorCli({})).rejects.toThrow(/tcpPort/);
  });
});
