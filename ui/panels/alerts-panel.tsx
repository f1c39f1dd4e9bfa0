import { Text } from '../terminal/ink-runtime.js';
import type { AlertView } from '../../src/api/views.js';
import { Panel } from '../components/panel.js';
import type { ReactElement } from 'react';
import { fit, wrapWords } from '../format/format-cell.js';
import { TEXT } from '../text.js';
import { useTheme } from '../theme/theme-context.js';

export interface AlertsPanelProps {
  readonly alerts: readonly AlertView[];
  readonly width: number;
  readonly height: number;
}

/** What needs a person, critical first; `!!` marks critical so it reads without colour. */
export function AlertsPanel({ alerts, width, height }: AlertsPanelProps) {
  const theme = useTheme();
  const inner = width - 2;
  const sorted = [...alerts].sort((a, b) => (a.level === b.level ? 0 : a.level === 'critical' ? -1 : 1));
  const room = Math.max(0, height - 2);
  // Each alert is a thing to do, so it is read whole: wrapped under its marker, never cut at the edge.
  // Alerts that do not fit below the others are counted on the last row.
  const rows: ReactElement[] = [];
  let shownCount = 0;
  for (const [i, a] of sorted.entries()) {
    const lines = wrapWords(a.message, inner - 3);
    const left = room - rows.length - (i < sorted.length - 1 ? 1 : 0);
    if (lines.length > left) {
      if (shownCount > 0 || left <= 0) break;
      lines.length = Math.max(1, left);
    }
    const critical = a.level === 'critical';
    lines.forEach((line, j) => {
      rows.push(
        <Text key={`${a.code}-${i}-${j}`} wrap="truncate">
          {j === 0 ? <Text bold inverse={critical} color={critical ? theme.colors.critical : theme.colors.warning}>{critical ? '!!' : '! '}</Text> : '  '}
          {fit(` ${line}`, inner - 2, theme.glyphs.ellipsis)}
        </Text>,
      );
    });
    shownCount += 1;
  }
  if (sorted.length > shownCount) rows.push(<Text key="more">{fit(` +${sorted.length - shownCount} more (${TEXT.alertsMore})`, inner, theme.glyphs.ellipsis)}</Text>);
  if (sorted.length === 0) rows.push(<Text key="none">{fit(` ${TEXT.noAlerts}`, inner)}</Text>);
  return (
    <Panel title={TEXT.panels.alerts} width={width} height={height}>
      {rows}
    </Panel>
  );
}
