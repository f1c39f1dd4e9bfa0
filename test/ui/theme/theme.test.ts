import { describe, expect, it } from 'vitest';
import { ASCII_GLYPHS, UNICODE_GLYPHS } from '../../../ui/theme/glyphs.js';
import { resolveTheme } from '../../../ui/theme/theme.js';

describe('resolveTheme', () => {
  it('uses colour and Unicode on an ordinary terminal, half blocks in 256 colours or true colour', () => {
    const theme = resolveTheme({ TERM: 'xterm-256color' });
    expect(theme.color).toBe(true);
    expect(theme.glyphs).toBe(UNICODE_GLYPHS);
    expect(theme.preview).toBe('ansi256');
    expect(resolveTheme({ TERM: 'xterm-256color', COLORTERM: 'truecolor' }).preview).toBe('truecolor');
  });

  it('honours NO_COLOR: no colour token at all, field list instead of the preview', () => {
    const theme = resolveTheme({ TERM: 'xterm-256color', NO_COLOR: '1' });
    expect(theme.color).toBe(false);
    expect(Object.values(theme.colors).every((c) => c === undefined)).toBe(true);
    expect(theme.preview).toBe('fields');
    // An empty NO_COLOR does not count (no-color.org).
    expect(resolveTheme({ NO_COLOR: '' }).color).toBe(true);
  });

  it('draws ASCII on the Linux text console', () => {
    const theme = resolveTheme({ TERM: 'linux' });
    expect(theme.glyphs).toBe(ASCII_GLYPHS);
    expect(theme.preview).toBe('fields');
    const all = Object.values(ASCII_GLYPHS).flatMap((g) => (typeof g === 'string' ? [g] : Object.values(g)));
    for (const g of all) expect(/^[\x20-\x7e]*$/.test(g as string), String(g)).toBe(true);
  });
});
