/** Same shape as Ink's custom `borderStyle`. */
export interface BorderGlyphs {
  readonly topLeft: string;
  readonly top: string;
  readonly topRight: string;
  readonly right: string;
  readonly bottomRight: string;
  readonly bottom: string;
  readonly bottomLeft: string;
  readonly left: string;
}

/** The characters the console draws with; the ASCII set is for the Linux text console and plain terminals. */
export interface Glyphs {
  readonly kind: 'unicode' | 'ascii';
  readonly border: BorderGlyphs;
  readonly barFull: string;
  readonly barEmpty: string;
  readonly barOpen: string;
  readonly barClose: string;
  readonly cursor: string;
  readonly ellipsis: string;
  readonly pinDot: string;
  readonly upperHalf: string;
  readonly textCursor: string;
}

export const UNICODE_GLYPHS: Glyphs = Object.freeze({
  kind: 'unicode',
  border: Object.freeze({ topLeft: '┌', top: '─', topRight: '┐', right: '│', bottomRight: '┘', bottom: '─', bottomLeft: '└', left: '│' }),
  barFull: '█',
  barEmpty: '░',
  barOpen: '',
  barClose: '',
  cursor: '▶',
  ellipsis: '…',
  pinDot: '•',
  upperHalf: '▀',
  textCursor: '█',
});

export const ASCII_GLYPHS: Glyphs = Object.freeze({
  kind: 'ascii',
  border: Object.freeze({ topLeft: '+', top: '-', topRight: '+', right: '|', bottomRight: '+', bottom: '-', bottomLeft: '+', left: '|' }),
  barFull: '#',
  barEmpty: '.',
  barOpen: '[',
  barClose: ']',
  cursor: '>',
  ellipsis: '~',
  pinDot: '*',
  upperHalf: '',
  textCursor: '_',
});

/**
 * Unicode unless the terminal cannot draw it: the Linux text console (TERM=linux), dumb and VT terminals,
 * or CETAK_ASCII=1 for anything else that shows boxes as garbage.
 */
export function chooseGlyphs(env: Readonly<Record<string, string | undefined>>): Glyphs {
  const term = env['TERM'] ?? '';
  if (env['CETAK_ASCII'] === '1' || term === 'linux' || term === 'dumb' || term.startsWith('vt')) return ASCII_GLYPHS;
  return UNICODE_GLYPHS;
}
