/**
 * Mouse reports, as k9s and lazygit users expect: button presses and the wheel, in SGR encoding
 * (1006) so columns past 223 work. Turned on with the alternate screen and off when it is left.
 */
export const ENABLE_MOUSE = '\u001B[?1000h\u001B[?1006h';
export const DISABLE_MOUSE = '\u001B[?1006l\u001B[?1000l';

export type MouseEvent =
  | { readonly kind: 'click'; readonly column: number; readonly row: number }
  | { readonly kind: 'wheel'; readonly step: 1 | -1; readonly column: number; readonly row: number };

// Ink hands the sequence over without its ESC: "[<0;12;5M". Columns and rows count from 1.
const SGR_MOUSE = /^\u001B?\[<(\d+);(\d+);(\d+)([Mm])$/;

/** A left-button press or a wheel step, or null for anything else (releases, drags, other keys). */
export function parseMouse(input: string): MouseEvent | null {
  const m = SGR_MOUSE.exec(input);
  if (!m) return null;
  const button = Number(m[1]);
  const column = Number(m[2]);
  const row = Number(m[3]);
  if (button === 64 || button === 65) return { kind: 'wheel', step: button === 64 ? -1 : 1, column, row };
  if (button === 0 && m[4] === 'M') return { kind: 'click', column, row };
  return null;
}
