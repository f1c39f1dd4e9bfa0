import { Box, Text } from '../terminal/ink-runtime.js';
import { fit } from '../format/format-cell.js';
import { ALL_COMMANDS, CATEGORIES, displayKey, displayKeyAscii, type Command, type Scope } from '../keymap/keymap.js';
import type { CommandLayer } from '../keymap/command-router.js';
import { Panel } from './panel.js';
import { TEXT } from '../text.js';
import { useTheme } from '../theme/theme-context.js';

export interface HelpViewProps {
  /** Active layers, innermost first: the screen's own keys are listed before the global ones. */
  readonly layers: readonly CommandLayer[];
  readonly width: number;
  readonly height: number;
  /** Command-line usage lines, shown first (`:help`). */
  readonly commands?: readonly string[] | undefined;
}

interface Block {
  readonly title: string;
  readonly rows: readonly { readonly keys: string; readonly description: string }[];
}

/**
 * Categories of the commands the layers act on (bound in their scopes, handled, not hidden), the
 * screen's own first, each kept whole: a screen's help lists its own keys and no other screen's.
 */
export function helpBlocks(layers: readonly CommandLayer[], ascii: boolean): Block[] {
  const scopes: readonly Scope[] = layers.flatMap((l) => l.scopes);
  // As the router does: the innermost layer with a handler decides.
  const handled = (c: Command) => {
    const handler = layers.map((l) => l.table[c.id]).find((h) => h !== undefined);
    return handler !== undefined && !handler.hidden;
  };
  const active = ALL_COMMANDS.filter((c) => scopes.includes(c.scope) && handled(c));
  const rank = (c: Command) => scopes.indexOf(c.scope);
  const categories = [...CATEGORIES].filter((cat) => active.some((c) => c.category === cat));
  categories.sort((a, b) => Math.min(...active.filter((c) => c.category === a).map(rank)) - Math.min(...active.filter((c) => c.category === b).map(rank)) || CATEGORIES.indexOf(a) - CATEGORIES.indexOf(b));
  return categories.map((title) => ({
    title,
    rows: active
      .filter((c) => c.category === title)
      .map((c) => ({ keys: c.keys.map((k) => (ascii ? displayKeyAscii(k) : displayKey(k))).join(' '), description: c.description })),
  }));
}

/** The `?` overlay: every key active here, generated from the keymap, packed into columns by category. */
export function HelpView({ layers, width, height, commands }: HelpViewProps) {
  const { glyphs } = useTheme();
  const blocks = commands
    ? [{ title: 'Command line: type : then one of', rows: commands.map((c) => ({ keys: ':', description: c })) }]
    : helpBlocks(layers, glyphs.kind === 'ascii');
  const inner = width - 2;
  const room = height - 2;
  const columns: Block[][] = [[]];
  let used = 0;
  for (const block of blocks) {
    const size = 1 + block.rows.length;
    if (used + size > room && used > 0) {
      columns.push([]);
      used = 0;
    }
    columns[columns.length - 1]!.push(block);
    used += size;
  }
  const colWidth = Math.floor(inner / columns.length);
  return (
    <Panel title={`${TEXT.help.title}  (${TEXT.help.close})`} width={width} height={height}>
      <Box>
        {columns.map((column, ci) => {
          const keyWidth = Math.max(...column.flatMap((b) => b.rows.map((r) => r.keys.length)), 1) + 1;
          return (
            <Box key={ci} flexDirection="column" width={colWidth}>
              {column.flatMap((block) => [
                <Text key={block.title} bold wrap="truncate">{fit(block.title, colWidth - 1)}</Text>,
                ...block.rows.map((r, i) => (
                  <Text key={`${block.title}-${i}`} wrap="truncate">
                    {' '}<Text bold>{fit(r.keys, keyWidth)}</Text>{fit(r.description, colWidth - keyWidth - 2, glyphs.ellipsis)}
                  </Text>
                )),
              ])}
            </Box>
          );
        })}
      </Box>
    </Panel>
  );
}
