import { Text } from '../terminal/ink-runtime.js';
import type { HintItem } from '../keymap/hints.js';
import { useTheme } from '../theme/theme-context.js';

export interface KeyHintsProps {
  readonly items: readonly HintItem[];
  readonly width: number;
  /** Shown inverse: the current screen in the global row. */
  readonly currentId?: string;
  readonly gap?: number;
}

/** A row of key hints generated from the keymap; the key in bold, so it reads without colour. */
export function KeyHints({ items, width, currentId, gap = 2 }: KeyHintsProps) {
  const { colors } = useTheme();
  const parts: { item: HintItem; sep: string }[] = [];
  let used = 0;
  for (const [i, item] of items.entries()) {
    const sep = i === 0 ? ' ' : item.id.startsWith('screen.') && items[i - 1]?.id.startsWith('screen.') ? ' ' : ' '.repeat(gap);
    const len = sep.length + item.key.length + 1 + item.label.length;
    if (used + len > width) break;
    used += len;
    parts.push({ item, sep });
  }
  return (
    <Text wrap="truncate">
      {parts.map(({ item, sep }) => (
        <Text key={item.id}>
          {sep}
          <Text bold color={colors.accent} inverse={item.id === currentId}>{item.key}</Text>
          <Text inverse={item.id === currentId}>{` ${item.label}`}</Text>
        </Text>
      ))}
      {' '.repeat(Math.max(0, width - used))}
    </Text>
  );
}
