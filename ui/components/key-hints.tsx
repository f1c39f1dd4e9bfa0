import { Text } from '../terminal/ink-runtime.js';
import { hintLayout, type HintItem } from '../keymap/hints.js';
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
  const parts = hintLayout(items, width, gap);
  const last = parts[parts.length - 1];
  const used = last ? last.column - 1 + last.item.key.length + 1 + last.item.label.length : 0;
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
