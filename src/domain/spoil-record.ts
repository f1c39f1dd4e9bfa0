import { spoilCategoryOf, SPOIL_CATEGORIES } from './spoil-categories.js';

/**
 * The categories the Berita Acara and the monthly report count spoiled cards in: the daily
 * record's four, test cards (a card printed to check a printer uses a blank like any other), and
 * `other` for a cause that names none, so every spoiled card is counted somewhere.
 */
export const RECORD_CATEGORIES = [...SPOIL_CATEGORIES, 'other'] as const;
export type RecordCategory = (typeof RECORD_CATEGORIES)[number];

/** The daily record's category (test cards included), or `other` when the reason names none. */
export function recordCategoryOf(reason: string | null): RecordCategory {
  return spoilCategoryOf(reason) ?? 'other';
}

/** Zero for every category, in the order the documents print them. */
export function emptyCategoryCounts(): Record<RecordCategory, number> {
  return Object.fromEntries(RECORD_CATEGORIES.map((c) => [c, 0])) as Record<RecordCategory, number>;
}
