import { z } from 'zod';
import { BLOOD_TYPES, PRIORITY_CLASSES, type PriorityClass, type Sex } from '../../domain/record.js';

/**
 * One row of an import file, as offices receive print-ready records: the e-KTP fields plus the photo
 * and signature paths (relative to the file). Values are normalised the way they are printed:
 * upper case, ISO dates, one spelling per sex, priority and blood type.
 */

const SEX_WORDS: Readonly<Record<string, Sex>> = {
  L: 'male', 'LAKI-LAKI': 'male', LAKI: 'male', M: 'male', MALE: 'male',
  P: 'female', PEREMPUAN: 'female', W: 'female', WANITA: 'female', F: 'female', FEMALE: 'female',
};

const PRIORITY_WORDS: Readonly<Record<string, PriorityClass>> = {
  'FIRST-CARD': 'first-card', BARU: 'first-card', FIRST: 'first-card', '1ST': 'first-card',
  'DATA-CHANGE': 'data-change', PERUBAHAN: 'data-change', CHANGE: 'data-change', CHG: 'data-change',
  REPLACEMENT: 'replacement', HILANG: 'replacement', RUSAK: 'replacement', REP: 'replacement',
};

function isRealIsoDate(iso: string): boolean {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Accepts yyyy-mm-dd or dd-mm-yyyy (also with "/"), returns ISO. */
export function parseDate(text: string): string | undefined {
  const t = text.trim();
  let iso: string | undefined;
  let m = /^(\d{4})[-/](\d{2})[-/](\d{2})$/.exec(t);
  if (m) iso = `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{2})[-/](\d{2})[-/](\d{4})$/.exec(t);
  if (m) iso = `${m[3]}-${m[2]}-${m[1]}`;
  return iso && isRealIsoDate(iso) ? iso : undefined;
}

const upper = (max: number) =>
  z
    .string({ error: 'is missing' })
    .transform((s) => s.trim().replace(/\s+/g, ' ').toUpperCase())
    .pipe(z.string().min(1, 'is empty').max(max, `is longer than ${max} characters`));

const date = z
  .string({ error: 'is missing' })
  .transform((s, ctx) => {
    const iso = parseDate(s);
    if (!iso) {
      ctx.addIssue({ code: 'custom', message: 'is not a date (yyyy-mm-dd or dd-mm-yyyy)' });
      return z.NEVER;
    }
    return iso;
  });

const path = z.string({ error: 'is missing' }).transform((s) => s.trim()).pipe(z.string().min(1, 'is empty'));

export const recordRowSchema = z.object({
  nik: z.string({ error: 'is missing' }).transform((s) => s.trim()),
  name: upper(120),
  province: upper(60),
  regency: upper(60),
  birth_place: upper(60),
  birth_date: date,
  sex: z.string({ error: 'is missing' }).transform((s, ctx) => {
    const sex = SEX_WORDS[s.trim().toUpperCase()];
    if (!sex) {
      ctx.addIssue({ code: 'custom', message: 'must be L/LAKI-LAKI or P/PEREMPUAN' });
      return z.NEVER;
    }
    return sex;
  }),
  blood_type: z
    .string()
    .optional()
    .transform((s, ctx) => {
      const v = (s ?? '').trim().toUpperCase() || '-';
      if (!(BLOOD_TYPES as readonly string[]).includes(v)) {
        ctx.addIssue({ code: 'custom', message: `must be one of ${BLOOD_TYPES.join(', ')}` });
        return z.NEVER;
      }
      return v as (typeof BLOOD_TYPES)[number];
    }),
  address: upper(200),
  rt_rw: z
    .string({ error: 'is missing' })
    .transform((s) => s.trim())
    .pipe(z.string().regex(/^\d{1,3}\/\d{1,3}$/, 'must look like 004/002'))
    .transform((s) => s.split('/').map((p) => p.padStart(3, '0')).join('/')),
  village: upper(60),
  district: upper(60),
  religion: upper(30),
  marital_status: upper(30),
  occupation: upper(60),
  nationality: z.string().optional().transform((s) => (s ?? '').trim().toUpperCase() || 'WNI'),
  valid_until: z
    .string()
    .optional()
    .transform((s, ctx) => {
      const v = (s ?? '').trim().toUpperCase();
      if (v === '' || v === 'SEUMUR HIDUP') return 'SEUMUR HIDUP';
      const iso = parseDate(v);
      if (!iso) {
        ctx.addIssue({ code: 'custom', message: 'must be SEUMUR HIDUP or a date' });
        return z.NEVER;
      }
      return iso;
    }),
  issue_place: upper(60),
  issue_date: date,
  priority: z
    .string()
    .optional()
    .transform((s, ctx) => {
      const v = (s ?? '').trim().toUpperCase() || 'FIRST-CARD';
      const p = PRIORITY_WORDS[v];
      if (!p) {
        ctx.addIssue({ code: 'custom', message: `must be one of ${PRIORITY_CLASSES.join(', ')}` });
        return z.NEVER;
      }
      return p;
    }),
  photo: path,
  signature: path,
});

export type RecordRow = z.output<typeof recordRowSchema>;

/** The columns a CSV file must have (optional ones may be absent). */
export const REQUIRED_COLUMNS = Object.entries(recordRowSchema.shape)
  .filter(([, schema]) => !schema.safeParse(undefined).success)
  .map(([name]) => name);
