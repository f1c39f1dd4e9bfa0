// Issue 12 item 3: NIKs issued under codes that later splits retired are real and accepted.
import { describe, expect, it } from 'vitest';
import { validateNik } from '../../src/domain/nik.js';
import { isKnownRegency, retiredRegency } from '../../src/domain/region-codes.js';

const today = '2026-11-02';

describe('retired regency codes', () => {
  it.each([
    // Pre-2022 Papua (split into Papua Selatan, Papua Tengah, Papua Pegunungan, Papua Barat Daya)
    ['9101', '9101031708900003', 'male', '1990-08-17', 'KABUPATEN MERAUKE'],
    ['9102', '9102015505850012', 'female', '1985-05-15', 'KABUPATEN JAYAWIJAYA'],
    ['9109', '9109020101000001', 'male', '2000-01-01', 'KABUPATEN MIMIKA'],
    ['9201', '9201044212950007', 'female', '1995-12-02', 'KABUPATEN SORONG'],
    ['9271', '9271010307800002', 'male', '1980-07-03', 'KOTA SORONG'],
    // Pre-2012 Kalimantan Timur (now Kalimantan Utara)
    ['6404', '6404011708750003', 'male', '1975-08-17', 'KABUPATEN BULUNGAN'],
    ['6405', '6405024103700001', 'female', '1970-03-01', 'KABUPATEN MALINAU'],
    ['6406', '6406031212650004', 'male', '1965-12-12', 'KABUPATEN NUNUKAN'],
    ['6410', '6410015601100002', 'female', '2010-01-16', 'KABUPATEN TANA TIDUNG'],
    ['6473', '6473020505880009', 'male', '1988-05-05', 'KOTA TARAKAN'],
  ] as const)('accepts a NIK first issued under %s', (code, nik, sex, birthDate, name) => {
    expect(isKnownRegency(code)).toBe(false);
    expect(retiredRegency(code)?.name).toBe(name);
    const result = validateNik(nik, { today, sex, birthDate });
    expect(result.ok ? result.parts.regency : result.problems).toBe(code);
  });

  it('refuses a retired code on a NIK whose holder was born after the code was retired', () => {
    const result = validateNik('9101031708230003', { today, sex: 'male', birthDate: '2023-08-17' });
    expect(!result.ok && result.problems.map((p) => p.message)).toEqual([
      'NIK 9101…: regency/city code 9101 was retired after 2022, before the holder was born.',
    ]);
    const kaltim = validateNik('6404011708130003', { today, sex: 'male', birthDate: '2013-08-17' });
    expect(!kaltim.ok && kaltim.problems.map((p) => p.code)).toEqual(['nik-unknown-regency']);
  });

  it('says a truly unknown code is in no list', () => {
    const result = validateNik('9199031708900003', { today });
    expect(!result.ok && result.problems.map((p) => p.message)).toEqual([
      "NIK 9199…: regency/city code 9199 is not in the official list, today's or any since 2011.",
    ]);
  });

  it('still accepts the codes that replaced them', () => {
    expect(validateNik('9301031708900003', { today }).ok).toBe(true); // Merauke, Papua Selatan
    expect(validateNik('6501011708900003', { today }).ok).toBe(true); // Bulungan, Kalimantan Utara
  });
});
