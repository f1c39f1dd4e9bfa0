import { Box, Text } from '../terminal/ink-runtime.js';
import type { StationState } from '../../src/api/station-connection.js';
import { formatClock } from '../format/format-time.js';
import { TEXT } from '../text.js';
import { useTheme } from '../theme/theme-context.js';

export interface HeaderProps {
  readonly station: StationState;
  readonly width: number;
}

interface Part {
  readonly text: string;
  readonly bold?: boolean;
  readonly inverse?: boolean;
  readonly color?: string | undefined;
  /** Dropped first when the row is too narrow. */
  readonly optional?: boolean;
}

/**
 * The top row: station, who is signed in, database and connection state, in words. When the row is
 * too narrow the gaps shrink, then optional parts go; the connection state never does.
 */
export function headerParts(station: StationState, colors: ReturnType<typeof useTheme>['colors']): Part[] {
  const snap = station.snapshot;
  const parts: Part[] = [{ text: TEXT.appName, bold: true }];
  if (snap) {
    parts.push({ text: `${snap.station.office} / ${snap.station.id}` });
    const v = snap.viewer;
    parts.push({ text: v.operatorName ? TEXT.viewer(v.operatorName, v.role) : `${TEXT.notSignedIn} (${v.role})` });
    const db = snap.station.database;
    // With the station unreachable the database state shown is stale; it gives way first.
    const stale = station.connection !== 'connected';
    parts.push(db.state === 'ok'
      ? { text: TEXT.dbOk, color: colors.ok, optional: stale }
      : { text: TEXT.dbDown(db.unreachableSince ? formatClock(db.unreachableSince) : null), bold: true, inverse: true, color: colors.critical });
  }
  if (station.connection !== 'connected') {
    const text = station.connection === 'connecting'
      ? TEXT.connecting
      : station.disconnectedSince ? TEXT.unreachableSince(formatClock(station.disconnectedSince)) : TEXT.unreachable;
    parts.push({ text, bold: true, inverse: true, color: colors.critical });
  }
  if (snap?.station.simulated) parts.push({ text: TEXT.simulated, bold: true, color: colors.simulated, optional: true });
  return parts;
}

export function Header({ station, width }: HeaderProps) {
  const { colors } = useTheme();
  let parts = headerParts(station, colors);
  const length = (ps: Part[], gap: number) => 1 + ps.reduce((n, p) => n + p.text.length, 0) + gap * (ps.length - 1);
  let gap = 3;
  if (length(parts, gap) > width) gap = 2;
  if (length(parts, gap) > width) parts = parts.filter((p) => !p.optional);
  const used = Math.min(width, length(parts, gap));
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate">
        {' '}
        {parts.map((p, i) => (
          <Text key={i}>
            {i > 0 ? ' '.repeat(gap) : ''}
            <Text bold={p.bold} inverse={p.inverse} color={p.color}>{p.text}</Text>
          </Text>
        ))}
        {' '.repeat(Math.max(0, width - used))}
      </Text>
    </Box>
  );
}
