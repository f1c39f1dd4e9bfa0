import type { PriorityClass, Sex } from '../../domain/record.js';
import {
  BIRTH_PLACES, FAMILY_NAMES, FEMALE_NAMES, KUPANG_DISTRICTS, MALE_NAMES, MARITAL, MIDDLE_NAMES, OCCUPATIONS, RELIGIONS, STREETS,
} from './kupang-names.js';
import type { SeededRandom } from './seeded-random.js';

/** The columns of an import file, in the order the demo writes them. */
export const IMPORT_COLUMNS = [
  'nik', 'name', 'province', 'regency', 'birth_place', 'birth_date', 'sex', 'blood_type', 'address', 'rt_rw',
  'village', 'district', 'religion', 'marital_status', 'occupation', 'nationality', 'valid_until', 'issue_place',
  'issue_date', 'priority', 'photo', 'signature',
] as const;

export type ImportRow = Record<(typeof IMPORT_COLUMNS)[number], string>;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A Kota Kupang NIK (53 71 DD ddmmyy ssss) for the given birth date and sex. */
export function kupangNik(districtCode: string, birthDate: string, sex: Sex, serial: number): string {
  const [y, m, d] = birthDate.split('-') as [string, string, string];
  const day = Number(d) + (sex === 'female' ? 40 : 0);
  return `5371${districtCode}${pad(day)}${m}${y.slice(2)}${pad(serial, 4)}`;
}

/**
 * `count` print-ready records with unique valid NIKs across Kota Kupang's districts, a realistic
 * mix of priorities (mostly first cards), born 1950–2008, issued `issueDate`.
 */
export function demoRecords(rng: SeededRandom, count: number, issueDate: string): ImportRow[] {
  const rows: ImportRow[] = [];
  const used = new Set<string>();
  while (rows.length < count) {
    const sex: Sex = rng.next() < 0.5 ? 'male' : 'female';
    const district = rng.pick(KUPANG_DISTRICTS);
    const birthDate = `${rng.int(1950, 2008)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
    const nik = kupangNik(district.code, birthDate, sex, rng.int(1, 9999));
    if (used.has(nik)) continue;
    used.add(nik);
    const first = rng.pick(sex === 'male' ? MALE_NAMES : FEMALE_NAMES);
    const middle = rng.next() < 0.4 ? ` ${rng.pick(MIDDLE_NAMES)}` : '';
    const roll = rng.next();
    const priority: PriorityClass = roll < 0.6 ? 'first-card' : roll < 0.85 ? 'data-change' : 'replacement';
    const n = rows.length + 1;
    rows.push({
      nik,
      name: `${first}${middle} ${rng.pick(FAMILY_NAMES)}`,
      province: 'NUSA TENGGARA TIMUR',
      regency: 'KOTA KUPANG',
      birth_place: rng.pick(BIRTH_PLACES),
      birth_date: birthDate,
      sex: sex === 'male' ? 'LAKI-LAKI' : 'PEREMPUAN',
      blood_type: rng.pick(['A', 'B', 'AB', 'O', '-']),
      address: `${rng.pick(STREETS)} NO. ${rng.int(1, 120)}`,
      rt_rw: `${pad(rng.int(1, 30), 3)}/${pad(rng.int(1, 12), 3)}`,
      village: rng.pick(district.villages),
      district: district.name,
      religion: rng.pick(RELIGIONS),
      marital_status: rng.pick(MARITAL),
      occupation: rng.pick(OCCUPATIONS),
      nationality: 'WNI',
      valid_until: 'SEUMUR HIDUP',
      issue_place: 'KOTA KUPANG',
      issue_date: issueDate,
      priority,
      photo: `photos/p${pad(n, 5)}.jpg`,
      signature: `signatures/s${pad(n, 5)}.png`,
    });
  }
  return rows;
}

export interface ProblemRow {
  readonly row: ImportRow;
  /** What is wrong, for the README of the demo folder (and the tests). */
  readonly problem: string;
}

/**
 * Rows an import must refuse, each with one deliberate fault. `base` rows supply valid fields and
 * images; the faults are the ones offices meet: day/sex mix-ups, missing files, renamed files,
 * paths that try to leave the folder, impossible dates, unknown regions.
 */
export function demoProblemRows(base: readonly ImportRow[]): ProblemRow[] {
  if (base.length === 0) throw new RangeError('demoProblemRows: needs at least one clean row');
  // Fewer than six clean rows (demo-data --count 5): the faults reuse them in turn.
  const [a, b, c, d, e, f] = Array.from({ length: 6 }, (_, i) => base[i % base.length]!) as [ImportRow, ImportRow, ImportRow, ImportRow, ImportRow, ImportRow];
  const swapSex = (r: ImportRow): ImportRow => ({ ...r, sex: r.sex === 'LAKI-LAKI' ? 'PEREMPUAN' : 'LAKI-LAKI' });
  return [
    { row: swapSex(a), problem: 'NIK day and sex disagree' },
    { row: { ...b, photo: 'photos/missing-photo.jpg' }, problem: 'photo file does not exist' },
    { row: { ...c, photo: 'photos/not-a-photo.jpg' }, problem: 'photo named .jpg is really text' },
    { row: { ...d, signature: '../../etc/passwd' }, problem: 'signature path leaves the import folder' },
    { row: { ...e, birth_date: '1990-02-30' }, problem: 'birth date is not a real date' },
    { row: { ...f, nik: `99${f.nik.slice(2)}` }, problem: 'NIK has an unknown province code' },
  ];
}
