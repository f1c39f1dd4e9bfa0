import { Box } from '../terminal/ink-runtime.js';
import type { StationSnapshot } from '../../src/api/views.js';
import { AlertsPanel } from '../panels/alerts-panel.js';
import { PrintersSummaryPanel } from '../panels/printers-summary-panel.js';
import { QueueSummaryPanel } from '../panels/queue-summary-panel.js';
import { StockSummaryPanel, stockSummaryRows } from '../panels/stock-summary-panel.js';

export interface DashboardScreenProps {
  readonly snapshot: StationSnapshot;
  readonly width: number;
  readonly height: number;
  readonly nowMs: number;
}

/** Everything that stops the line, on one screen. */
export function DashboardScreen({ snapshot, width, height, nowMs }: DashboardScreenProps) {
  const rightWidth = Math.max(30, Math.floor(width * 0.45));
  const leftWidth = width - rightWidth;
  const printersHeight = Math.min(2 + 2 * Math.max(1, snapshot.printers.length), height - 6);
  const stockHeight = Math.min(stockSummaryRows(snapshot.stock), height - 4);
  return (
    <Box width={width} height={height}>
      <Box flexDirection="column" width={leftWidth}>
        <PrintersSummaryPanel printers={snapshot.printers} width={leftWidth} height={printersHeight} />
        <QueueSummaryPanel queue={snapshot.queue} width={leftWidth} height={height - printersHeight} nowMs={nowMs} />
      </Box>
      <Box flexDirection="column" width={rightWidth}>
        <StockSummaryPanel stock={snapshot.stock} width={rightWidth} height={stockHeight} />
        <AlertsPanel alerts={snapshot.alerts} width={rightWidth} height={height - stockHeight} />
      </Box>
    </Box>
  );
}
