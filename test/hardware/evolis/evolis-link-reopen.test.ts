// A link that stalls or keeps sending garbage is given up and reopened with backoff (issue 14
// item 2): real TCP transport against the emulator's TCP server, whose connections can be made to
// stall (answer nothing more) while new connections are served, as a wedged print server would.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulatorTcpServer } from '../../../hardware/emulator/emulator-tcp-server.js';
import type { EmulatorTcpServer } from '../../../hardware/emulator/emulator-tcp-server.js';
import { EvolisDriver, EvolisError } from '../../../hardware/evolis/evolis-driver.js';
import { createTransport } from '../../../hardware/transports/create-transport.js';
import { makeTestJob } from './evolis-test-card.js';

const cleanup: (() => Promise<void>)[] = [];

async function setup() {
  const server: EmulatorTcpServer = await startEmulatorTcpServer({ port: 0, printerOptions: { speedup: 10_000 } });
  let connections = 0;
  const driver = new EvolisDriver({
    uri: server.uri,
    transport: () => {
      connections += 1;
      return createTransport(server.uri);
    },
    commandTimeoutMs: 1_000,
    replyGapMs: 200,
    reopenBackoff: { firstMs: 400, maxMs: 2_000 },
  });
  cleanup.push(async () => {
    await driver.close();
    await server.close();
  });
  return { server, printer: server.printer, driver, connections: () => connections };
}

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe('Evolis link that stalls or sends garbage', () => {
  it('gives up a stalled connection and answers the next call on a new one', async () => {
    const { printer, driver, connections } = await setup();
    await expect(driver.status()).resolves.toMatchObject({ state: 'idle' });
    printer.script({ command: 'Rco;c', stall: true, times: 1 });
    await expect(driver.status()).rejects.toMatchObject({ code: 'timeout' });
    expect(connections()).toBe(1);
    // The probe after the timeout found nobody: the next call opens a fresh connection at once.
    await expect(driver.status()).resolves.toMatchObject({ state: 'idle', counters: { cardsInserted: 0 } });
    expect(connections()).toBe(2);
    await expect(driver.print(makeTestJob('after-stall', 1))).resolves.toMatchObject({ outcome: 'printed' });
  });

  it('reopens a link that keeps answering garbage, and says it was out of step', async () => {
    const { printer, driver, connections } = await setup();
    printer.script({ command: 'Rtp', garbage: true, times: 1 }, { command: 'Rsn', garbage: true, times: 2 });
    const failure = await driver.identify().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EvolisError);
    expect(failure).toMatchObject({ code: 'out-of-sync', command: 'Rtp' });
    await expect(driver.identify()).resolves.toMatchObject({ model: 'Evolis Primacy', serial: 'EMU0000001' });
    expect(connections()).toBe(2);
  });

  it('backs off between reopens while the printer keeps stalling, and comes back when it answers', async () => {
    const { printer, driver, connections } = await setup();
    printer.script({ command: 'Rlr;p', stall: true });
    await expect(driver.status()).rejects.toMatchObject({ code: 'timeout' });
    // First loss: reopened at once, and it stalls again.
    await expect(driver.status()).rejects.toMatchObject({ code: 'timeout' });
    expect(connections()).toBe(2);
    // Second loss in a row: no new connection until the backoff (400 ms) has passed.
    await expect(driver.status()).rejects.toMatchObject({ code: 'open-failed', message: expect.stringMatching(/unreachable .*next try in \d+ ms/) });
    expect(connections()).toBe(2);
    printer.clearFaults();
    await new Promise((resolve) => setTimeout(resolve, 450));
    await expect(driver.status()).resolves.toMatchObject({ state: 'idle' });
    expect(connections()).toBe(3);
  });

  it('a print whose link stalls mid-card is in doubt; the printer is back on the next call without a restart', async () => {
    const { printer, driver, connections } = await setup();
    printer.script({ command: 'Dbc', stall: true, times: 1 });
    await expect(driver.print(makeTestJob('stalled', 1))).resolves.toMatchObject({ outcome: 'unknown', card: 'unknown' });
    // The card the stalled job picked is still inside, which the printer now says on a new link.
    await expect(driver.status()).resolves.toMatchObject({ state: 'idle' });
    expect(connections()).toBe(2);
    expect(printer.cardInside).toBe(true);
    await expect(driver.print(makeTestJob('blocked', 1))).resolves.toMatchObject({ outcome: 'not-consumed', reasons: ['media-jam'] });
  });
});
