import { Box, Text } from '../terminal/ink-runtime.js';
import { TEXT } from '../text.js';

export interface TooSmallProps {
  readonly columns: number;
  readonly rows: number;
  readonly needColumns: number;
  readonly needRows: number;
}

/** Shown instead of a cramped layout; q still quits. */
export function TooSmall({ columns, rows, needColumns, needRows }: TooSmallProps) {
  return (
    <Box flexDirection="column" width={columns} height={Math.max(1, rows - 1)}>
      <Text bold wrap="truncate">{TEXT.tooSmall(needColumns, needRows, columns, rows)}</Text>
      {rows > 2 ? <Text wrap="truncate">{TEXT.tooSmallHint}</Text> : null}
    </Box>
  );
}
