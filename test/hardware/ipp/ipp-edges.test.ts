// IPP at its edges (issue 13 item 6), against a real ippeveprinter: a printer that hangs (SIGSTOP)
// costs one request's time limit, and a job on it goes in doubt once it has been unreachable for
// the configured time; ipps:// is spoken with TLS, trusting a self-signed printer only by the
// fingerprint configured for it.
import { X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { IppDriver } from '../../../hardware/ipp/ipp-driver.js';
import type { IppDriverOptions } from '../../../hardware/ipp/ipp-driver.js';
import { CARD_HEIGHT_DOTS, CARD_WIDTH_DOTS, makeGrayPlane, makeMonoPlane } from '../../../hardware/types.js';
import type { PrintJob } from '../../../hardware/types.js';
import { startIppEvePrinter } from '../../support/ippeveprinter.js';
import type { IppEvePrinter } from '../../support/ippeveprinter.js';

function card(id = 'edge-card'): PrintJob {
  const k = makeMonoPlane();
  k.data[CARD_WIDTH_DOTS * CARD_HEIGHT_DOTS - 1] = 1;
  return { id, front: { y: makeGrayPlane(), m: makeGrayPlane(), c: makeGrayPlane(), k } };
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function printerAndDriver(printerOptions: { tls?: boolean } = {}, options: Partial<IppDriverOptions> = {}) {
  const printer: IppEvePrinter = await startIppEvePrinter(printerOptions);
  cleanup.push(() => printer.stop());
  await printer.scriptNextJobs({});
  const make = (more: Partial<IppDriverOptions> = {}): IppDriver => {
    const driver = new IppDriver({ uri: printer.uri, family: 'fargo-hdp', ratedCardsPerHour: 140, pollIntervalMs: 100, ...options, ...more });
    cleanup.push(() => driver.close());
    return driver;
  };
  return { printer, make };
}

describe('IPP printer that hangs (SIGSTOP)', () => {
  it('refuses to send to a hung printer after one request time limit, not the job budget', async () => {
    const { printer, make } = await printerAndDriver({}, { requestTimeoutMs: 1_000 });
    const driver = make();
    await expect(driver.status()).resolves.toMatchObject({ state: 'idle' });
    printer.freeze();
    const startedAtMs = Date.now();
    const result = await driver.print(card());
    const tookMs = Date.now() - startedAtMs;
    printer.thaw();
    expect(result).toMatchObject({ outcome: 'not-consumed', reasons: ['offline'] });
    // One request's limit (1 s), far from the 120 s job budget.
    expect(tookMs).toBeLessThan(10_000);
    expect(await printer.spooledDocuments()).toEqual([]);
  }, 30_000);

  it('puts a card in doubt once the printer has been unreachable for unreachableAfterMs', async () => {
    const { printer, make } = await printerAndDriver({}, { requestTimeoutMs: 500, unreachableAfterMs: 2_000 });
    await printer.scriptNextJobs({ delaySeconds: 5 });
    const driver = make();
    const printing = driver.print(card());
    const deadline = Date.now() + 10_000;
    while ((await printer.spooledDocuments()).length === 0) {
      if (Date.now() > deadline) throw new Error('the job never reached ippeveprinter');
      await new Promise((r) => setTimeout(r, 50));
    }
    printer.freeze();
    const frozenAtMs = Date.now();
    const result = await printing;
    const tookMs = Date.now() - frozenAtMs;
    printer.thaw();
    expect(result.outcome).toBe('unknown');
    expect(result.reasons).toContain('offline');
    // Silence is counted from the printer's last answer, which came shortly before the freeze.
    const silentSeconds = Number(/Lost contact with .* for (\d+) s/.exec(result.detail ?? '')?.[1]);
    expect(silentSeconds).toBeGreaterThanOrEqual(2);
    // In doubt after about 2 s of silence (plus one request limit), never the 120 s job budget.
    expect(tookMs).toBeGreaterThanOrEqual(1_000);
    expect(tookMs).toBeLessThan(15_000);
  }, 40_000);
});

describe('ipps:// printers', () => {
  it('refuses a self-signed certificate that is not configured, and says how to trust it', async () => {
    const { printer, make } = await printerAndDriver({ tls: true });
    const driver = make({ uri: printer.ippsUri, requestTimeoutMs: 5_000 });
    await expect(driver.status()).rejects.toMatchObject({ code: 'open-failed', message: expect.stringMatching(/not trusted .*tlsCertificateSha256/) });
    await expect(driver.print(card())).resolves.toMatchObject({ outcome: 'not-consumed' });
    expect(await printer.spooledDocuments()).toEqual([]);
  }, 30_000);

  it('prints over TLS to a printer whose certificate fingerprint is configured, and refuses another certificate', async () => {
    const { printer, make } = await printerAndDriver({ tls: true });
    // One TLS connection makes ippeveprinter create its certificate.
    await make({ uri: printer.ippsUri }).status().catch(() => undefined);
    const fingerprint = new X509Certificate(await printer.certificatePem()).fingerprint256;
    const pinned = make({ uri: printer.ippsUri, tls: { certificateSha256: fingerprint } });
    await expect(pinned.status()).resolves.toMatchObject({ state: 'idle' });
    await expect(pinned.print(card())).resolves.toMatchObject({ outcome: 'printed' });
    expect(await printer.spooledDocuments()).toHaveLength(1);

    const wrong = make({ uri: printer.ippsUri, tls: { certificateSha256: 'AB'.repeat(32) } });
    await expect(wrong.status()).rejects.toMatchObject({ code: 'open-failed', message: expect.stringMatching(/presented a TLS certificate with SHA-256 .* not the AB:AB/) });
  }, 30_000);

  it('rejects a fingerprint for a printer that is not ipps://', () => {
    expect(() => new IppDriver({ uri: 'ipp://127.0.0.1:1/ipp/print', family: 'fargo-hdp', ratedCardsPerHour: 140, tls: { certificateSha256: 'AB'.repeat(32) } })).toThrow(/not ipps/);
    expect(() => new IppDriver({ uri: 'ipps://127.0.0.1:1/ipp/print', family: 'fargo-hdp', ratedCardsPerHour: 140, tls: { certificateSha256: 'xyz' } })).toThrow(/64 hex digits/);
  });
});
