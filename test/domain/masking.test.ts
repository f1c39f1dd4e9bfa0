import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MASKED_INVALID_NIK,
  MASKED_TEXT,
  SHORT_INVALID_NIK,
  maskNameInText,
  maskNik,
  maskNiksInText,
  maskText,
  nameInitials,
  nikPrefix,
  shortNik,
} from '../../src/domain/masking.js';

const NIK = '5371011708900003';
const ODD_INPUTS = [
  '',
  '5',
  '5371',
  '537101170890000',
  '53710117089000031',
  '5371O11708900003',
  'MARIA GORETI 1234',
  ' 5371011708900003',
  '5371011708900003\n',
];

describe('maskNik', () => {
  it('keeps region and serial, hides birth date and sex', () => {
    expect(maskNik(NIK)).toBe('5371**********0003');
    expect(maskNik(NIK)).not.toContain(NIK.slice(4, 12));
  });

  it.each(ODD_INPUTS)('returns the constant placeholder for %j', (input) => {
    expect(maskNik(input)).toBe(MASKED_INVALID_NIK);
    expect(MASKED_INVALID_NIK).toBe('****************');
  });
});

describe('shortNik', () => {
  it('gives region … serial', () => {
    expect(shortNik(NIK)).toBe('5371…0003');
  });

  it.each(ODD_INPUTS)('returns the constant placeholder for %j', (input) => {
    expect(shortNik(input)).toBe(SHORT_INVALID_NIK);
  });
});

describe('nikPrefix', () => {
  it('gives the four region digits, or nothing when they are not digits', () => {
    expect(nikPrefix(NIK)).toBe('5371…');
    expect(nikPrefix('5371')).toBe('5371…');
    expect(nikPrefix('537')).toBe('…');
    expect(nikPrefix('')).toBe('…');
    expect(nikPrefix('MARIA')).toBe('…');
    expect(nikPrefix('53A1011708900003')).toBe('…');
  });
});

describe('masking never echoes the digits it hides', () => {
  it('for any 16-digit NIK, digits 5–12 do not appear in maskNik/shortNik', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{16}$/), (nik) => {
        for (const masked of [maskNik(nik), shortNik(nik)]) {
          expect(masked).not.toContain(nik.slice(4, 12));
          expect(masked.replace(/[^\d]/g, '')).toBe(nik.slice(0, 4) + nik.slice(12));
        }
      }),
    );
  });

  it('for any other input, returns constants', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^\d{16}$/.test(s)),
        (input) => {
          expect(maskNik(input)).toBe(MASKED_INVALID_NIK);
          expect(shortNik(input)).toBe(SHORT_INVALID_NIK);
        },
      ),
    );
  });
});

describe('nameInitials', () => {
  it.each([
    ['MARIA GORETI', 'M. G.'],
    ['SUKARNO', 'S.'],
    ['  yohanes   de  britto ', 'Y. D. B.'],
    ['ST. AISYAH', 'S. A.'],
    ["MUH'D RIZAL", 'M. R.'],
    ['(ALM) BENEDIKTUS', 'A. B.'],
    ['ÉLISE ñoño', 'É. Ñ.'],
    ['ABDUL 2 RAHMAN', 'A. R.'],
    ['', ''],
    ['   ', ''],
    ['123 456', ''],
  ])('%j → %j', (name, initials) => {
    expect(nameInitials(name)).toBe(initials);
  });

  it('never returns more than one letter per word', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Z]{2,12}$/), { minLength: 1, maxLength: 5 }), (words) => {
        expect(nameInitials(words.join(' '))).toBe(words.map((w) => `${w[0]}.`).join(' '));
      }),
    );
  });
});

describe('maskText', () => {
  it('hides any address completely, keeping only whether it is present', () => {
    expect(maskText('JL. TIMOR RAYA NO. 12, OESAPA')).toBe(MASKED_TEXT);
    expect(maskText('x')).toBe(MASKED_TEXT);
    expect(maskText('')).toBe('');
    expect(maskText(' \t')).toBe('');
  });
});

describe('maskNiksInText', () => {
  it('masks a NIK however it is spaced, dotted or glued to a word', () => {
    for (const written of ['5371011708900003', '5371 0117 0890 0003', '5371  0117-0890.0003', '53.71.01.170890.0003', '5371/011708/900003']) {
      expect(maskNiksInText(`NIK ${written} ok`)).toBe('NIK 5371**********0003 ok');
    }
    expect(maskNiksInText('NIK5371011708900003')).toBe('NIK5371**********0003');
    expect(maskNiksInText('foto_5371011708900003.jpg')).toBe('foto_5371**********0003.jpg');
    expect(maskNiksInText('a5371011708900003b')).toBe('a5371**********0003b');
  });

  it('never leaves the birth-date digits of a NIK in the text, for any spacing', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('', ' ', '.', '-', '  ', ' - '), { minLength: 15, maxLength: 15 }), fc.constantFrom('', 'NIK', 'nik:', 'x'), (gaps, prefix) => {
        const written = [...NIK].map((d, i) => d + (gaps[i] ?? '')).join('');
        const masked = maskNiksInText(`${prefix}${written}`);
        expect(masked.replace(/\D/g, '')).toBe('53710003');
      }),
    );
  });

  it('leaves short numbers, station ids and dates alone', () => {
    const text = 'job_0a1b2c3d4e5f60718293 at 2026-11-02 2026-11-03T01:00:00.000Z, 12 cards, Rp 1.500.000, row 3';
    expect(maskNiksInText(text)).toBe(text);
    expect(maskNiksInText('537101170890000')).toBe('537101170890000');
  });
});

describe('maskNameInText', () => {
  it('replaces the whole name and each of its words by initials, any case', () => {
    expect(maskNameInText('Maria Goreti Laka datang; MARIA lagi, laka.', 'MARIA GORETI LAKA')).toBe('M. G. L. datang; M. lagi, L..');
    expect(maskNameInText("I Gede O'Neil, Gede", "I GEDE O'NEIL")).toBe('I. G. O., G.');
  });

  it('does not touch words that only contain the name', () => {
    expect(maskNameInText('MARIAM and AMARIA', 'MARIA')).toBe('MARIAM and AMARIA');
    expect(maskNameInText('nothing here', '')).toBe('nothing here');
    expect(maskNameInText('a.b (c)', 'A.B (C)')).toBe('a.b (c)');
  });
});
