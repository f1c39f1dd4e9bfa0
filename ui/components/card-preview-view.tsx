import { Box, Text } from '../terminal/ink-runtime.js';
import type { CardPreview } from '../../src/api/protocol.js';
import type { PreviewMode } from '../theme/theme.js';

export interface CardPreviewViewProps {
  readonly preview: CardPreview;
  readonly mode: Exclude<PreviewMode, 'fields'>;
  readonly upperHalf: string;
}

function hex(r: number, g: number, b: number): string {
  return `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`;
}

/** Nearest xterm 256-colour index: the 6×6×6 cube or the grey ramp, whichever is closer. */
export function toAnsi256(r: number, g: number, b: number): number {
  const level = (v: number) => (v < 48 ? 0 : v < 115 ? 1 : Math.floor((v - 35) / 40));
  const steps = [0, 95, 135, 175, 215, 255];
  const [cr, cg, cb] = [level(r), level(g), level(b)];
  const cube = 16 + 36 * cr + 6 * cg + cb;
  const cubeDist = (steps[cr]! - r) ** 2 + (steps[cg]! - g) ** 2 + (steps[cb]! - b) ** 2;
  const grey = Math.round((r + g + b) / 3);
  const greyIndex = grey < 8 ? 0 : grey > 238 ? 23 : Math.round((grey - 8) / 10);
  const greyValue = 8 + greyIndex * 10;
  const greyDist = (greyValue - r) ** 2 + (greyValue - g) ** 2 + (greyValue - b) ** 2;
  return greyDist < cubeDist ? 232 + greyIndex : cube;
}

export interface HalfBlockRun {
  readonly fg: string;
  readonly bg: string;
  readonly length: number;
}

/**
 * The card as rows of upper-half blocks: each text row carries two pixel rows, the upper as the
 * foreground and the lower as the background. Neighbouring cells with the same pair are merged, so a
 * plain background costs one colour change, not one per cell.
 */
export function halfBlockRows(preview: CardPreview, mode: Exclude<PreviewMode, 'fields'>): HalfBlockRun[][] {
  const rgb = Buffer.from(preview.rgb, 'base64');
  const { width, height } = preview;
  const colour = (x: number, y: number): string => {
    if (y >= height) return mode === 'truecolor' ? '#000000' : 'ansi256(16)';
    const i = (y * width + x) * 3;
    const [r, g, b] = [rgb[i] ?? 0, rgb[i + 1] ?? 0, rgb[i + 2] ?? 0];
    return mode === 'truecolor' ? hex(r, g, b) : `ansi256(${toAnsi256(r, g, b)})`;
  };
  const rows: HalfBlockRun[][] = [];
  for (let y = 0; y < height; y += 2) {
    const runs: HalfBlockRun[] = [];
    for (let x = 0; x < width; x += 1) {
      const fg = colour(x, y);
      const bg = colour(x, y + 1);
      const last = runs[runs.length - 1];
      if (last && last.fg === fg && last.bg === bg) runs[runs.length - 1] = { fg, bg, length: last.length + 1 };
      else runs.push({ fg, bg, length: 1 });
    }
    rows.push(runs);
  }
  return rows;
}

export function CardPreviewView({ preview, mode, upperHalf }: CardPreviewViewProps) {
  const rows = halfBlockRows(preview, mode);
  return (
    <Box flexDirection="column" width={preview.width} flexShrink={0}>
      {rows.map((runs, y) => (
        <Text key={y} wrap="truncate">
          {runs.map((run, i) => (
            <Text key={i} color={run.fg} backgroundColor={run.bg}>{upperHalf.repeat(run.length)}</Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}
