/**
 * Official province and regency/city codes, as used in the first four digits of a NIK (domain.md, "NIK").
 *
 * The list is today's (idn-area-data, Kemendagri decrees). A NIK keeps the code of the place where it was
 * first issued, so a NIK issued before a province was split (e.g. Papua in 2022, Kalimantan Utara in
 * 2012) may carry a regency code that now belongs to another province and is not in this list: those
 * codes are in region-codes-history.data.ts (cahyadsn/wilayah archives, MIT) with their last year.
 */
import { RETIRED_REGENCY_ROWS } from './region-codes-history.data.js';
import { PROVINCE_ROWS, REGENCY_ROWS } from './region-codes.data.js';

const PROVINCES: ReadonlyMap<string, string> = new Map(PROVINCE_ROWS);
const REGENCIES: ReadonlyMap<string, string> = new Map(REGENCY_ROWS);

/** Upper-case province name for a 2-digit code ("53" → "NUSA TENGGARA TIMUR"), or undefined if unknown. */
export function provinceName(code: string): string | undefined {
  return PROVINCES.get(code);
}

/** Upper-case regency/city name for a 4-digit code ("5371" → "KOTA KUPANG"), or undefined if unknown. */
export function regencyName(code4: string): string | undefined {
  return REGENCIES.get(code4);
}

export function isKnownProvince(code: string): boolean {
  return PROVINCES.has(code);
}

export function isKnownRegency(code4: string): boolean {
  return REGENCIES.has(code4);
}

export interface RetiredRegency {
  readonly name: string;
  /** The last year a Kemendagri list had the code; NIKs first issued by then may carry it. */
  readonly lastYear: number;
  /** That list, e.g. "Permendagri 58/2021". */
  readonly lastList: string;
}

const RETIRED: ReadonlyMap<string, RetiredRegency> = new Map(
  RETIRED_REGENCY_ROWS.map(([code, name, lastYear, lastList]) => [code, { name, lastYear, lastList }]),
);

/** A regency/city code that was official once and was retired by a later split, or undefined. */
export function retiredRegency(code4: string): RetiredRegency | undefined {
  return RETIRED.get(code4);
}

/** The earliest year the historical lists cover (codes retired before it are unknown to cetak). */
export const REGION_HISTORY_SINCE = 2011;

/** All known 4-digit regency codes, sorted (for test generators and pick lists). */
export function knownRegencyCodes(): readonly string[] {
  return REGENCY_ROWS.map(([code]) => code);
}

export { REGION_CODES_SOURCE_VERSION } from './region-codes.data.js';
