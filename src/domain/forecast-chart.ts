/**
 * A terminal bar chart for the 30-day picture: one column per value, `height` rows, drawn with the
 * eighth-block characters, or with `#`, `:` and `.` where the console cannot show them (TERM=linux).
 */

const BLOCKS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;
/** ASCII has no eighths: a full cell, a top half, and a thin top for anything above zero. */
const ASCII = { full: '#', half: ':', trace: '.', empty: ' ' } as const;

/**
 * Rows top first, each exactly `width` characters. With more values than columns, each column
 * shows the largest of the values it covers (a burst stays visible); with fewer, the chart is
 * left-aligned and padded. Values below 0 or not finite draw as 0. A non-zero value always shows
 * at least a sliver, so "printed a few" never looks like "printed nothing".
 */
export function renderBarChart(values: readonly number[], width: number, height: number, options: { ascii: boolean }): string[] {
  const w = Math.max(0, Math.floor(width));
  const h = Math.max(0, Math.floor(height));
  if (w === 0 || h === 0) return [];
  const clean = values.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  const columns: number[] = [];
  if (clean.length <= w) {
    columns.push(...clean);
  } else {
    for (let c = 0; c < w; c++) {
      const start = Math.floor((c * clean.length) / w);
      const end = Math.max(start + 1, Math.floor(((c + 1) * clean.length) / w));
      columns.push(Math.max(...clean.slice(start, end)));
    }
  }
  const max = Math.max(0, ...columns);
  const steps = h * 8;
  const heights = columns.map((v) => (max === 0 || v === 0 ? 0 : Math.max(1, Math.round((v / max) * steps))));
  const rows: string[] = [];
  for (let r = h - 1; r >= 0; r--) {
    let line = '';
    for (let c = 0; c < w; c++) {
      const eighths = c < heights.length ? Math.min(8, Math.max(0, heights[c]! - r * 8)) : 0;
      if (!options.ascii) line += BLOCKS[eighths];
      else if (eighths >= 8) line += ASCII.full;
      else if (eighths >= 4) line += ASCII.half;
      else if (eighths > 0) line += ASCII.trace;
      else line += ASCII.empty;
    }
    rows.push(line);
  }
  return rows;
}
