/**
 * How personal data is shown outside the card itself (style.md house rules 5 and 17).
 *
 * | where                                              | NIK           | name           | address    |
 * |----------------------------------------------------|---------------|----------------|------------|
 * | the card being printed (renderer only)             | full          | full           | full       |
 * | operator views in the console (job list, queue)    | `shortNik`    | `nameInitials` | `maskText` |
 * | reports, exports, audit details, logs, status line | `maskNik`     | `nameInitials` | `maskText` |
 * | error and validation messages                      | `nikPrefix`   | never          | never      |
 *
 * `shortNik` is for people at the station who need to tell two queued cards apart; `maskNik` is for
 * technician views, reports and logs. Every function here returns a
 * constant placeholder for input that is not a well-formed NIK, so a malformed value (which may be a name
 * or a phone number pasted into the wrong field) is never echoed.
 */

const NIK_PATTERN = /^\d{16}$/;

/** What `maskNik` returns for anything that is not 16 digits: 16 stars, revealing nothing, not even length. */
export const MASKED_INVALID_NIK = '*'.repeat(16);

/** What `shortNik` returns for anything that is not 16 digits. */
export const SHORT_INVALID_NIK = '(invalid NIK)';

/** What `maskText` returns for any non-empty text. */
export const MASKED_TEXT = '***';

/**
 * Region (first 4 digits) + 10 stars + last 4 (serial): "5371**********0003", the form the console spec
 * uses. The stars do not count the hidden digits on purpose.
 * The region says only where the NIK was issued and the serial alone identifies no one; the birth date and
 * sex (digits 7–12) are hidden.
 */
export function maskNik(nik: string): string {
  if (!NIK_PATTERN.test(nik)) return MASKED_INVALID_NIK;
  return `${nik.slice(0, 4)}${'*'.repeat(10)}${nik.slice(12)}`;
}

/** "5371…0003", for operator views where space is short. */
export function shortNik(nik: string): string {
  if (!NIK_PATTERN.test(nik)) return SHORT_INVALID_NIK;
  return `${nik.slice(0, 4)}…${nik.slice(12)}`;
}

/**
 * "5371…", the prefix that validation and error messages use to say which NIK they mean. Echoes the first
 * four characters only when they are digits (a region code); anything else gives "…".
 */
export function nikPrefix(nik: string): string {
  return /^\d{4}/.test(nik) ? `${nik.slice(0, 4)}…` : '…';
}

/**
 * "MARIA GORETI" → "M. G.": the first letter of each word, upper case. Words without a letter are skipped;
 * an empty or letterless name gives "".
 */
export function nameInitials(name: string): string {
  const initials: string[] = [];
  for (const word of name.split(/\s+/u)) {
    const letter = /\p{L}/u.exec(word)?.[0];
    if (letter !== undefined) initials.push(`${letter.toLocaleUpperCase('id-ID')}.`);
  }
  return initials.join(' ');
}

/**
 * Hides free text completely (addresses, RT/RW, village): "***" for any non-empty text, "" for empty or
 * blank text, so a view can still show that a value is present without its length.
 */
export function maskText(text: string): string {
  return text.trim() === '' ? '' : MASKED_TEXT;
}

/**
 * A file name or path with every run of six or more digits cut to its first four ("photos/5371….jpg"):
 * offices name photos after the NIK, so a path in a message would otherwise carry it whole.
 */
export function maskDigitRuns(text: string): string {
  return text.replace(/\d{6,}/g, (digits) => `${digits.slice(0, 4)}…`);
}

// Station ids ("job_0a1b…", 20 hex digits) and ISO dates/times are not NIKs even when their digits add up.
const PROTECTED_TOKEN = String.raw`[a-z]+_(?=\d*[a-f])[0-9a-f]{20}(?![0-9A-Za-z])|(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?`;
// Digits in groups joined by up to three spaces, dots, dashes or slashes: how people write a NIK by hand
// ("5371 0463 1088 4816", "5371.04.631088.4816"). Letters around it do not matter ("NIK5371…").
const DIGIT_GROUPS = String.raw`\d(?:[\s./-]{0,3}\d)*`;
const NIK_CANDIDATE = new RegExp(`(${PROTECTED_TOKEN})|(${DIGIT_GROUPS})`, 'g');

/** A NIK has 16 digits; a longer run may be a NIK with a stray digit, and is hidden the same way. */
export const NIK_DIGITS = 16;

/**
 * Masks every run of digits in free text that could be a NIK, however it is spaced or glued to words:
 * a run of 16 or more digits (separators between groups ignored) becomes region + stars + last four,
 * as `maskNik` shows a NIK; shorter numbers, station ids and dates are left as they are.
 */
export function maskNiksInText(text: string): string {
  return text.replace(NIK_CANDIDATE, (match: string, isProtected: string | undefined) => {
    if (isProtected !== undefined) return match;
    const digits = match.replace(/\D/g, '');
    return digits.length < NIK_DIGITS ? match : `${digits.slice(0, 4)}${'*'.repeat(10)}${digits.slice(-4)}`;
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces a holder's name in free text by its initials: the whole name, and each of its words of two
 * or more letters on its own ("ibu MARIA datang" → "ibu M. datang"), case-insensitively. For text that
 * an operator typed about a job (a reason, a note) and that a technician may read.
 */
export function maskNameInText(text: string, name: string): string {
  const words = [...new Set(name.split(/[^\p{L}\p{M}'’-]+/u).filter((w) => [...w.matchAll(/\p{L}/gu)].length >= 2))];
  if (words.length === 0) return text;
  // Longest first, so "MARIA GORETI" is replaced whole before "MARIA" alone.
  const alternatives = [name.trim(), ...words].filter((w) => w !== '').sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(`(?<![\\p{L}\\p{M}])(?:${alternatives.join('|')})(?![\\p{L}\\p{M}])`, 'giu');
  return text.replace(pattern, (found) => nameInitials(found));
}
