import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryTransportPair } from '../../../hardware/memory-transport.js';
import { EmulatorPrinter } from '../../../hardware/emulator/emulator-printer.js';
import type { EmulatorPrinterOptions } from '../../../hardware/emulator/emulator-printer.js';
import { serveEmulatorOnTransport } from '../../../hardware/emulator/emulator-transport.js';
import { EvolisDriver, EvolisError } from '../../../hardware/evolis/evolis-driver.js';
import type { EvolisDriverOptions } from '../../../hardware/evolis/evolis-driver.js';
import { TransportError, makeGrayPlane } from '../../../hardware/types.js';
import { allEqual, compareCardToSide, makeMonoSide, makeTestJob } from './evolis-test-card.js';

const open: EvolisDriver[] = [];

function setup(printerOptions: EmulatorPrinterOptions = {}, driverOptions: Partial<EvolisDriverOptions> = {}) {
  const pair = createMemoryTransportPair('evolis-test');
  const printer = new EmulatorPrinter({ speedup: 10_000, ...printerOptions });
  serveEmulatorOnTransport(printer, pair.device, { drop: () => pair.disconnect() });
  const driver = new EvolisDriver({ uri: 'memory://evolis-test', transport: pair.host, commandTimeoutMs: 2_000, replyGapMs: 30, ...driverOptions });
  open.push(driver);
  return { printer, driver, pair };
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

describe('EvolisDriver ↔ emulator over memory', () => {
  it('identifies the printer with Rtp/Rsn/Rfv', async () => {
    const { driver } = setup({ model: 'Evolis Primacy', serial: 'SN123', firmware: '7.1' });
    await expect(driver.identify()).resolves.toEqual({ vendor: 'Evolis', model: 'Evolis Primacy', serial: 'SN123', firmware: '7.1', simulated: false });
    expect(driver.capabilities).toMatchObject({ family: 'evolis', duplex: true, colour: true, retransfer: false, ratedCardsPerHour: 150 });
  });

  it('prints a compressed YMCKO card whose decoded panels equal the reduced panels sent', async () => {
    const { printer, driver } = setup({ cards: 5 });
    const job = makeTestJob('job-1', 1);
    await expect(driver.print(job)).resolves.toEqual({ outcome: 'printed', reasons: [] });
    expect(printer.cards).toHaveLength(1);
    expect(printer.cards[0]?.outcome).toBe('printed');
    expect(compareCardToSide(printer.cards[0]!.front, job.front)).toEqual(allEqual(job.front));
    expect(printer.commandLog.filter((c) => c.startsWith('Dbc'))).toHaveLength(5);
    // Host-managed mode and the checks come before Ss (§4.1 host-managed variant).
    const log = printer.commandLog;
    expect(log.indexOf('Pem;2')).toBeLessThan(log.indexOf('Ss'));
    const start = log.indexOf('Ss');
    const end = log.indexOf('Se');
    expect(log.slice(0, start)).toEqual(expect.arrayContaining(['Sk;f', 'Rcr', 'Rlr;p']));
    // After the card, the driver reads the levels again, so a busy printer's status stays current.
    expect(log.slice(end + 1)).toEqual(expect.arrayContaining(['Rlr;p', 'Rcr', 'Sk;f']));
    expect(printer.feederCards).toBe(4);
  });

  it('prints uncompressed Db at 128 levels, duplex with a K-only back, pixel for pixel', async () => {
    const { printer, driver } = setup({}, { compressed: false, colourLevels: 128 });
    const back = makeMonoSide(4);
    const job = makeTestJob('job-2', 2, back);
    await expect(driver.print(job)).resolves.toMatchObject({ outcome: 'printed' });
    const card = printer.cards[0]!;
    expect(compareCardToSide(card.front, job.front, 128)).toEqual(allEqual(job.front));
    expect(compareCardToSide(card.back!, back)).toEqual({ k: 'equal' });
    expect(printer.commandLog.filter((c) => c.startsWith('Db;'))).toHaveLength(7);
    expect(printer.commandLog).toContain('Sv');
  });

  it('tells cards of different jobs apart by their panel hashes', async () => {
    const { printer, driver } = setup();
    await driver.print(makeTestJob('a', 1));
    await driver.print(makeTestJob('b', 2));
    await driver.print(makeTestJob('a-again', 1));
    const [a, b, again] = printer.cards;
    expect(a?.sha256).not.toBe(b?.sha256);
    expect(again?.sha256).toBe(a?.sha256);
  });

  it('reports status: levels, counters, feeder and warnings', async () => {
    const { printer, driver } = setup({ cards: 3, ribbonImages: 15, ribbonCapacity: 200 });
    await driver.print(makeTestJob('s', 1));
    const status = await driver.status();
    expect(status.state).toBe('idle');
    expect(status.reasons).toEqual(expect.arrayContaining(['marker-supply-low', 'media-low']));
    expect(status.levels).toEqual([{ kind: 'ribbon', name: 'ribbon', remainingImages: 14, capacityImages: 200, percent: 7 }]);
    expect(status.counters).toEqual({ cardsInserted: 1, panelsPrinted: 5 });
    printer.inject({ kind: 'feeder-empty' });
    await expect(driver.status()).resolves.toMatchObject({ state: 'stopped', feederCards: 0, reasons: expect.arrayContaining(['media-empty']) });
  });

  it('gives not-consumed with media-empty when the feeder is empty, before any card is picked', async () => {
    const { printer, driver } = setup({ cards: 0 });
    const result = await driver.print(makeTestJob('empty', 1));
    expect(result).toMatchObject({ outcome: 'not-consumed', reasons: ['media-empty'] });
    expect(printer.commandLog).not.toContain('Ss');
    expect(printer.cardsInserted).toBe(0);
  });

  it('gives not-consumed for ribbon out and cover open', async () => {
    const { printer, driver } = setup();
    printer.inject({ kind: 'ribbon-out' });
    await expect(driver.print(makeTestJob('r', 1))).resolves.toMatchObject({ outcome: 'not-consumed', reasons: ['marker-supply-empty'] });
    printer.loadRibbon(100);
    printer.inject({ kind: 'cover-open' });
    await expect(driver.print(makeTestJob('c', 1))).resolves.toMatchObject({ outcome: 'not-consumed', reasons: ['cover-open'] });
    await expect(driver.status()).resolves.toMatchObject({ state: 'stopped', reasons: expect.arrayContaining(['cover-open']) });
    expect(printer.cardsInserted).toBe(0);
  });

  it('gives spoiled with media-jam when the card jams after the pick, until reset', async () => {
    const { printer, driver } = setup();
    printer.inject({ kind: 'jam-after-pick' });
    await expect(driver.print(makeTestJob('jam', 1))).resolves.toMatchObject({ outcome: 'spoiled', reasons: ['media-jam'] });
    expect(printer.cards.map((c) => c.outcome)).toEqual(['jammed']);
    await expect(driver.status()).resolves.toMatchObject({ state: 'stopped', reasons: expect.arrayContaining(['media-jam']) });
    await expect(driver.print(makeTestJob('next', 2))).resolves.toMatchObject({ outcome: 'not-consumed', reasons: ['media-jam'] });
    await driver.reset();
    await expect(driver.print(makeTestJob('after-reset', 2))).resolves.toMatchObject({ outcome: 'printed' });
  });

  it('gives unknown when the connection drops mid-job', async () => {
    const { printer, driver } = setup();
    printer.inject({ kind: 'drop-mid-job' });
    const result = await driver.print(makeTestJob('drop', 1));
    expect(result.outcome).toBe('unknown');
    expect(result.reasons).toEqual(['offline']);
    expect(printer.cardInside).toBe(true);
    expect(printer.cards).toHaveLength(0);
  });

  it('resynchronises after a garbled reply and says so clearly', async () => {
    const { printer, driver } = setup();
    printer.inject({ kind: 'garbage-replies', count: 1 });
    const failure = await driver.identify().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EvolisError);
    expect(failure).toMatchObject({ code: 'resynchronised', command: 'Rtp' });
    expect((failure as Error).message).toMatch(/garbled reply to Rtp; the link was resynchronised/);
    await expect(driver.identify()).resolves.toMatchObject({ model: 'Evolis Primacy' });
    await expect(driver.print(makeTestJob('after-garbage', 1))).resolves.toMatchObject({ outcome: 'printed' });
  });

  it('applies the per-command timeout to slow replies', async () => {
    const { printer, driver } = setup();
    printer.inject({ kind: 'slow-replies', delayMs: 400 });
    const failure = await driver.identify({ timeoutMs: 100 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransportError);
    expect(failure).toMatchObject({ code: 'timeout' });
  });

  it('cancels a job after the pick: the card goes to the reject box', async () => {
    const { printer, driver } = setup();
    printer.inject({ kind: 'slow-replies', delayMs: 150 });
    const printing = driver.print(makeTestJob('cancel-me', 1));
    while (!printer.commandLog.includes('Sr')) await new Promise((r) => setTimeout(r, 20));
    await expect(driver.status()).resolves.toMatchObject({ state: 'printing' });
    await driver.cancel();
    await expect(printing).resolves.toMatchObject({ outcome: 'spoiled' });
    await vi.waitFor(() => expect(printer.cards.map((c) => c.outcome)).toEqual(['rejected']));
    expect(printer.cardInside).toBe(false);
  });

  it('gives not-consumed for an already-aborted signal, and rejects bad panels and calls after close', async () => {
    const { printer, driver } = setup();
    await expect(driver.print(makeTestJob('x', 1), { signal: AbortSignal.abort() })).resolves.toMatchObject({ outcome: 'not-consumed' });
    expect(printer.cardsInserted).toBe(0);
    await expect(driver.print({ id: 'bad', front: { y: makeGrayPlane(10, 10), m: makeGrayPlane(), c: makeGrayPlane() } })).rejects.toThrow(RangeError);
    await driver.close();
    await expect(driver.print(makeTestJob('closed', 1))).rejects.toMatchObject({ code: 'closed' });
    await expect(driver.status()).rejects.toMatchObject({ code: 'closed' });
  });

  it('falls back to Rco;l for the ribbon on firmware without Rrt', async () => {
    const { driver } = setup({ answersRibbonQueries: false, ribbonImages: 321 });
    await expect(driver.status()).resolves.toMatchObject({ state: 'idle', levels: [{ kind: 'ribbon', name: 'ribbon', remainingImages: 321 }] });
  });

  it('prints when the printer does not answer downloads (§8: tolerate silence)', async () => {
    const { printer, driver } = setup({ silentDownloads: true }, { downloadReplyTimeoutMs: 40 });
    const job = makeTestJob('silent', 3);
    await expect(driver.print(job)).resolves.toEqual({ outcome: 'printed', reasons: [] });
    expect(compareCardToSide(printer.cards[0]!.front, job.front)).toEqual(allEqual(job.front));
  });

  it('runs a cleaning cycle and a reset', async () => {
    const { printer, driver } = setup();
    await driver.clean();
    await driver.reset();
    expect(printer.cleanings).toBe(1);
    expect(printer.commandLog.slice(-2)).toEqual(['Scp', 'Srs']);
  });
});
