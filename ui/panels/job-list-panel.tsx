import { Box, Text } from '../terminal/ink-runtime.js';
import type { JobRow } from '../../src/api/views.js';
import { fit } from '../format/format-cell.js';
import { formatAge } from '../format/format-time.js';
import { jobStateText, priorityShort } from '../format/format-job.js';
import { TEXT } from '../text.js';
import { useTheme } from '../theme/theme-context.js';

export interface JobListPanelProps {
  /** Only the visible window: rows[i] is job number top + i, or null while its page loads. */
  readonly rows: readonly (JobRow | null)[];
  readonly top: number;
  readonly cursor: number;
  readonly width: number;
  readonly height: number;
  readonly nowMs: number;
  /** Job id → the action sent and not yet answered. */
  readonly pendingByJob: ReadonlyMap<string, string>;
  readonly emptyText: string;
}

export function jobColumns(width: number): { nik: number; name: number; prio: number; state: number; waiting: number; printer: number } {
  // NIK column: 16 digits for operators, 18 characters for the technician's mask, plus a space.
  // Wider terminals give the printer id room first (ids like "fargo-loket-2"), then the name.
  const printer = Math.min(20, 9 + Math.max(0, Math.floor((width - 80) / 4)));
  const fixed = 2 + 19 + 6 + 10 + 9 + printer;
  return { nik: 19, name: Math.max(8, width - fixed), prio: 6, state: 10, waiting: 9, printer };
}

/** States in which a job no longer waits for anything: their WAITING cell stays blank. */
const NOT_WAITING: ReadonlySet<JobRow['state']> = new Set(['printing', 'printed', 'completed', 'canceled']);

export function jobHeaderText(width: number): string {
  const c = jobColumns(width);
  return `  ${fit('NIK', c.nik)}${fit('NAME', c.name)}${fit('PRIO', c.prio)}${fit('STATE', c.state)}${fit('WAITING', c.waiting)}${fit('PRINTER', c.printer)}`;
}

export function jobRowText(job: JobRow, width: number, nowMs: number, pending: string | undefined, ellipsis: string): string {
  const c = jobColumns(width);
  const state = pending ? `${pending}${ellipsis}` : jobStateText(job.state);
  return (
    fit(job.nik, c.nik - 1, ellipsis) + ' ' +
    fit(job.name, c.name - 1, ellipsis) + ' ' +
    fit(priorityShort(job.priority), c.prio) +
    fit(state, c.state, ellipsis) +
    fit(NOT_WAITING.has(job.state) ? '' : formatAge(job.queuedAt, nowMs), c.waiting) +
    // The printer the card is on or was printed on; a hold's reason is in the detail, not here.
    fit(job.printerId ?? '-', c.printer - 2, ellipsis)
  );
}

/** The visible slice of the job list; the selected row is inverse and marked, so it reads without colour. */
export function JobListPanel({ rows, top, cursor, width, height, nowMs, pendingByJob, emptyText }: JobListPanelProps) {
  const { glyphs, colors } = useTheme();
  const lines = [];
  for (let i = 0; i < height; i += 1) {
    const index = top + i;
    const job = rows[i];
    const selected = index === cursor;
    if (i >= rows.length) {
      lines.push(<Text key={`empty-${i}`}>{i === 0 ? fit(`  ${emptyText}`, width) : ' '.repeat(width)}</Text>);
      continue;
    }
    const marker = selected ? `${glyphs.cursor} ` : '  ';
    const text = job ? jobRowText(job, width, nowMs, pendingByJob.get(job.id), glyphs.ellipsis) : TEXT.loadingRow;
    const doubt = job?.state === 'in-doubt';
    lines.push(
      <Text key={job?.id ?? `loading-${index}`} wrap="truncate">
        {marker}
        <Text inverse={selected} bold={doubt} color={doubt ? colors.critical : undefined}>{fit(text, width - 2, glyphs.ellipsis)}</Text>
      </Text>,
    );
  }
  return <Box flexDirection="column" width={width} height={height}>{lines}</Box>;
}
