/** 1204 → "1,204": the grouping operators read on forms, independent of the machine's locale. */
export function formatNumber(value: number): string {
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.abs(Math.trunc(value)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Days of cover as "7.6 d"; null (no print rate yet) as "---". */
export function formatDays(days: number | null): string {
  if (days === null) return '---';
  if (days >= 100) return `${Math.round(days)} d`;
  return `${days.toFixed(1)} d`;
}
