/**
 * The categories of the daily record of spoiled blanks (a Director-General circular after SE
 * Mendagri 470.13/11176/SJ), in the words the record uses. An attempt's reason starts with its
 * category (`gagal encode: no answer from the chip`), so reports can count by category.
 */
export const SPOIL_CATEGORIES = ['gagal encode', 'rusak', 'gagal cetak', 'perubahan elemen data', 'test'] as const;
export type SpoilCategory = (typeof SPOIL_CATEGORIES)[number];

/** The chip could not be written: the blank is spoiled before any film or ribbon is used. */
export const ENCODE_FAILED: SpoilCategory = 'gagal encode';

/**
 * A test card an operator printed to check a printer: its blank is used like a spoiled one and is
 * destroyed with them, but it is counted apart, so a report never shows it as a damaged resident's card.
 */
export const TEST_CARD: SpoilCategory = 'test';

/** `gagal encode: detail`: the reason an attempt records for a spoiled blank of a category. */
export function spoilReason(category: SpoilCategory, detail: string): string {
  return detail ? `${category}: ${detail}` : category;
}

/** The category a recorded reason starts with, or null when it names none. */
export function spoilCategoryOf(reason: string | null): SpoilCategory | null {
  if (!reason) return null;
  return SPOIL_CATEGORIES.find((c) => reason === c || reason.startsWith(`${c}:`)) ?? null;
}
