import { Text } from '../terminal/ink-runtime.js';
import type { StationSnapshot } from '../../src/api/views.js';
import { fit } from '../format/format-cell.js';
import { formatNumber } from '../format/format-number.js';
import { formatClock } from '../format/format-time.js';
import type { Flash, Modal, Pending } from '../hooks/app-reducer.js';
import { TEXT } from '../text.js';
import { useTheme } from '../theme/theme-context.js';

export interface StatusRowProps {
  readonly width: number;
  readonly snapshot: StationSnapshot | null;
  readonly flash: Flash | null;
  readonly pending: readonly Pending[];
  readonly modal: Modal | null;
}

/**
 * The row above the key hints: a prompt or question when one is open; else the last error in plain
 * words; else what is pending; else the station's last event.
 */
export function StatusRow({ width, snapshot, flash, pending, modal }: StatusRowProps) {
  const { colors, glyphs } = useTheme();
  if (modal?.kind === 'input' && modal.purpose !== 'filter' && modal.purpose !== 'sign-in') {
    const prefix = modal.purpose === 'command' ? ':' : `${modal.label}: `;
    const text = `${prefix}${modal.secret ? glyphs.pinDot.repeat(modal.value.length) : modal.value}`;
    const visible = text.length + 2 > width ? text.slice(text.length + 2 - width) : text;
    return (
      <Text wrap="truncate">
        {' '}
        <Text bold>{visible}</Text>
        <Text>{glyphs.textCursor}</Text>
        {' '.repeat(Math.max(0, width - visible.length - 2))}
      </Text>
    );
  }
  if (modal?.kind === 'confirm') {
    return (
      <Text bold inverse wrap="truncate">{fit(` ${modal.message}`, width, glyphs.ellipsis)}</Text>
    );
  }
  if (flash) {
    return flash.level === 'error' ? (
      <Text wrap="truncate">
        {' '}
        <Text bold inverse color={colors.critical}>{TEXT.errorPrefix}</Text>
        <Text bold>{fit(` ${flash.text}`, width - TEXT.errorPrefix.length - 1, glyphs.ellipsis)}</Text>
      </Text>
    ) : (
      <Text wrap="truncate">{fit(` ${flash.text}`, width, glyphs.ellipsis)}</Text>
    );
  }
  const last = pending[pending.length - 1];
  if (last) {
    return <Text wrap="truncate" bold>{fit(` ${TEXT.pending(last.label)}${pending.length > 1 ? ` (+${pending.length - 1})` : ''}`, width, glyphs.ellipsis)}</Text>;
  }
  const event = snapshot?.lastEvent;
  const right = snapshot ? `queued ${formatNumber(snapshot.queue.counts.queued ?? 0)}  printing ${snapshot.queue.counts.printing ?? 0} ` : '';
  const left = event ? ` ${event.text} (${formatClock(event.at)})` : '';
  return <Text wrap="truncate">{fit(left, width - right.length, glyphs.ellipsis) + right}</Text>;
}
