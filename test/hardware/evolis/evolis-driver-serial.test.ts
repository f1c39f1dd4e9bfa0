import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmulatorPrinter } from '../../../hardware/emulator/emulator-printer.js';
import { serveEmulatorOnSerial } from '../../../hardware/emulator/emulator-serial.js';
import type { EmulatorSerialServing } from '../../../hardware/emulator/emulator-serial.js';
import { EvolisDriver } from '../../../hardware/evolis/evolis-driver.js';
import { allEqual, compareCardToSide, makeTestJob } from './evolis-test-card.js';
import { StreamTestTransport } from './stream-test-transport.js';

const base = join(tmpdir(), `cetak-evolis-pty-${process.pid}`);
const hostPath = `${base}-host`;
const devicePath = `${base}-device`;
let socat: ChildProcess;
let serving: EmulatorSerialServing;
const printer = new EmulatorPrinter({ speedup: 10_000 });

beforeAll(async () => {
  socat = spawn('socat', [`pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${devicePath}`], { stdio: 'ignore' });
  const deadline = Date.now() + 5_000;
  while (!(existsSync(hostPath) && existsSync(devicePath))) {
    if (Date.now() > deadline) throw new Error('socat did not create the pty pair within 5 s.');
    await new Promise((r) => setTimeout(r, 20));
  }
  serving = await serveEmulatorOnSerial(printer, devicePath);
});

afterAll(async () => {
  await serving?.close();
  socat?.kill('SIGTERM');
});

describe('EvolisDriver ↔ emulator over a socat pty pair through serialport', () => {
  it('identifies and prints a YMCKO card pixel for pixel', async () => {
    const transport = new StreamTestTransport(`serial://${hostPath}`, async () => {
      const port = new SerialPort({ path: hostPath, baudRate: 115_200, autoOpen: false });
      await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
      return port;
    });
    const driver = new EvolisDriver({ uri: `serial://${hostPath}`, transport, commandTimeoutMs: 5_000, replyGapMs: 50 });
    try {
      await expect(driver.identify()).resolves.toMatchObject({ vendor: 'Evolis', model: 'Evolis Primacy' });
      const job = makeTestJob('pty-1', 9);
      await expect(driver.print(job)).resolves.toEqual({ outcome: 'printed', reasons: [] });
      expect(compareCardToSide(printer.cards.at(-1)!.front, job.front)).toEqual(allEqual(job.front));
    } finally {
      await driver.close();
    }
  });
});
