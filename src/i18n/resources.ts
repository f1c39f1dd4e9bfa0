import { common } from './locales/common.js';
import { shortage } from './locales/shortage.js';

/**
 * Every namespace of the catalogue. A part of cetak adds its own file under `locales/` (both
 * languages side by side) and one line here.
 */
export const NAMESPACES = {
  common,
  shortage,
} as const;

export type NamespaceName = keyof typeof NAMESPACES;
