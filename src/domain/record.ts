/**
 * A print-ready record (PRR, "siap cetak") as the station receives it from Kemendagri's central
 * system: the e-KTP front fields in card order (domain.md, "What is printed on the card").
 */

export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];

export const BLOOD_TYPES = ['A', 'B', 'AB', 'O', '-'] as const;
export type BloodType = (typeof BLOOD_TYPES)[number];

/**
 * Priority classes, most urgent first. Offices print first cards and data changes before
 * replacements of lost or damaged cards when consumables are short (domain.md).
 */
export const PRIORITY_CLASSES = ['first-card', 'data-change', 'replacement'] as const;
export type PriorityClass = (typeof PRIORITY_CLASSES)[number];

/** Lower sorts first. */
export function priorityRank(priority: PriorityClass): number {
  return PRIORITY_CLASSES.indexOf(priority);
}

export interface CardRecord {
  readonly nik: string;
  /** PROVINSI …, upper case as printed. */
  readonly province: string;
  /** KABUPATEN/KOTA …, upper case as printed (e.g. "KOTA KUPANG"). */
  readonly regency: string;
  readonly name: string;
  readonly birthPlace: string;
  /** ISO date, yyyy-mm-dd. */
  readonly birthDate: string;
  readonly sex: Sex;
  readonly bloodType: BloodType;
  readonly address: string;
  /** "004/002". */
  readonly rtRw: string;
  readonly village: string;
  readonly district: string;
  readonly religion: string;
  readonly maritalStatus: string;
  readonly occupation: string;
  readonly nationality: string;
  /** "SEUMUR HIDUP" for lifetime cards, else an ISO date. */
  readonly validUntil: string;
  /** Place of issue printed under the photo (usually the regency city). */
  readonly issuePlace: string;
  /** ISO date of issue printed under the photo. */
  readonly issueDate: string;
  readonly priority: PriorityClass;
}
