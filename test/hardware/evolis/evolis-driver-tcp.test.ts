import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorTcpServer } from '../../../hardware/emulator/emulator-tcp-server.js';
import type { EmulatorTcpServer } from '../../../hardware/emulator/emulator-tcp-server.js';
import { EvolisDriver } from '../../../hardware/evolis/evolis-driver.js';
import { allEqual, compareCardToSide, makeTestJob } from './evolis-test-card.js';
import { StreamTestTransport } from './stream-test-transport.js';

let server: EmulatorTcpServer;

function tcpDriver(): EvolisDriver {
  const transport = new StreamTestTransport(server.uri, async () => {
    const socket = connect({ host: server.host, port: server.port });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return socket;
  });
  return new EvolisDriver({ uri: server.uri, transport, commandTimeoutMs: 3_000, replyGapMs: 30 });
}

beforeAll(async () => {
  server = await startEmulatorTcpServer({ port: 0, printerOptions: { speedup: 10_000 } });
});

afterAll(async () => {
  await server.close();
});

describe('EvolisDriver ↔ emulator over TCP loopback', () => {
  it('prints a YMCKO card pixel for pixel', async () => {
    const driver = tcpDriver();
    try {
      const job = makeTestJob('tcp-1', 5);
      await expect(driver.print(job)).resolves.toEqual({ outcome: 'printed', reasons: [] });
      const card = server.printer.cards.at(-1)!;
      expect(compareCardToSide(card.front, job.front)).toEqual(allEqual(job.front));
    } finally {
      await driver.close();
    }
  });

  it('gives unknown when the socket drops mid-job, and reconnects for the next call', async () => {
    const driver = tcpDriver();
    try {
      server.printer.inject({ kind: 'drop-mid-job' });
      await expect(driver.print(makeTestJob('tcp-drop', 6))).resolves.toMatchObject({ outcome: 'unknown', reasons: ['offline'] });
      // The card is still inside: the next job must not pick another one.
      await expect(driver.print(makeTestJob('tcp-next', 7))).resolves.toMatchObject({ outcome: 'not-consumed', reasons: ['media-jam'] });
      await driver.reset();
      await expect(driver.print(makeTestJob('tcp-after', 7))).resolves.toMatchObject({ outcome: 'printed' });
    } finally {
      await driver.close();
    }
  });
});
