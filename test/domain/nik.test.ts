import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeNik, validateNik } from '../../src/domain/nik.js';
import type { NikContext, NikProblemCode, NikValidation } from '../../src/domain/nik.js';
import { knownRegencyCodes } from '../../src/domain/region-codes.js';

const TODAY = '2026-11-27';

function check(nik: string, context: Partial<NikContext> = {}): NikValidation {
  const result = validateNik(nik, { today: TODAY, ...context });
  if (!result.ok) {
    for (const problem of result.problems) {
      // The full NIK (or the whole input, when it is long enough to identify anyone) never appears.
      if (nik.length > 4) {
        expect(problem.message).not.toContain(nik);
        expect(JSON.stringify(problem.params)).not.toContain(nik);
      }
    }
  }
  return result;
}

function codes(nik: string, context: Partial<NikContext> = {}): NikProblemCode[] {
  const result = check(nik, context);
  return result.ok ? [] : result.problems.map((p) => p.code);
}

describe('validateNik: valid Kota Kupang NIKs', () => {
  it('parses a man born 17 August 1990', () => {
    expect(check('5371011708900003', { sex: 'male', birthDate: '1990-08-17' })).toEqual({
      ok: true,
      parts: {
        province: '53',
        regency: '5371',
        district: '537101',
        birthDate: '1990-08-17',
        sex: 'male',
        serial: '0003',
      },
    });
  });

  it('parses a woman born 5 March 1985 (day 45)', () => {
    const result = check('5371024503850001', { sex: 'female' });
    expect(result.ok && result.parts).toMatchObject({ birthDate: '1985-03-05', sex: 'female', district: '537102' });
  });

  it('accepts serial 9999 and the context without record fields', () => {
    expect(check('5371011708909999').ok).toBe(true);
  });
});

describe('validateNik: the day and the +40 for women', () => {
  it.each([
    ['01', 'male', '1990-01-01'],
    ['31', 'male', '1990-01-31'],
    ['41', 'female', '1990-01-01'],
    ['71', 'female', '1990-01-31'],
  ] as const)('day %s means %s', (day, sex, birthDate) => {
    const result = check(`537101${day}0190` + '0001');
    expect(result.ok && result.parts).toMatchObject({ sex, birthDate });
  });

  it.each(['00', '32', '39', '40', '72', '80', '99'])('day %s is no one’s day', (day) => {
    const result = check(`537101${day}0190` + '0001');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([
      expect.objectContaining({
        code: 'nik-bad-date',
        message: `NIK 5371…: day ${day} is neither 01–31 (men) nor 41–71 (women).`,
      }),
    ]);
  });

  it('checks the calendar after removing the 40: 31 April is not a date for anyone', () => {
    expect(codes('5371013104900001')).toEqual(['nik-bad-date']);
    expect(codes('5371017104900001')).toEqual(['nik-bad-date']);
    expect(codes('5371013004900001')).toEqual([]);
    expect(codes('5371017004900001')).toEqual([]);
  });

  it('rejects month 00 and 13', () => {
    expect(codes('5371011700900001')).toEqual(['nik-bad-date']);
    expect(codes('5371011713900001')).toEqual(['nik-bad-date']);
  });
});

describe('validateNik: 29 February and the century', () => {
  it('29 Feb 2000 (leap) is valid for men and women', () => {
    const man = check('5371012902000001');
    expect(man.ok && man.parts).toMatchObject({ birthDate: '2000-02-29', sex: 'male' });
    const woman = check('5371016902000001');
    expect(woman.ok && woman.parts).toMatchObject({ birthDate: '2000-02-29', sex: 'female' });
  });

  it('29 Feb 2001 / 1901 does not exist', () => {
    expect(codes('5371012902010001')).toEqual(['nik-bad-date']);
    expect(codes('5371016902010001')).toEqual(['nik-bad-date']);
  });

  it('29 Feb yy=28 falls back to 1928 because 2028 is in the future', () => {
    const result = check('5371012902280001');
    expect(result.ok && result.parts.birthDate).toBe('1928-02-29');
  });

  it('29 Feb yy=00 before 29 Feb 2000 has no real past date (1900 was not a leap year)', () => {
    expect(codes('5371012902000001', { today: '2000-02-28' })).toEqual(['nik-bad-date']);
    expect(codes('5371012902000001', { today: '2000-02-29' })).toEqual([]);
  });

  it('chooses the century that is not in the future, today included', () => {
    const birthDate = (nik: string) => {
      const result = check(nik);
      return result.ok ? result.parts.birthDate : undefined;
    };
    expect(birthDate('5371012711260001')).toBe('2026-11-27');
    expect(birthDate('5371012811260001')).toBe('1926-11-28');
    expect(birthDate('5371010112260001')).toBe('1926-12-01');
    expect(birthDate('5371012610260001')).toBe('2026-10-26');
    expect(birthDate('5371010101270001')).toBe('1927-01-01');
    expect(birthDate('5371010101990001')).toBe('1999-01-01');
  });

  it('takes the record’s century when it matches the NIK (someone born in 1925)', () => {
    const alone = check('5371010106250001');
    expect(alone.ok && alone.parts.birthDate).toBe('2025-06-01');
    const withRecord = check('5371010106250001', { birthDate: '1925-06-01' });
    expect(withRecord.ok && withRecord.parts.birthDate).toBe('1925-06-01');
  });

  it('uses the date part of an ISO timestamp for today, and throws on a bad today', () => {
    expect(codes('5371012711260001', { today: '2026-11-27T23:59:00+08:00' })).toEqual([]);
    expect(() => validateNik('5371011708900003', { today: '27/11/2026' })).toThrow(
      expect.objectContaining({ code: 'nik-bad-today' }),
    );
    expect(() => validateNik('5371011708900003', { today: '2026-02-30' })).toThrow(RangeError);
  });
});

describe('validateNik: every failure kind', () => {
  it('nik-length, for short, long and empty input', () => {
    for (const nik of ['537101170890000', '53710117089000031', '']) {
      const result = check(nik);
      expect(!result.ok && result.problems.map((p) => p.code)).toEqual(['nik-length']);
    }
    const result = check('');
    expect(!result.ok && result.problems[0]?.message).toBe('NIK …: has 0 characters, needs 16 digits.');
  });

  it('nik-not-digits names the position, never the character or the input', () => {
    const result = check('5371O11708900003');
    expect(!result.ok && result.problems).toEqual([
      {
        code: 'nik-not-digits',
        message: 'NIK 5371…: character 5 is not a digit; a NIK is 16 digits.',
        params: { position: 5 },
      },
    ]);
    const named = check('MARIA GORETI 123');
    expect(!named.ok && named.problems[0]?.message).toBe('NIK …: character 1 is not a digit; a NIK is 16 digits.');
    expect(codes('5371 11708900003')).toEqual(['nik-not-digits']);
    expect(codes('５３７１０１１７０８９００００３')).toEqual(['nik-not-digits']);
  });

  it('nik-unknown-province (and then no regency complaint)', () => {
    const result = check('9971011708900003');
    expect(!result.ok && result.problems).toEqual([
      expect.objectContaining({ code: 'nik-unknown-province', params: { province: '99' } }),
    ]);
  });

  it('nik-unknown-regency', () => {
    const result = check('5399011708900003');
    expect(!result.ok && result.problems).toEqual([
      expect.objectContaining({
        code: 'nik-unknown-regency',
        message: "NIK 5399…: regency/city code 5399 is not in the official list, today's or any since 2011.",
      }),
    ]);
  });

  it('nik-district-zero', () => {
    expect(codes('5371001708900003')).toEqual(['nik-district-zero']);
  });

  it('nik-serial-zero', () => {
    expect(codes('5371011708900000')).toEqual(['nik-serial-zero']);
  });

  it('nik-sex-mismatch, worded with the day', () => {
    const result = check('5371014503850001', { sex: 'male' });
    expect(!result.ok && result.problems).toEqual([
      {
        code: 'nik-sex-mismatch',
        message: 'NIK 5371…: day 45 means female, record says male.',
        params: { day: 45, nikSex: 'female', recordSex: 'male' },
      },
    ]);
    expect(codes('5371011708900003', { sex: 'female' })).toEqual(['nik-sex-mismatch']);
  });

  it('nik-sex-mismatch is still found when the date itself is bad', () => {
    expect(codes('5371017104900001', { sex: 'male' })).toEqual(['nik-bad-date', 'nik-sex-mismatch']);
  });

  it('nik-birthdate-mismatch on day, month, year, a future record date and a malformed record date', () => {
    expect(codes('5371011708900003', { birthDate: '1990-08-18' })).toEqual(['nik-birthdate-mismatch']);
    expect(codes('5371011708900003', { birthDate: '1990-09-17' })).toEqual(['nik-birthdate-mismatch']);
    expect(codes('5371011708900003', { birthDate: '1991-08-17' })).toEqual(['nik-birthdate-mismatch']);
    expect(codes('5371011708900003', { birthDate: '2090-08-17' })).toEqual(['nik-birthdate-mismatch']);
    expect(codes('5371011708900003', { birthDate: '17-08-1990' })).toEqual(['nik-birthdate-mismatch']);
    expect(codes('5371011708900003', { birthDate: '1990-08-17T00:00:00Z' })).toEqual(['nik-birthdate-mismatch']);
    // A woman's record date is compared with the day after removing the 40.
    expect(codes('5371015708900003', { birthDate: '1990-08-17', sex: 'female' })).toEqual([]);
    const result = check('5371011708900003', { birthDate: '1990-08-18' });
    expect(!result.ok && result.problems[0]?.message).toBe(
      'NIK 5371…: birth date part says day 17 month 08, record says day 18 month 08.',
    );
  });

  it('reports every problem at once', () => {
    expect(codes('5371004503850000', { sex: 'male', birthDate: '1985-03-06' })).toEqual([
      'nik-district-zero',
      'nik-sex-mismatch',
      'nik-birthdate-mismatch',
      'nik-serial-zero',
    ]);
  });
});

describe('validateNik: properties', () => {
  const regencies = knownRegencyCodes();
  const nikInput = (minDate: Date) =>
    fc.record({
      regency: fc.constantFrom(...regencies),
      district: fc.integer({ min: 1, max: 99 }),
      birthDate: fc.date({ min: minDate, max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true }),
      sex: fc.constantFrom('male' as const, 'female' as const),
      serial: fc.integer({ min: 1, max: 9999 }),
    });
  const partsOf = (input: {
    regency: string;
    district: number;
    birthDate: Date;
    sex: 'male' | 'female';
    serial: number;
  }) => ({
    province: input.regency.slice(0, 2),
    regency: input.regency,
    district: `${input.regency}${String(input.district).padStart(2, '0')}`,
    birthDate: input.birthDate.toISOString().slice(0, 10),
    sex: input.sex,
    serial: String(input.serial).padStart(4, '0'),
  });

  it('any valid NIK within the last 100 years validates on its own and its parts round-trip', () => {
    fc.assert(
      fc.property(nikInput(new Date('1926-11-28T00:00:00Z')), (input) => {
        const parts = partsOf(input);
        const nik = composeNik(parts);
        expect(nik).toMatch(/^\d{16}$/);
        expect(validateNik(nik, { today: TODAY })).toEqual({ ok: true, parts });
      }),
      { numRuns: 500 },
    );
  });

  it('any valid NIK since 1900 validates with the record’s sex and birth date and round-trips', () => {
    fc.assert(
      fc.property(nikInput(new Date('1900-01-01T00:00:00Z')), (input) => {
        const parts = partsOf(input);
        const nik = composeNik(parts);
        expect(validateNik(nik, { today: TODAY, sex: parts.sex, birthDate: parts.birthDate })).toEqual({
          ok: true,
          parts,
        });
      }),
      { numRuns: 500 },
    );
  });

  it('no message ever contains the input, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ minLength: 5, maxLength: 20 }), fc.stringMatching(/^\d{16}$/)), (nik) => {
        const result = validateNik(nik, { today: TODAY, sex: 'male', birthDate: '1990-01-01' });
        if (!result.ok) for (const p of result.problems) expect(p.message).not.toContain(nik);
      }),
      { numRuns: 1000 },
    );
  });
});
