/**
 * Checks on a row's values before they are parsed: each must be text, and text the card can carry.
 * These run first so that a wrong value is refused with its real cause, never changed on its way
 * to a card (a JSON number above 2^53 has already lost digits when it arrives here; an invisible
 * character vanishes or shows on the card). Messages never quote the value.
 */
import type { FileProblem } from './read-rows.js';

/**
 * Characters no card field may hold: controls (other than tab and line breaks, which become spaces),
 * format characters (zero-width space, bidi overrides, soft hyphen, BOM), private-use, unassigned and
 * lone surrogate code points, line/paragraph separators, and U+FFFD, which means an earlier program
 * already mis-decoded the text.
 */
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\u2028\u2029\uFFFD]/u;
const ALLOWED_CONTROLS = new Set(['\t', '\n', '\r']);

/** A spreadsheet that treated the NIK as a number writes it as 9.17101E+15 and has lost digits. */
const SPREADSHEET_NUMBER = /^\s*\d+(?:[.,]\d+)?E\+?\d+\s*$/i;

function describe(char: string): string {
  const code = char.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const names: Readonly<Record<number, string>> = {
    0x00: 'NUL', 0x1b: 'ESCAPE', 0x7f: 'DELETE', 0xad: 'SOFT HYPHEN', 0x200b: 'ZERO WIDTH SPACE', 0x200c: 'ZERO WIDTH NON-JOINER',
    0x200d: 'ZERO WIDTH JOINER', 0x200e: 'LEFT-TO-RIGHT MARK', 0x200f: 'RIGHT-TO-LEFT MARK', 0x202a: 'LEFT-TO-RIGHT EMBEDDING',
    0x202b: 'RIGHT-TO-LEFT EMBEDDING', 0x202c: 'POP DIRECTIONAL FORMATTING', 0x202d: 'LEFT-TO-RIGHT OVERRIDE',
    0x202e: 'RIGHT-TO-LEFT OVERRIDE', 0x2066: 'LEFT-TO-RIGHT ISOLATE', 0x2067: 'RIGHT-TO-LEFT ISOLATE', 0x2069: 'POP DIRECTIONAL ISOLATE',
    0xfeff: 'BYTE ORDER MARK', 0xfffd: 'REPLACEMENT CHARACTER',
  };
  return names[code] === undefined ? hex : `${hex} ${names[code]}`;
}

/** The first character a field may not carry, with its position (1-based, in characters). */
export function forbiddenCharacter(text: string): { char: string; position: number } | undefined {
  if (!FORBIDDEN.test(text)) return undefined;
  let position = 0;
  for (const char of text) {
    position += 1;
    if (FORBIDDEN.test(char) && !ALLOWED_CONTROLS.has(char)) return { char, position };
  }
  return undefined;
}

function typeWord(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : typeof value === 'boolean' ? `${String(value)}` : `a ${typeof value}`;
}

/** Problems with the values of one row, before the schema sees them. `fields`: the columns checked. */
export function checkRawValues(row: number, values: Readonly<Record<string, unknown>>, fields: readonly string[]): FileProblem[] {
  const problems: FileProblem[] = [];
  const add = (field: string, code: string, message: string) => problems.push({ row, field, code, message });
  for (const field of fields) {
    const value = values[field];
    if (value === undefined) continue;
    if (typeof value === 'number' && field === 'nik') {
      add(field, 'row-nik-number', 'nik is a JSON number, which cannot hold 16 digits exactly; write it in quotes ("nik": "…")');
      continue;
    }
    if (typeof value !== 'string') {
      add(field, 'row-wrong-type', `${field} is ${typeWord(value)}; it must be text in quotes ("${field}": "…")`);
      continue;
    }
    const bad = forbiddenCharacter(value);
    if (bad !== undefined) {
      const hint = bad.char === '\uFFFD' ? '; the text was mis-decoded before it reached this file, so correct it from the source' : '; remove it';
      add(field, 'row-forbidden-character', `${field} has the invisible or control character ${describe(bad.char)} at character ${bad.position}${hint}`);
      continue;
    }
    if (field === 'nik' && SPREADSHEET_NUMBER.test(value)) {
      add(field, 'row-nik-number', 'nik was saved by a spreadsheet as a number (like 9.17E+15) and has lost digits; format the column as text and export again');
    }
  }
  return problems;
}
