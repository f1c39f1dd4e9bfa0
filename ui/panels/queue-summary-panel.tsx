import type { ReactElement } from 'react';
import { Text } from '../terminal/ink-runtime.js';
import type { QueueView } from '../../src/api/views.js';
import { Panel } from '../components/panel.js';
import { fit } from '../format/format-cell.js';
import { formatNumber } from '../format/format-number.js';
import { formatAge } from '../format/format-time.js';
import { priorityShort } from '../format/format-job.js';
import { TEXT } from '../text.js';
import { useTheme } from '../theme/theme-context.js';

export interface QueueSummaryPanelProps {
  readonly queue: QueueView;
  readonly width: number;
  readonly height: number;
  readonly nowMs: number;
}

/** Counts per state, the oldest wait, why the queue is stuck, and the next cards. */
export function QueueSummaryPanel({ queue, width, height, nowMs }: QueueSummaryPanelProps) {
  const theme = useTheme();
  const inner = width - 2;
  const e = theme.glyphs.ellipsis;
  const c = queue.counts;
  const doubt = c['in-doubt'] ?? 0;
  const counts = `queued ${formatNumber(c.queued ?? 0)}  held ${formatNumber(c.held ?? 0)}  printing ${c.printing ?? 0}  `;
  const oldest = queue.oldestQueuedAt ? formatAge(queue.oldestQueuedAt, nowMs) : '-';
  const rows: ReactElement[] = [
    <Text key="counts" wrap="truncate">
      {counts}
      <Text bold={doubt > 0} inverse={doubt > 0} color={doubt > 0 ? theme.colors.critical : undefined}>{`doubt ${doubt}`}</Text>
      {' '.repeat(Math.max(0, inner - counts.length - `doubt ${doubt}`.length))}
    </Text>,
    <Text key="today" wrap="truncate">{fit(`printed today ${formatNumber(queue.printedToday)}   oldest waiting ${oldest}`, inner, e)}</Text>,
  ];
  if (queue.waitingReason) {
    rows.push(<Text key="why" bold wrap="truncate">{fit(`waiting: ${queue.waitingReason}`, inner, e)}</Text>);
  }
  const room = height - 2 - rows.length;
  // As wide as the NIKs the station sent: 16 digits for operators, 18 for the technician's mask.
  const nikWidth = Math.min(18, Math.max(16, ...queue.next.map((j) => j.nik.length)));
  const nameWidth = Math.max(4, inner - 6 - nikWidth - 1 - 4);
  queue.next.slice(0, Math.max(0, room)).forEach((job, i) => {
    const line = `${i === 0 ? 'next  ' : '      '}${fit(job.nik, nikWidth, e)} ${fit(job.name, nameWidth, e)} ${priorityShort(job.priority)}`;
    rows.push(<Text key={job.id} wrap="truncate">{fit(line, inner, e)}</Text>);
  });
  if (queue.next.length === 0 && room > 0) rows.push(<Text key="empty">{fit(`next  ${TEXT.noJobs}`, inner)}</Text>);
  return (
    <Panel title={TEXT.panels.queue} width={width} height={height}>
      {rows}
    </Panel>
  );
}
