import { z } from 'zod';

/**
 * The office's identity for the documents it files (Laporan bulanan, Berita Acara, daftar tanda
 * terima): the letterhead, the officials who sign, how documents are numbered, and which rule for
 * damaged cards the office follows. It sits under `office` in `station.json`:
 *
 * ```json
 * "office": {
 *   "government": "PEMERINTAH KOTA KUPANG",
 *   "name": "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL",
 *   "address": "Jl. Timor Raya No. 1, Kupang",
 *   "regency": "Kota Kupang",
 *   "place": "Kupang",
 *   "timeZone": "Asia/Makassar",
 *   "head": { "name": "Drs. NAMA KEPALA", "nip": "19700101 199503 1 001", "position": "Kepala Dinas" },
 *   "officials": { "blangko": { "name": "NAMA PENGELOLA", "nip": "198501012010012001", "position": "Pengelola Blangko KTP-el" } },
 *   "preparedBy": "blangko",
 *   "documentNumber": "470/{seq}/{code}/Dukcapil/{romanMonth}/{year}",
 *   "damagedCards": "burn"
 * }
 * ```
 */

/** Indonesia's three zones; no daylight saving, so each is one fixed offset (minutes east of UTC). */
export const OFFICE_TIME_ZONES = { 'Asia/Jakarta': 420, 'Asia/Makassar': 480, 'Asia/Jayapura': 540 } as const;
export type OfficeTimeZone = keyof typeof OFFICE_TIME_ZONES;

/** The zone whose offset is `utcOffsetMinutes`, or null for an offset outside Indonesia. */
export function timeZoneOfOffset(utcOffsetMinutes: number): OfficeTimeZone | null {
  return (Object.entries(OFFICE_TIME_ZONES).find(([, m]) => m === utcOffsetMinutes)?.[0] as OfficeTimeZone | undefined) ?? null;
}

/** A civil servant's NIP: 18 digits (birth date, appointment month, sex, serial); spaces as printed are allowed. */
export const Nip = z
  .string()
  .transform((s) => s.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{18}$/, 'a NIP is 18 digits (spaces allowed, e.g. "19700101 199503 1 001")'));

/** `19700101 199503 1 001`: the NIP grouped as it is printed under a signature. */
export function formatNip(nip: string): string {
  return /^\d{18}$/.test(nip) ? `${nip.slice(0, 8)} ${nip.slice(8, 14)} ${nip.slice(14, 15)} ${nip.slice(15)}` : nip;
}

export const Official = z.strictObject({
  name: z.string().trim().min(1).max(80),
  nip: Nip,
  /** Jabatan, as under the signature ("Kepala Dinas", "Pengelola Blangko KTP-el"). */
  position: z.string().trim().min(1).max(120),
  /** Pangkat/golongan where the office prints it ("Pembina Tk. I (IV/b)"). */
  rank: z.string().trim().min(1).max(60).optional(),
});
export type Official = z.infer<typeof Official>;

/** What a document number is made of; `{seq}` must be there, so two documents never share one. */
export const DOCUMENT_NUMBER_TOKENS = ['seq', 'code', 'romanMonth', 'month', 'year'] as const;

const documentNumberPattern = z
  .string()
  .min(1)
  .max(120)
  .superRefine((pattern, ctx) => {
    if (!pattern.includes('{seq}')) ctx.addIssue({ code: 'custom', message: 'must contain {seq}, the running number of the year' });
    for (const token of pattern.matchAll(/\{([^}]*)\}/g)) {
      if (!(DOCUMENT_NUMBER_TOKENS as readonly string[]).includes(token[1]!)) {
        ctx.addIssue({ code: 'custom', message: `unknown part {${token[1]}}: use ${DOCUMENT_NUMBER_TOKENS.map((t) => `{${t}}`).join(', ')}` });
      }
    }
  });

/** Which damaged-card rule the office follows (domain.md, Accountability rules). */
export const DAMAGED_CARD_RULES = ['burn', 'corner-cut'] as const;

export const OfficeConfig = z
  .strictObject({
    /** First letterhead line: the local government ("PEMERINTAH KOTA KUPANG"). */
    government: z.string().trim().min(1).max(120),
    /** Second line: the office ("DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL"). */
    name: z.string().trim().min(1).max(120),
    address: z.string().trim().min(1).max(200),
    /** Telephone, e-mail or web line under the address. */
    contact: z.string().trim().min(1).max(200).optional(),
    /** The regency or city the office serves ("Kota Kupang"). */
    regency: z.string().trim().min(1).max(80),
    /** The place written before the date ("Kupang, 3 Desember 2026"). */
    place: z.string().trim().min(1).max(60),
    /** Office time zone; default the one of `station.utcOffsetMinutes`, and the two must agree. */
    timeZone: z.enum(Object.keys(OFFICE_TIME_ZONES) as [OfficeTimeZone, ...OfficeTimeZone[]]).optional(),
    /** The head of office: signs "Mengetahui" on every document. */
    head: Official,
    /** Other officials who sign, by a short id of the office's choosing. */
    officials: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'official ids are 1-32 lower-case letters, digits or "-"'), Official).default({}),
    /** The official (an id in `officials`) who makes the documents ("Yang membuat"); default the head. */
    preparedBy: z.string().optional(),
    /** Document number pattern; `{code}` is each document's own code (LB, BAP, BAST, DTT). */
    documentNumber: documentNumberPattern.default('470/{seq}/{code}/Dukcapil/{romanMonth}/{year}'),
    /** `burn` (SE Mendagri 470.13/11176/SJ, in force) or `corner-cut` (the older handover to the Directorate General). */
    damagedCards: z.enum(DAMAGED_CARD_RULES).default('burn'),
  })
  .superRefine((office, ctx) => {
    if (office.preparedBy !== undefined && !(office.preparedBy in office.officials)) {
      const known = Object.keys(office.officials);
      ctx.addIssue({ code: 'custom', path: ['preparedBy'], message: `"${office.preparedBy}" is not one of office.officials (${known.length ? known.join(', ') : 'none defined'})` });
    }
  });
export type OfficeConfig = z.infer<typeof OfficeConfig>;

/** The office as the documents need it: every default resolved, time zone and offset agreeing. */
export interface OfficeIdentity {
  readonly government: string;
  readonly name: string;
  readonly address: string;
  readonly contact: string | null;
  readonly regency: string;
  readonly place: string;
  readonly timeZone: OfficeTimeZone;
  readonly utcOffsetMinutes: number;
  readonly head: Official;
  readonly preparedBy: Official;
  readonly documentNumber: string;
  readonly damagedCards: (typeof DAMAGED_CARD_RULES)[number];
}

export function officeIdentity(office: OfficeConfig, utcOffsetMinutes: number): OfficeIdentity {
  const timeZone = office.timeZone ?? timeZoneOfOffset(utcOffsetMinutes) ?? 'Asia/Makassar';
  return {
    government: office.government,
    name: office.name,
    address: office.address,
    contact: office.contact ?? null,
    regency: office.regency,
    place: office.place,
    timeZone,
    utcOffsetMinutes: OFFICE_TIME_ZONES[timeZone],
    head: office.head,
    preparedBy: office.preparedBy ? office.officials[office.preparedBy]! : office.head,
    documentNumber: office.documentNumber,
    damagedCards: office.damagedCards,
  };
}
