import { Box, Text } from '../terminal/ink-runtime.js';
import type { ReactNode } from 'react';
import { useTheme } from '../theme/theme-context.js';

export interface PanelProps {
  readonly title: string;
  readonly width: number;
  readonly height: number;
  readonly children?: ReactNode;
}

/** A bordered box with its title in the top border: `┌ Printers ───┐`. */
export function Panel({ title, width, height, children }: PanelProps) {
  const { glyphs, colors } = useTheme();
  const b = glyphs.border;
  const label = title === '' ? '' : ` ${title} `;
  const fill = Math.max(0, width - 2 - label.length - 1);
  const top = b.topLeft + b.top + label.slice(0, Math.max(0, width - 3)) + b.top.repeat(fill) + b.topRight;
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0}>
      <Text color={colors.border} wrap="truncate">{top.slice(0, width)}</Text>
      <Box
        flexDirection="column"
        width={width}
        height={height - 1}
        borderStyle={b}
        borderTop={false}
        borderColor={colors.border}
        overflow="hidden"
      >
        {children}
      </Box>
    </Box>
  );
}
