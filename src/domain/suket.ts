/**
 * The suket (Surat Keterangan pengganti KTP-el): the paper a resident carries while the card is
 * owed. Pure rules: its number and how long it is valid. No I/O.
 */

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'] as const;

/** `470/{seq}/Dukcapil/{month}/{year}` with seq 12 on 2026-11-05 → `470/0012/Dukcapil/XI/2026`. */
export function suketNumber(format: string, seq: number, issueDate: string): string {
  const [year, month] = issueDate.split('-');
  return format.replaceAll('{seq}', String(seq).padStart(4, '0')).replaceAll('{year}', year!).replaceAll('{month}', ROMAN[Number(month) - 1]!);
}

/** The last day the suket is valid: the same day `months` later, or the month's last day when it has none. */
export function validUntil(issueDate: string, months: number): string {
  const [y, m, d] = issueDate.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** Days before expiry from which a suket is listed as expiring. */
export const EXPIRING_WITHIN_DAYS = 30;
