/**
 * Fixed-width cells. Console text is ASCII or single-width box glyphs, so length is width; anything
 * longer is cut with the theme's ellipsis.
 */
export function fit(text: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  if (text.length <= width) return text.padEnd(width);
  if (width <= ellipsis.length) return text.slice(0, width);
  return text.slice(0, width - ellipsis.length) + ellipsis;
}

/** A thousands separator (`.` or `,`, a space) followed by a group of exactly three digits. */
const GROUPING = /[.,\u00a0\u202f ](?=\d{3}(?!\d))/g;

/**
 * Right-aligned in `width`. A figure is never cut: one too wide drops its thousands separators
 * ("199.326" → "199326"), and if it is still too wide it is shown whole, wider than asked,
 * rather than as a smaller number (cutting from the left showed 199,326 as 99,326).
 */
export function fitRight(text: string, width: number): string {
  if (text.length <= width) return text.padStart(width);
  const compact = text.replace(GROUPING, '');
  return compact.length <= width ? compact.padStart(width) : compact;
}

/**
 * "5371…0003": the first four and last four characters of what the station sent. Shortening only; the
 * station decides what is masked, and a masked NIK stays masked.
 */
export function shortenNik(nik: string, ellipsis = '…'): string {
  return nik.length > 10 ? `${nik.slice(0, 4)}${ellipsis}${nik.slice(-4)}` : nik;
}

/**
 * Word-wraps into lines of at most `width` characters; a word longer than a line is cut into pieces.
 * For text that must be read whole (alerts), rather than cut at the panel edge.
 */
export function wrapWords(text: string, width: number): string[] {
  if (width <= 0) return [];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    for (let rest = word; rest !== ''; ) {
      const room = line === '' ? width : width - line.length - 1;
      if (rest.length <= room) {
        line = line === '' ? rest : `${line} ${rest}`;
        rest = '';
      } else if (line !== '') {
        lines.push(line);
        line = '';
      } else {
        lines.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
