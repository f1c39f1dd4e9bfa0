import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  REGION_CODES_DATA_PATH,
  loadRegionCodeSource,
  renderRegionCodesModule,
} from '../../scripts/generate-region-codes.js';
import {
  REGION_CODES_SOURCE_VERSION,
  isKnownProvince,
  isKnownRegency,
  knownRegencyCodes,
  provinceName,
  regencyName,
} from '../../src/domain/region-codes.js';

describe('region codes', () => {
  it('the committed data module matches a fresh generation from the installed idn-area-data', async () => {
    const [committed, source] = await Promise.all([
      readFile(REGION_CODES_DATA_PATH, 'utf8'),
      loadRegionCodeSource(),
    ]);
    expect(committed).toBe(renderRegionCodesModule(source));
    expect(REGION_CODES_SOURCE_VERSION).toBe(source.packageVersion);
  });

  it('carries the ODbL attribution and the source version in its header', async () => {
    const committed = await readFile(REGION_CODES_DATA_PATH, 'utf8');
    const header = committed.split('\n').slice(0, 10).join('\n');
    expect(header).toContain('Open Database License (ODbL)');
    expect(header).toContain(`idn-area-data ${REGION_CODES_SOURCE_VERSION}`);
  });

  it('knows Nusa Tenggara Timur and Kota Kupang', () => {
    expect(provinceName('53')).toBe('NUSA TENGGARA TIMUR');
    expect(regencyName('5371')).toBe('KOTA KUPANG');
    expect(regencyName('5301')).toBe('KABUPATEN KUPANG');
    expect(isKnownProvince('53')).toBe(true);
    expect(isKnownRegency('5371')).toBe(true);
  });

  it('knows the 2022 Papua provinces', () => {
    expect(provinceName('93')).toBe('PAPUA SELATAN');
    expect(regencyName('9301')).toBe('KABUPATEN MERAUKE');
  });

  it('rejects unknown, malformed and dotted codes', () => {
    for (const code of ['00', '10', '99', '5', '053', '', 'constructor', '__proto__']) {
      expect(isKnownProvince(code), code).toBe(false);
      expect(provinceName(code), code).toBeUndefined();
    }
    for (const code of ['5300', '5399', '53.71', '537', '53710', 'toString']) {
      expect(isKnownRegency(code), code).toBe(false);
      expect(regencyName(code), code).toBeUndefined();
    }
  });

  it('every regency belongs to a known province and codes are sorted and unique', () => {
    const codes = knownRegencyCodes();
    expect(codes.length).toBeGreaterThan(500);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual(codes);
    for (const code of codes) expect(isKnownProvince(code.slice(0, 2)), code).toBe(true);
  });

  it('the renderer rejects codes of the wrong shape instead of writing them', () => {
    const source = { packageVersion: '0.0.0', provinces: [{ code: '5', name: 'X' }], regencies: [] };
    expect(() => renderRegionCodesModule(source)).toThrow(/not 2 digits/);
    const quoted = renderRegionCodesModule({
      packageVersion: '0.0.0',
      provinces: [{ code: '53', name: "O'A \\ B" }],
      regencies: [{ code: '53.71', name: 'KOTA KUPANG' }],
    });
    expect(quoted).toContain("['53', 'O\\'A \\\\ B'],");
    expect(quoted).toContain("['5371', 'KOTA KUPANG'],");
  });
});
