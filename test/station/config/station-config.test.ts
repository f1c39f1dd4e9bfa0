import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStationConfig, parseStationConfig } from '../../../src/station/config/station-config.js';

describe('station.json', () => {
  it('fills documented defaults around the printers', () => {
    const config = parseStationConfig({ printers: [{ id: 'p1', name: 'P1', uri: 'sim://evolis-primacy', family: 'evolis' }] }, 'station.json');
    expect(config.station).toEqual({ office: 'Disdukcapil', utcOffsetMinutes: 480 });
    expect(config.pollIntervalMs).toBe(3000);
    expect(config.printers[0]!.duplex).toBe(false);
    expect(config.forecast.workingDays).toBeDefined();
  });

  it('signs an idle console out after 15 minutes unless the file says otherwise, and names a bad value', () => {
    expect(parseStationConfig({}, 'station.json').console).toEqual({ idleSignOutSeconds: 900, mouse: true });
    expect(parseStationConfig({ console: { idleSignOutSeconds: 0, mouse: false } }, 'station.json').console).toEqual({ idleSignOutSeconds: 0, mouse: false });
    expect(() => parseStationConfig({ console: { idleSignOutSeconds: -5 } }, 'station.json')).toThrow(/^station\.json: console\.idleSignOutSeconds: /);
  });

  it('names the file and the field of the first problem', () => {
    expect(() => parseStationConfig({ printers: [{ id: 'p1', name: 'P1', uri: 'tcp://', family: 'evolis' }] }, 'station.json')).toThrow(/^station\.json: printers\[0\]\.uri: /);
    expect(() => parseStationConfig({ printers: [{ id: 'P 1', name: 'P1', uri: 'sim://evolis-primacy', family: 'evolis' }] }, 'station.json')).toThrow('station.json: printers[0].id: must be 1-32 lower-case letters, digits or "-"');
    expect(() => parseStationConfig({ pollIntervalMs: 5, colour: 'red' }, 'station.json')).toThrow(/station\.json: .*\(and 1 more problem\(s\)\)/);
    const twice = { id: 'p1', name: 'P1', uri: 'sim://evolis-primacy', family: 'evolis' };
    expect(() => parseStationConfig({ printers: [twice, twice] }, 'x.json')).toThrow('x.json: printers[1].id: printer id "p1" is used twice');
  });

  it('takes a TLS fingerprint for ipps:// printers only, naming the field', () => {
    const fingerprint = 'AB:'.repeat(31) + 'AB';
    const ipps = { id: 'p1', name: 'P1', uri: 'ipps://printer.local/ipp/print', family: 'fargo-hdp', tlsCertificateSha256: fingerprint, unreachableAfterSeconds: 20 };
    expect(parseStationConfig({ printers: [ipps] }, 'station.json').printers[0]).toMatchObject({ tlsCertificateSha256: fingerprint, unreachableAfterSeconds: 20 });
    expect(() => parseStationConfig({ printers: [{ ...ipps, uri: 'ipp://printer.local/ipp/print' }] }, 'station.json')).toThrow('station.json: printers[0].tlsCertificateSha256: applies to ipps:// printers only');
    expect(() => parseStationConfig({ printers: [{ ...ipps, tlsCertificateSha256: 'abc' }] }, 'station.json')).toThrow(/station.json: printers\[0\].tlsCertificateSha256: must be a SHA-256 fingerprint/);
    expect(() => parseStationConfig({ printers: [{ id: 'p2', name: 'P2', uri: 'tcp://10.0.0.5:9100', family: 'evolis', unreachableAfterSeconds: 5 }] }, 'station.json')).toThrow('station.json: printers[0].unreachableAfterSeconds: applies to ipp:// and ipps:// printers only');
  });

  it('treats a missing default file as no printers, but a named missing file and bad JSON as errors', async () => {
    const home = await mkdtemp(join(tmpdir(), 'cetak-config-'));
    try {
      expect((await loadStationConfig(home)).config.printers).toEqual([]);
      await expect(loadStationConfig(home, join(home, 'nope.json'))).rejects.toMatchObject({ code: 'config-unreadable' });
      await writeFile(join(home, 'station.json'), '{ "printers": [ }');
      await expect(loadStationConfig(home)).rejects.toMatchObject({ code: 'config-invalid', message: expect.stringMatching(/station\.json: not valid JSON/) });
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
