import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IppDriver } from '../../../hardware/ipp/ipp-driver.js';
import type { IppDriverOptions } from '../../../hardware/ipp/ipp-driver.js';
import { IppError } from '../../../hardware/ipp/ipp-error.js';
import { CARD_HEIGHT_DOTS, CARD_WIDTH_DOTS, TransportError, makeGrayPlane, makeMonoPlane } from '../../../hardware/types.js';
import type { PrintJob } from '../../../hardware/types.js';
import { startIppEvePrinter } from '../../support/ippeveprinter.js';
import type { IppEvePrinter } from '../../support/ippeveprinter.js';

function card(id = 'card-1'): PrintJob {
  const c = makeGrayPlane();
  c.data[0] = 255;
  const k = makeMonoPlane();
  k.data[CARD_WIDTH_DOTS * CARD_HEIGHT_DOTS - 1] = 1;
  return { id, front: { y: makeGrayPlane(), m: makeGrayPlane(), c, k } };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('IppDriver against ippeveprinter', () => {
  let printer: IppEvePrinter;
  const drivers: IppDriver[] = [];
  const driver = (options: Partial<IppDriverOptions> = {}): IppDriver => {
    const d = new IppDriver({
      uri: printer.uri,
      family: 'fargo-hdp',
      ratedCardsPerHour: 140,
      pollIntervalMs: 100,
      jobTimeoutMs: 15_000,
      requestTimeoutMs: 5_000,
      unreachableAfterMs: 1_000,
      ...options,
    });
    drivers.push(d);
    return d;
  };

  beforeEach(async () => {
    printer = await startIppEvePrinter();
    await printer.scriptNextJobs({});
  });
  afterEach(async () => {
    await Promise.all(drivers.splice(0).map((d) => d.close()));
    await printer.stop();
  });

  it('identifies the printer from its device ID', async () => {
    const d = driver();
    await expect(d.identify()).resolves.toEqual({
      vendor: 'HID',
      model: 'FARGO HDP5000',
      serial: '',
      firmware: '',
      simulated: false,
    });
    expect(d.capabilities).toEqual({ family: 'fargo-hdp', duplex: false, colour: true, retransfer: true, ratedCardsPerHour: 140 });
  });

  it('reports an idle printer and its printer-supply levels', async () => {
    await expect(driver().status()).resolves.toEqual({
      state: 'idle',
      reasons: [],
      levels: [
        { kind: 'other', name: 'Toner Waste Tank', percent: 25 },
        { kind: 'ribbon', name: 'Black Toner', percent: 75 },
      ],
    });
  });

  it('prints a card: the job completes and the spooled document is the card PNG', async () => {
    const result = await driver().print(card());
    expect(result.outcome).toBe('printed');
    expect(result.reasons).toEqual([]);
    const documents = await printer.spooledDocuments();
    expect(documents).toEqual(['1-cetak-card-1.png']);
    const png = PNG.sync.read(await readFile(join(printer.spoolDir, documents[0]!)));
    expect([png.width, png.height]).toEqual([CARD_WIDTH_DOTS, CARD_HEIGHT_DOTS]);
    expect([...png.data.subarray(0, 3)]).toEqual([0, 255, 255]); // full cyan
    const last = (CARD_WIDTH_DOTS * CARD_HEIGHT_DOTS - 1) * 4;
    expect([...png.data.subarray(last, last + 3)]).toEqual([0, 0, 0]); // resin
  });

  it('reads ribbon, film and cleaning levels set through printer-supply and marker-*', async () => {
    await printer.scriptNextJobs({
      stderr: [
        'ATTR: printer-supply="index=1;class=supplyThatIsConsumed;type=ribbonWax;unit=percent;maxcapacity=100;level=40;","index=2;class=supplyThatIsConsumed;type=transferRibbon;unit=impressions;maxcapacity=500;level=120;","index=3;type=cleanerUnit;unit=percent;maxcapacity=100;level=-2;" printer-supply-description="YMCKO Ribbon","HDP Film","Cleaning Roller"',
        'ATTR: marker-names="YMCKO Ribbon","Overlay Ribbon" marker-types=ink-ribbon,ribbon-wax marker-levels=40,-3',
      ],
    });
    const d = driver();
    expect((await d.print(card())).outcome).toBe('printed');
    const status = await d.status();
    expect(status.levels).toEqual([
      { kind: 'ribbon', name: 'YMCKO Ribbon', percent: 40 },
      { kind: 'film', name: 'HDP Film', percent: 24, remainingImages: 120, capacityImages: 500 },
      { kind: 'cleaning', name: 'Cleaning Roller' },
      { kind: 'ribbon', name: 'Overlay Ribbon' },
    ]);
  });

  it('reports a jam during printing as spoiled with the printer reason', async () => {
    await printer.scriptNextJobs({ stderr: ['STATE: +media-jam-error'], exitCode: 1 });
    const d = driver();
    const result = await d.print(card());
    expect(result.outcome).toBe('spoiled');
    expect(result.reasons).toContain('media-jam');
    expect(result.reasons).toContain('aborted-by-system');
    const status = await d.status();
    expect(status.reasons).toEqual(['media-jam']);
  });

  it('reports an empty feeder as not-consumed, shows it in status, and sends nothing more', async () => {
    await printer.scriptNextJobs({ stderr: ['STATE: +media-empty-error', 'ERROR: Card hopper empty'], exitCode: 1 });
    const d = driver();
    const first = await d.print(card('card-1'));
    expect(first.outcome).toBe('not-consumed');
    expect(first.reasons).toContain('media-empty');

    const status = await d.status();
    expect(status).toMatchObject({ state: 'idle', reasons: ['media-empty'], feederCards: 0 });

    const second = await d.print(card('card-2'));
    expect(second).toMatchObject({ outcome: 'not-consumed', reasons: ['media-empty'] });
    expect(second.detail).toMatch(/was not sent/);
    expect(await printer.spooledDocuments()).toEqual(['1-cetak-card-1.png']);
  });

  it('counts a paused printer as stopped and refuses to print to it', async () => {
    await printer.scriptNextJobs({ stderr: ['STATE: +paused,cover-open-error'] });
    const d = driver();
    expect((await d.print(card('card-1'))).outcome).toBe('printed');
    await expect(d.status()).resolves.toMatchObject({ state: 'stopped', reasons: ['cover-open', 'paused'] });
    const refused = await d.print(card('card-2'));
    expect(refused).toMatchObject({ outcome: 'not-consumed', reasons: ['cover-open', 'paused'] });
    expect(await printer.spooledDocuments()).toHaveLength(1);
  });

  it('answers busy with not-consumed while another job is printing', async () => {
    await printer.scriptNextJobs({ delaySeconds: 2 });
    const first = driver().print(card('card-1'));
    const other = driver();
    await until('the first job to be printing', async () => ((await other.status()).state === 'printing' ? true : undefined));
    const second = await other.print(card('card-2'));
    expect(second.outcome).toBe('not-consumed');
    expect(second.reasons).toContain('busy');
    expect((await first).outcome).toBe('printed');
  });

  it('reports unknown when the job is still processing at the timeout', async () => {
    await printer.scriptNextJobs({ delaySeconds: 3 });
    const started = Date.now();
    const result = await driver({ jobTimeoutMs: 800 }).print(card());
    expect(Date.now() - started).toBeLessThan(2500);
    expect(result.outcome).toBe('unknown');
    expect(result.reasons).toContain('timed-out');
    expect(result.detail).toMatch(/still processing/);
  });

  it('reports unknown when the printer goes away mid-job', async () => {
    await printer.scriptNextJobs({ delaySeconds: 3 });
    const pending = driver().print(card());
    await until('the document to be spooled', async () => ((await printer.spooledDocuments()).length > 0 ? true : undefined));
    await printer.stop();
    const result = await pending;
    expect(result.outcome).toBe('unknown');
    expect(result.reasons).toContain('offline');
  });

  it('cancels the running job: canceled after processing started counts as spoiled', async () => {
    await printer.scriptNextJobs({ delaySeconds: 1 });
    const d = driver();
    const pending = d.print(card());
    await until('the job to be printing', async () => ((await d.status()).state === 'printing' ? true : undefined));
    await d.cancel();
    const result = await pending;
    expect(result.outcome).toBe('spoiled');
    expect(result.reasons).toContain('job-canceled-by-user');
    await expect(d.cancel()).resolves.toBeUndefined(); // nothing running: no-op
  });

  it('stops following the job when the caller aborts, reporting unknown', async () => {
    await printer.scriptNextJobs({ delaySeconds: 2 });
    const controller = new AbortController();
    const d = driver();
    const pending = d.print(card(), { signal: controller.signal });
    await until('the document to be spooled', async () => ((await printer.spooledDocuments()).length > 0 ? true : undefined));
    controller.abort();
    const result = await pending;
    expect(result.outcome).toBe('unknown');
    expect(result.detail).toMatch(/Stopped following/);
  });

  it('rejects clean and reset, which ippeveprinter has no operation for', async () => {
    const d = driver();
    const clean = await rejection(d.clean());
    expect(clean).toBeInstanceOf(IppError);
    expect(clean).toMatchObject({ code: 'not-supported' });
    const reset = await rejection(d.reset());
    expect(reset).toBeInstanceOf(IppError);
    expect(reset).toMatchObject({ code: 'not-supported', ippStatus: 0x0501 });
  });

  it('rejects a two-sided job and calls after close', async () => {
    const d = driver();
    const twoSided: PrintJob = { ...card(), back: { k: makeMonoPlane() } };
    expect(await rejection(d.print(twoSided))).toMatchObject({ code: 'invalid-job' });
    await d.close();
    const closed = await rejection(d.status());
    expect(closed).toBeInstanceOf(TransportError);
    expect(closed).toMatchObject({ code: 'closed' });
    expect(await rejection(d.print(card()))).toMatchObject({ code: 'closed' });
    expect(await printer.spooledDocuments()).toEqual([]);
  });
});

describe('IppDriver without a printer', () => {
  it('reports not-consumed when nothing listens, and status rejects with open-failed', async () => {
    const printer = await startIppEvePrinter();
    const uri = printer.uri;
    await printer.stop(); // the port is now closed
    const d = new IppDriver({ uri, family: 'datacard', ratedCardsPerHour: 200, requestTimeoutMs: 2000 });
    try {
      const result = await d.print(card());
      expect(result).toMatchObject({ outcome: 'not-consumed', reasons: ['offline'] });
      const error = await rejection(d.status());
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ code: 'open-failed' });
    } finally {
      await d.close();
    }
  });

  it('checks its options', () => {
    const base = { uri: 'ipp://127.0.0.1:631/printers/x', family: 'fargo-hdp', ratedCardsPerHour: 100 } as const;
    expect(() => new IppDriver({ ...base, family: 'zebra' as never })).toThrow(/family "zebra"/);
    expect(() => new IppDriver({ ...base, ratedCardsPerHour: 0 })).toThrow(/ratedCardsPerHour/);
    expect(() => new IppDriver({ ...base, uri: 'ftp://printer/ipp/print' })).toThrow(/must use ipp:\/\/, ipps:\/\//);
    expect(() => new IppDriver({ ...base, uri: 'not a uri' })).toThrow(/not a valid URI/);
  });
});
