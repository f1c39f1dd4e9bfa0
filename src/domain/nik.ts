/**
 * NIK (Nomor Induk Kependudukan) validation: `PP RR DD ddmmyy ssss` (domain.md, "NIK").
 *
 * The checks are the ones public validators make (python-stdnum `stdnum.id.nik`, Perl `Business::ID::NIK`),
 * plus the record cross-checks a print station can make: 16 digits; known province and regency (today's
 * official list, or a code retired by a later split if the holder was born while it was in force: a NIK
 * keeps the region where it was first issued, see region-codes.ts); district not 00; a real calendar date once the +40 for women is
 * removed; serial ≥ 0001; sex and birth date agree with the record.
 *
 * District 00: neither public validator checks the district (Business::ID::NIK's own example uses 00), but
 * official kecamatan codes start at 01, so we reject 00 as `nik-district-zero`.
 *
 * Messages name the NIK only by its region prefix ("NIK 5371…"), never in full.
 */
import { nikPrefix } from './masking.js';
import type { Sex } from './record.js';
import { isKnownProvince, isKnownRegency, REGION_HISTORY_SINCE, retiredRegency } from './region-codes.js';

export const NIK_LENGTH = 16;

/** Days 41–71 in the NIK are women's (day of birth + 40). */
export const FEMALE_DAY_OFFSET = 40;

export const NIK_PROBLEM_CODES = [
  'nik-length',
  'nik-not-digits',
  'nik-unknown-province',
  'nik-unknown-regency',
  'nik-district-zero',
  'nik-bad-date',
  'nik-serial-zero',
  'nik-sex-mismatch',
  'nik-birthdate-mismatch',
] as const;
export type NikProblemCode = (typeof NIK_PROBLEM_CODES)[number];

export interface NikProblem {
  readonly code: NikProblemCode;
  /** One sentence, English, naming the NIK only as "NIK 5371…". For logs; the UI words `code` + `params`. */
  readonly message: string;
  /** Non-personal details for the UI text (codes, counts, day and month numbers; never the full NIK). */
  readonly params: Readonly<Record<string, string | number>>;
}

export interface NikParts {
  /** 2-digit province code, "53". */
  readonly province: string;
  /** 4-digit regency/city code including the province, "5371" (regencyName() takes this). */
  readonly regency: string;
  /** 6-digit district (kecamatan) code including province and regency, "537101". */
  readonly district: string;
  /** ISO date, century resolved (see validateNik). */
  readonly birthDate: string;
  readonly sex: Sex;
  /** 4 digits, "0003". */
  readonly serial: string;
}

export interface NikContext {
  /** The record's sex; when given, the NIK's day must agree (41–71 for women). */
  readonly sex?: Sex;
  /** The record's birth date (ISO yyyy-mm-dd); when given, must agree with the NIK's ddmmyy. */
  readonly birthDate?: string;
  /** Today's local date (ISO yyyy-mm-dd, or an ISO timestamp whose date part is used). */
  readonly today: string;
}

export type NikValidation =
  | { readonly ok: true; readonly parts: NikParts }
  | { readonly ok: false; readonly problems: readonly NikProblem[] };

interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isRealDate(year: number, month: number, day: number): boolean {
  const days = DAYS_IN_MONTH[month - 1];
  if (!Number.isInteger(year) || days === undefined || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : days);
}

function parseIsoDate(text: string): CalendarDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/.exec(text);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return isRealDate(year, month, day) ? { year, month, day } : undefined;
}

function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

function isoDate(date: CalendarDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Resolves the two-digit year to the latest century that gives a real date not after today.
 * Returns undefined when no century gives a real date (e.g. 31 February, or 29 February in 1900).
 */
function resolveBirthDate(yy: number, month: number, day: number, today: CalendarDate): CalendarDate | undefined {
  const latest = Math.floor(today.year / 100) * 100 + yy;
  for (const year of [latest, latest - 100]) {
    const candidate = { year, month, day };
    if (isRealDate(year, month, day) && compareDates(candidate, today) <= 0) return candidate;
  }
  return undefined;
}

/**
 * Validates a NIK and, when the record's sex and birth date are given, checks the NIK agrees with them.
 * Reports every problem found, not only the first; length and non-digit problems stop further checks.
 *
 * Century: the NIK holds only yy. The birth date is the latest century's date that is not after `today`,
 * except that when the record's birth date matches the NIK's dd-mm-yy it is taken as is (someone born in
 * 1925 has yy = 25, which alone would resolve to 2025).
 *
 * @throws RangeError (code `nik-bad-today`) if `today` is not an ISO date: a caller bug, not a data problem.
 */
export function validateNik(nik: string, context: NikContext): NikValidation {
  const today = parseIsoDate(context.today);
  if (today === undefined) {
    throw Object.assign(new RangeError('validateNik: context.today must be an ISO date (yyyy-mm-dd).'), {
      code: 'nik-bad-today',
    });
  }
  const label = `NIK ${nikPrefix(nik)}`;
  const problems: NikProblem[] = [];
  const problem = (code: NikProblemCode, message: string, params: NikProblem['params'] = {}) =>
    problems.push({ code, message: `${label}: ${message}`, params });

  if (nik.length !== NIK_LENGTH) {
    problem('nik-length', `has ${nik.length} characters, needs ${NIK_LENGTH} digits.`, { length: nik.length });
    return { ok: false, problems };
  }
  const nonDigit = nik.search(/\D/);
  if (nonDigit !== -1) {
    problem('nik-not-digits', `character ${nonDigit + 1} is not a digit; a NIK is 16 digits.`, {
      position: nonDigit + 1,
    });
    return { ok: false, problems };
  }

  const province = nik.slice(0, 2);
  const regency = nik.slice(0, 4);
  const district = nik.slice(0, 6);
  if (!isKnownProvince(province)) {
    problem('nik-unknown-province', `province code ${province} is not in the official list.`, { province });
  }
  if (nik.slice(4, 6) === '00') {
    problem('nik-district-zero', 'district code 00 is not a district.', { district });
  }

  const nikDay = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  const sex: Sex | undefined =
    nikDay >= 1 && nikDay <= 31 ? 'male' : nikDay >= 41 && nikDay <= 71 ? 'female' : undefined;
  const day = sex === 'female' ? nikDay - FEMALE_DAY_OFFSET : nikDay;

  let birthDate: CalendarDate | undefined;
  if (sex === undefined) {
    problem('nik-bad-date', `day ${pad2(nikDay)} is neither 01–31 (men) nor 41–71 (women).`, {
      day: nikDay,
      month,
    });
  } else {
    birthDate = resolveBirthDate(yy, month, day, today);
    if (birthDate === undefined) {
      problem('nik-bad-date', `day ${pad2(nikDay)} month ${pad2(month)} is not a real calendar date.`, {
        day: nikDay,
        month,
      });
    }
  }

  if (sex !== undefined && context.sex !== undefined && sex !== context.sex) {
    problem('nik-sex-mismatch', `day ${pad2(nikDay)} means ${sex}, record says ${context.sex}.`, {
      day: nikDay,
      nikSex: sex,
      recordSex: context.sex,
    });
  }

  if (birthDate !== undefined && context.birthDate !== undefined) {
    const recorded = parseIsoDate(context.birthDate);
    if (recorded === undefined || context.birthDate.length !== 10) {
      problem('nik-birthdate-mismatch', "the record's birth date is not an ISO date (yyyy-mm-dd).", {});
    } else if (recorded.day !== day || recorded.month !== month) {
      problem(
        'nik-birthdate-mismatch',
        `birth date part says day ${pad2(day)} month ${pad2(month)}, ` +
          `record says day ${pad2(recorded.day)} month ${pad2(recorded.month)}.`,
        { nikDay: day, nikMonth: month, recordDay: recorded.day, recordMonth: recorded.month },
      );
    } else if (recorded.year % 100 !== yy) {
      problem('nik-birthdate-mismatch', "birth date part agrees with the record's day and month but not its year.", {
        nikDay: day,
        nikMonth: month,
      });
    } else if (compareDates(recorded, today) > 0) {
      problem('nik-birthdate-mismatch', "the record's birth date is after today.", {});
    } else {
      birthDate = recorded;
    }
  }

  if (isKnownProvince(province) && !isKnownRegency(regency)) {
    const retired = retiredRegency(regency);
    if (retired === undefined) {
      problem('nik-unknown-regency', `regency/city code ${regency} is not in the official list, today's or any since ${REGION_HISTORY_SINCE}.`, { regency });
    } else if (birthDate !== undefined && birthDate.year > retired.lastYear) {
      // Retired codes are real on NIKs first issued while they were in force, never on later ones.
      problem('nik-unknown-regency', `regency/city code ${regency} was retired after ${retired.lastYear}, before the holder was born.`, {
        regency,
        lastYear: retired.lastYear,
      });
    }
  }

  const serial = nik.slice(12);
  if (serial === '0000') problem('nik-serial-zero', 'serial 0000 is invalid; serials start at 0001.');

  if (problems.length > 0 || sex === undefined || birthDate === undefined) return { ok: false, problems };
  return { ok: true, parts: { province, regency, district, birthDate: isoDate(birthDate), sex, serial } };
}

/**
 * Builds a NIK from its parts (the inverse of validateNik's parts; used for fixtures and tests).
 * Does not validate: pass parts that validateNik would accept.
 */
export function composeNik(parts: Pick<NikParts, 'district' | 'birthDate' | 'sex' | 'serial'>): string {
  const [year, month, day] = parts.birthDate.split('-');
  const nikDay = Number(day) + (parts.sex === 'female' ? FEMALE_DAY_OFFSET : 0);
  return `${parts.district}${pad2(nikDay)}${month}${(year ?? '').slice(2)}${parts.serial}`;
}
