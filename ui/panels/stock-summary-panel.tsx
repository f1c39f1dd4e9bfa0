import type { ReactElement } from 'react';
import { Text } from '../terminal/ink-runtime.js';
import type { StockView } from '../../src/api/views.js';
import { Panel } from '../components/panel.js';
import { fit, fitRight } from '../format/format-cell.js';
import { formatDays, formatNumber } from '../format/format-number.js';
import { TEXT } from '../text.js';
import { useTheme } from '../theme/theme-context.js';

export interface StockSummaryPanelProps {
  readonly stock: StockView;
  readonly width: number;
  readonly height: number;
}

/** How many rows the panel wants, so the dashboard can give the alerts the rest. */
export function stockSummaryRows(stock: StockView): number {
  return 2 + 1 + stock.consumables.length + 1 + stock.printableNow.perFamily.length;
}

/** Blanks and each consumable with days of cover (`!` below lead time), then what can print now and why. */
export function StockSummaryPanel({ stock, width, height }: StockSummaryPanelProps) {
  const theme = useTheme();
  const inner = width - 2;
  const e = theme.glyphs.ellipsis;
  const row = (key: string, label: string, amount: number, days: number | null, below: boolean, empty: boolean) => {
    const cover = empty ? 'STOP' : formatDays(days);
    const text = `${fit(label, 15, e)} ${fitRight(formatNumber(amount), 6)}  ${fitRight(cover, 6)} `;
    const mark = below || empty ? '!' : ' ';
    return (
      <Text key={key} wrap="truncate">
        <Text bold={empty} inverse={empty}>{text}</Text>
        <Text bold color={below || empty ? theme.colors.warning : undefined}>{mark}</Text>
        {' '.repeat(Math.max(0, inner - text.length - 1))}
      </Text>
    );
  };
  const rows: ReactElement[] = [row('blanks', 'blanks', stock.blanks.inStock, stock.blanks.daysOfCover, stock.blanks.belowLeadTime, stock.blanks.inStock === 0)];
  for (const c of stock.consumables) {
    rows.push(row(c.typeId, `${c.kind} ${c.family}`, c.imagesOnHand, c.daysOfCover, c.belowLeadTime, c.imagesOnHand === 0));
  }
  const p = stock.printableNow;
  rows.push(<Text key="now" bold wrap="truncate">{fit(`printable now ${formatNumber(p.total)}`, inner, e)}</Text>);
  for (const f of p.perFamily) {
    // The panel names the limiting consumable only ("ribbon"); the Stock screen has the full sentence.
    const limit = f.limitedBy.split(/[\s:]/)[0] ?? f.limitedBy;
    rows.push(<Text key={`pf-${f.family}`} wrap="truncate">{fit(` ${f.family} ${formatNumber(f.cards)} (${limit})`, inner, e)}</Text>);
  }
  return (
    <Panel title={TEXT.panels.stock} width={width} height={height}>
      {rows.slice(0, Math.max(0, height - 2))}
    </Panel>
  );
}
