import { common } from './locales/common.js';

/**
 * Every namespace of the catalogue. A part of cetak adds its own file under `locales/` (both
 * languages side by side) and one line here.
 */
export const NAMESPACES = {
  common,
} as const;

export type NamespaceName = keyof typeof NAMESPACES;
