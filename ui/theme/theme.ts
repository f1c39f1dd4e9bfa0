import { ASCII_GLYPHS, chooseGlyphs, type Glyphs } from './glyphs.js';

/** How the job detail shows the card: half-block pixels in true colour or 256 colours, or a field list. */
export const PREVIEW_MODES = ['truecolor', 'ansi256', 'fields'] as const;
export type PreviewMode = (typeof PREVIEW_MODES)[number];

/**
 * Semantic colour tokens. Each is undefined when colour is off, so every state must also be told by
 * text, bold or inverse: components never rely on a colour alone.
 */
export interface ThemeColors {
  readonly ok: string | undefined;
  readonly warning: string | undefined;
  readonly critical: string | undefined;
  readonly accent: string | undefined;
  readonly muted: string | undefined;
  readonly border: string | undefined;
  readonly simulated: string | undefined;
}

export interface Theme {
  readonly color: boolean;
  readonly glyphs: Glyphs;
  readonly colors: ThemeColors;
  readonly preview: PreviewMode;
}

const NO_COLORS: ThemeColors = Object.freeze({
  ok: undefined, warning: undefined, critical: undefined, accent: undefined, muted: undefined, border: undefined, simulated: undefined,
});

const BASIC_COLORS: ThemeColors = Object.freeze({
  ok: 'green', warning: 'yellow', critical: 'red', accent: 'cyan', muted: 'gray', border: 'gray', simulated: 'magenta',
});

/**
 * Picks colours and glyphs from the environment. NO_COLOR (any value, https://no-color.org) or TERM=dumb
 * turn colour off; Ink does not honour NO_COLOR by itself, so this is the one place that does.
 */
export function resolveTheme(env: Readonly<Record<string, string | undefined>>): Theme {
  const glyphs = chooseGlyphs(env);
  const noColor = (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') || env['TERM'] === 'dumb';
  const colorTerm = (env['COLORTERM'] ?? '').toLowerCase();
  const preview: PreviewMode = noColor || glyphs === ASCII_GLYPHS
    ? 'fields'
    : colorTerm === 'truecolor' || colorTerm === '24bit'
      ? 'truecolor'
      : 'ansi256';
  return Object.freeze({ color: !noColor, glyphs, colors: noColor ? NO_COLORS : BASIC_COLORS, preview });
}
