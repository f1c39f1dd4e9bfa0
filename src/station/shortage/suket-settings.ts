import { z } from 'zod';

/**
 * How the office writes its suket, under a `suket` key of station.json; `SuketSettings.parse({})`
 * gives every default. `numberFormat` takes `{seq}` (this year's running number, 4 digits),
 * `{year}` and `{month}` (Roman, as on Indonesian letters).
 */
export const SuketSettings = z.object({
  officeName: z.string().min(1).default('DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL'),
  region: z.string().min(1).default('KOTA KUPANG'),
  address: z.string().default(''),
  numberFormat: z.string().includes('{seq}', { message: 'the number format needs {seq}' }).default('470/{seq}/Dukcapil/{month}/{year}'),
  validMonths: z.number().int().min(1).max(12).default(6),
  /** The signing official, unless the one issuing names another. */
  official: z.object({ name: z.string().min(1), nip: z.string().regex(/^\d{18}$/, 'a NIP of 18 digits'), title: z.string().min(1) }).optional(),
});
export type SuketSettings = z.infer<typeof SuketSettings>;
