import { Text } from '../terminal/ink-runtime.js';
import type { AlertView } from '../../src/api/views.js';
import { Panel } from '../components/panel.js';
import { fit } from '../format/format-cell.js';
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
  const shown = sorted.length > room ? sorted.slice(0, Math.max(0, room - 1)) : sorted;
  const rows = shown.map((a, i) => {
    const critical = a.level === 'critical';
    return (
      <Text key={`${a.code}-${i}`} wrap="truncate">
        <Text bold inverse={critical} color={critical ? theme.colors.critical : theme.colors.warning}>{critical ? '!!' : '! '}</Text>
        {fit(` ${a.message}`, inner - 2, theme.glyphs.ellipsis)}
      </Text>
    );
  });
  if (sorted.length > shown.length) rows.push(<Text key="more">{fit(` +${sorted.length - shown.length} more`, inner)}</Text>);
  if (sorted.length === 0) rows.push(<Text key="none">{fit(` ${TEXT.noAlerts}`, inner)}</Text>);
  return (
    <Panel title={TEXT.panels.alerts} width={width} height={height}>
      {rows}
    </Panel>
  );
}
