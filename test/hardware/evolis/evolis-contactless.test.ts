// §2.5 `Sic`: the Evolis driver stops a picked card at the contactless station, where a chip is
// encoded through the real PC/SC stack (the emulator's station puts a virtual card on a vpcd
// reader), then prints it, or sends it to the reject box unprinted.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorTcpServer } from '../../../hardware/emulator/emulator-tcp-server.js';
import type { EmulatorTcpServer } from '../../../hardware/emulator/emulator-tcp-server.js';
import { EvolisDriver } from '../../../hardware/evolis/evolis-driver.js';
import { VirtualCard } from '../../../hardware/smartcard-emulator/index.js';
import { ReferencePersonaliser, encodeCard } from '../../../hardware/smartcard/index.js';
import { useSmartCardStack } from '../smartcard/smartcard-test-stack.js';
import { makeTestJob } from './evolis-test-card.js';
import { StreamTestTransport } from './stream-test-transport.js';

const uidOf = (cardNumber: number) => `04C0FFEE0000${cardNumber.toString(16).toUpperCase().padStart(2, '0')}`;

describe('Evolis contactless station (Sic) with the chip encoded over PC/SC', () => {
  const stack = useSmartCardStack();
  let server: EmulatorTcpServer;
  let plain: EmulatorTcpServer;
  const arrivals: string[] = [];

  beforeAll(async () => {
    const slot = () => stack().slots[0];
    server = await startEmulatorTcpServer({
      port: 0,
      printerOptions: {
        speedup: 10_000,
        contactlessStation: {
          async cardArrived(cardNumber) {
            arrivals.push(`in ${cardNumber}`);
            await slot().insert(new VirtualCard({ uidHex: uidOf(cardNumber) }));
          },
          async cardLeft(cardNumber) {
            arrivals.push(`out ${cardNumber}`);
            await slot().remove();
          },
        },
      },
    });
    plain = await startEmulatorTcpServer({ port: 0, printerOptions: { speedup: 10_000 } });
  });
  afterAll(async () => {
    await server.close();
    await plain.close();
  });

  function driverFor(target: EmulatorTcpServer): EvolisDriver {
    const transport = new StreamTestTransport(target.uri, async () => {
      const socket = connect({ host: target.host, port: target.port });
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      return socket;
    });
    return new EvolisDriver({ uri: target.uri, transport, commandTimeoutMs: 5_000 });
  }

  it('encodes each card at the station, then prints that card', async () => {
    const s = stack();
    const driver = driverFor(server);
    const encoded: string[] = [];
    try {
      for (const n of [1, 2]) {
        const result = await driver.print(makeTestJob(`chip-${n}`, n), {
          atContactlessStation: async (signal) => {
            expect(server.printer.cardPosition).toBe('station');
            const done = await encodeCard({
              encoder: s.encoder,
              personaliser: new ReferencePersonaliser({ encoder: s.encoder }),
              readerName: s.readerNames[0],
              jobRef: `job-${n}`,
              personaliseTimeoutMs: 5_000,
              waitForCardMs: 5_000,
              signal,
            });
            encoded.push(done.uidHex);
            return 'print';
          },
        });
        expect(result).toEqual({ outcome: 'printed', reasons: [] });
      }
    } finally {
      await driver.close();
    }
    const before = server.printer.cards.length;
    expect(encoded).toEqual([uidOf(server.printer.cardsInserted - 1), uidOf(server.printer.cardsInserted)]);
    expect(server.printer.cards.slice(before - 2).map((c) => c.outcome)).toEqual(['printed', 'printed']);
    expect(server.printer.cardPosition).toBe('none');
    // Sic came after Ss and before the front side was selected; the card left the station at Sr.
    const log = server.printer.commandLog;
    const last = log.lastIndexOf('Sic');
    expect(log.slice(last - 1, last + 2)).toEqual(['Ss', 'Sic', 'Sr']);
    expect(arrivals.slice(-4)).toEqual([`in ${server.printer.cardsInserted - 1}`, `out ${server.printer.cardsInserted - 1}`, `in ${server.printer.cardsInserted}`, `out ${server.printer.cardsInserted}`]);
  });

  it('a failed encode sends the card to the reject box unprinted: spoiled, no panel printed', async () => {
    const s = stack();
    const driver = driverFor(server);
    const panelsBefore = server.printer.panelsPrinted;
    const ribbonBefore = server.printer.ribbonImages;
    try {
      const result = await driver.print(makeTestJob('chip-bad', 3), {
        atContactlessStation: async () => {
          s.slots[0].setFault('remove-on-next-apdu', { instruction: 0xd6 });
          await encodeCard({ encoder: s.encoder, personaliser: new ReferencePersonaliser({ encoder: s.encoder }), readerName: s.readerNames[0], jobRef: 'job-bad', personaliseTimeoutMs: 5_000, waitForCardMs: 5_000 });
          return 'print';
        },
      });
      expect(result.outcome).toBe('spoiled');
      expect(result.detail).toContain('The contactless step failed');
      expect(result.detail).toContain('during UPDATE BINARY');
    } finally {
      await driver.close();
    }
    expect(server.printer.cards.at(-1)?.outcome).toBe('rejected');
    expect(server.printer.panelsPrinted).toBe(panelsBefore);
    expect(server.printer.ribbonImages).toBe(ribbonBefore);
    // Ser sends it to the reject box, then Rlr;p asks where it really is.
    expect(server.printer.commandLog.slice(-3)).toEqual(['Sic', 'Ser', 'Rlr;p']);
  });

  it("the step's own 'reject' also rejects the card unprinted", async () => {
    const driver = driverFor(server);
    try {
      const result = await driver.print(makeTestJob('chip-reject', 4), { atContactlessStation: async () => 'reject' });
      expect(result).toMatchObject({ outcome: 'spoiled', detail: expect.stringContaining('rejected at the contactless station') });
    } finally {
      await driver.close();
    }
    expect(server.printer.cards.at(-1)?.outcome).toBe('rejected');
  });

  it('a printer without a station answers Sic with OPT NOT AVAILABLE: spoiled, the card rejected', async () => {
    const driver = driverFor(plain);
    let ran = false;
    try {
      const result = await driver.print(makeTestJob('chip-none', 5), {
        atContactlessStation: async () => {
          ran = true;
          return 'print';
        },
      });
      expect(result.outcome).toBe('spoiled');
      expect(result.detail).toContain('answered OPT NOT AVAILABLE to Sic');
    } finally {
      await driver.close();
    }
    expect(ran).toBe(false);
    expect(plain.printer.cards.at(-1)?.outcome).toBe('rejected');
    expect(plain.printer.contactlessVisits).toBe(0);
  });

  it('without a contactless step the driver never sends Sic', async () => {
    const driver = driverFor(server);
    const visits = server.printer.contactlessVisits;
    try {
      await expect(driver.print(makeTestJob('no-chip', 6))).resolves.toEqual({ outcome: 'printed', reasons: [] });
    } finally {
      await driver.close();
    }
    expect(server.printer.contactlessVisits).toBe(visits);
  });
});
