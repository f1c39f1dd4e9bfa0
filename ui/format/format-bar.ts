import type { Glyphs } from '../theme/glyphs.js';

/** A level bar of `width` cells (brackets included in ASCII) for `remaining` of `capacity`. */
export function formatBar(remaining: number, capacity: number, width: number, glyphs: Glyphs): string {
  const inner = Math.max(1, width - glyphs.barOpen.length - glyphs.barClose.length);
  const ratio = capacity > 0 ? Math.min(1, Math.max(0, remaining / capacity)) : 0;
  // A roll with anything left shows at least one cell, so "nearly empty" never looks like "empty".
  const full = remaining > 0 ? Math.max(1, Math.round(ratio * inner)) : 0;
  return glyphs.barOpen + glyphs.barFull.repeat(full) + glyphs.barEmpty.repeat(inner - full) + glyphs.barClose;
}
