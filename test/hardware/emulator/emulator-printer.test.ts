import { describe, expect, it } from 'vitest';
import { EmulatorPrinter } from '../../../hardware/emulator/emulator-printer.js';
import type { EmulatorPrinterOptions } from '../../../hardware/emulator/emulator-printer.js';
import { emulatorPanelToNetpbm } from '../../../hardware/emulator/emulator-netpbm.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

/** Talk raw bytes to the emulator, as a host would (the emulator is a peer, not a mock). */
function rawHost(options: EmulatorPrinterOptions = {}) {
  const printer = new EmulatorPrinter({ speedup: 10_000, ...options });
  let received = Buffer.alloc(0);
  let dropped = false;
  const connection = printer.connect({
    send: (bytes) => {
      received = Buffer.concat([received, bytes]);
    },
    drop: () => {
      dropped = true;
    },
  });
  return {
    printer,
    /** Send bytes, wait until every command is answered, return the replies as NUL-split text. */
    async talk(bytes: Buffer): Promise<string[]> {
      received = Buffer.alloc(0);
      connection.feed(bytes);
      await connection.idle();
      return received.toString('latin1').split('\0').slice(0, -1);
    },
    get raw() {
      return received;
    },
    get dropped() {
      return dropped;
    },
  };
}

/** A white K panel, `Dbc` form (§3.7). */
const whiteK = Buffer.concat([b('\x1bDbc;k;2;1016;'), Buffer.alloc(1016), b('\r')]);

describe('EmulatorPrinter', () => {
  it('answers values, OK and ERROR CDE, each terminated by 00', async () => {
    const host = rawHost({ model: 'Evolis Primacy', serial: 'S1' });
    expect(await host.talk(b('\x1bRtp\r\x1bRsn\rSk;s\r\x1bXyz\r\x1bRlr\r'))).toEqual(['Evolis Primacy', 'S1', 'OK', 'ERROR CDE', 'ERROR CDE']);
    expect(host.raw.at(-1)).toBe(0);
  });

  it('tracks Psc framing and answers with the new characters understood', async () => {
    const host = rawHost();
    expect(await host.talk(b('\x1bPsc;60;47;62\r<Rco/c><Psc>\x1bRsc\r'))).toEqual(['OK', '0', 'OK', '27;59;13']);
  });

  it('picks a card on Ss, prints on Se, and counts cards, panels and ribbon', async () => {
    const host = rawHost({ cards: 2, ribbonImages: 10 });
    const replies = await host.talk(Buffer.concat([b('\x1bPr;k\r\x1bSs\r\x1bSr\r'), whiteK, b('\x1bSe\r\x1bRco;c\r\x1bRco;p\r\x1bRrt;count\r\x1bSk;f\r')]));
    expect(replies).toEqual(['OK', 'OK', 'OK', 'OK', 'OK', '1', '1', '9', '0']);
    expect(host.printer.cards).toHaveLength(1);
    expect(host.printer.cards[0]).toMatchObject({ index: 1, outcome: 'printed', ribbon: 'k' });
    expect(host.printer.feederCards).toBe(1);
  });

  it('refuses to pick with FEEDER EMPTY, COVER OPEN or ERROR RIBBON', async () => {
    const host = rawHost({ cards: 0 });
    expect(await host.talk(b('\x1bSs\r\x1bSk;f\r'))).toEqual(['FEEDER EMPTY', '1']);
    host.printer.loadCards(5);
    host.printer.inject({ kind: 'ribbon-out' });
    expect(await host.talk(b('\x1bSs\r\x1bRcr\r'))).toEqual(['ERROR RIBBON', 'ERROR RIBBON']);
    host.printer.loadRibbon(100);
    host.printer.inject({ kind: 'cover-open' });
    expect(await host.talk(b('\x1bSs\r\x1bRlr;p\r'))).toEqual(['COVER OPEN', 'COVER OPEN']);
    expect(host.printer.cardsInserted).toBe(0);
  });

  it('jams after the pick when told, and Srs clears the jam', async () => {
    const host = rawHost();
    host.printer.inject({ kind: 'jam-after-pick' });
    expect(await host.talk(Buffer.concat([b('\x1bSs\r'), whiteK, b('\x1bSe\r\x1bRlr;p\r\x1bSs\r')]))).toEqual(['OK', 'OK', 'CARD JAM', 'CARD JAM', 'CARD JAM']);
    expect(await host.talk(b('\x1bSrs\r\x1bRlr;p\r'))).toEqual(['OK', 'OK']);
    expect(host.printer.cards.map((c) => c.outcome)).toEqual(['jammed']);
  });

  it('drops the link at the first download after a pick', async () => {
    const host = rawHost();
    host.printer.inject({ kind: 'drop-mid-job' });
    expect(await host.talk(Buffer.concat([b('\x1bSs\r'), whiteK, b('\x1bSe\r')]))).toEqual(['OK']);
    expect(host.dropped).toBe(true);
    expect(host.printer.cardInside).toBe(true);
  });

  it('replaces the next reply with garbage, then answers normally', async () => {
    const host = rawHost();
    host.printer.inject({ kind: 'garbage-replies', count: 1 });
    await host.talk(b('\x1bRtp\r'));
    expect([...host.raw].some((byte) => byte > 0x7e)).toBe(true);
    expect(await host.talk(b('\x1bSk;s\r'))).toEqual(['OK']);
  });

  it('takes msPerCard / speedup to print a card', async () => {
    const host = rawHost({ msPerCard: 6_000, speedup: 20 });
    const started = performance.now();
    await host.talk(Buffer.concat([b('\x1bSs\r'), whiteK, b('\x1bSe\r')]));
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('can play an old firmware without Rrt and a printer that does not answer downloads', async () => {
    const host = rawHost({ answersRibbonQueries: false, silentDownloads: true });
    expect(await host.talk(Buffer.concat([b('\x1bRrt;count\r\x1bRco;l\r\x1bSs\r'), whiteK, b('\x1bSe\r')]))).toEqual(['ERROR CDE', '500', 'OK', 'OK']);
  });

  it('writes a decoded panel out as PBM', async () => {
    const host = rawHost();
    const blackLine = Buffer.concat([b('\x1bDbc;k;2;1016;'), Buffer.from([0xff]), Buffer.alloc(1015), b('\r')]);
    await host.talk(Buffer.concat([b('\x1bSs\r'), blackLine, b('\x1bSe\r')]));
    const pbm = emulatorPanelToNetpbm(host.printer.cards[0]!.front.k!);
    const header = 'P4\n1016 648\n';
    expect(pbm.subarray(0, header.length).toString('ascii')).toBe(header);
    // Wire line 0 is landscape column x = 0: the whole left edge is black, nothing else.
    const rowBytes = 127;
    expect(pbm[header.length]).toBe(0x80);
    expect(pbm[header.length + 647 * rowBytes]).toBe(0x80);
    expect(pbm[header.length + 1]).toBe(0);
  });
});
