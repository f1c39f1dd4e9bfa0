import type { ReactElement } from 'react';
import { t } from '../../src/i18n/i18n.js';
import { reasonInWords } from '../format/format-printer-care.js';
import { Text } from '../terminal/ink-runtime.js';
import type { PrinterView, RollView } from '../../src/api/views.js';
import { Panel } from '../components/panel.js';
import { formatBar } from '../format/format-bar.js';
import { fit, shortenNik } from '../format/format-cell.js';
import { formatNumber } from '../format/format-number.js';
import { TEXT } from '../text.js';
import { useTheme } from '../theme/theme-context.js';
import type { Theme } from '../theme/theme.js';

export interface PrintersSummaryPanelProps {
  readonly printers: readonly PrinterView[];
  readonly width: number;
  readonly height: number;
}

/** "P1 FARGO HDP5000": the model, with the family in front when the model does not name it. */
export function printerTitle(p: PrinterView): string {
  const brand = p.family.split(/[-_\s]/)[0] ?? p.family;
  const model = p.model.toLowerCase().includes(brand.toLowerCase()) ? p.model : `${brand.toUpperCase()} ${p.model}`;
  return `${p.id} ${model}`;
}

/** State in words, upper case when it stops the line, so it reads without colour. */
export function printerStateText(p: PrinterView, ellipsis: string): string {
  switch (p.state) {
    case 'printing':
      return p.current ? `printing ${shortenNik(p.current.nik, ellipsis)}` : p.care.busyWith ? t(`printers:busy.${p.care.busyWith}`) : 'printing';
    case 'stopped':
      return `STOPPED ${p.reasons[0] ? reasonInWords(p.reasons[0]) : ''}`.trim();
    case 'offline':
      return 'OFFLINE';
    case 'paused':
      return 'PAUSED';
    default:
      return p.reasons.length > 0 ? `idle ${reasonInWords(p.reasons[0]!)}` : 'idle';
  }
}

export function printerStateColor(p: PrinterView, theme: Theme): string | undefined {
  if (p.state === 'stopped' || p.state === 'offline') return theme.colors.critical;
  if (p.state === 'paused' || p.reasons.length > 0) return theme.colors.warning;
  return theme.colors.ok;
}

function rollText(label: string, roll: RollView | null, barWidth: number, theme: Theme, withCapacity: boolean): string {
  if (!roll) return `${label} none`;
  const count = withCapacity ? `${formatNumber(roll.remaining)}/${formatNumber(roll.capacity)}` : formatNumber(roll.remaining);
  return `${label} ${formatBar(roll.remaining, roll.capacity, barWidth, theme.glyphs)} ${count}`;
}

/** The chip encoder of a printer in one line: where it is, who writes, and what it needs now. */
export function encoderLine(e: NonNullable<PrinterView['encoder']>): string {
  const where = e.at === 'desk' ? TEXT.encoder.atDesk : TEXT.encoder.inPrinter;
  const state = e.problem ? `! ${e.problem}` : (e.activity ?? TEXT.encoder.ready);
  return `${TEXT.encoder.title} ${e.reader} (${where}${e.reference ? `; ${TEXT.encoder.reference}` : ''}): ${state}`;
}

/** Two rows per printer: name and state, then film and ribbon with the images left. */
export function PrintersSummaryPanel({ printers, width, height }: PrintersSummaryPanelProps) {
  const theme = useTheme();
  const inner = width - 2;
  const rows: ReactElement[] = [];
  for (const p of printers) {
    if (rows.length + 2 > height - 2) break;
    const head = fit(printerTitle(p), Math.max(19, Math.min(40, Math.floor(inner * 0.4))), theme.glyphs.ellipsis);
    const stopped = p.state === 'stopped' || p.state === 'offline';
    const sim = `${p.simulated ? ` ${TEXT.simulated}` : ''}${p.encoder?.reference ? ` ${TEXT.referenceChip}` : ''}`;
    const stateWidth = inner - head.length - 1 - sim.length;
    rows.push(
      <Text key={`${p.id}-a`} wrap="truncate">
        {head}{' '}
        <Text bold={stopped} inverse={stopped} color={printerStateColor(p, theme)}>{fit(printerStateText(p, theme.glyphs.ellipsis), stateWidth, theme.glyphs.ellipsis)}</Text>
        {sim ? <Text color={theme.colors.simulated}>{sim}</Text> : null}
      </Text>,
    );
    const bars = p.usesFilm
      ? `   ${rollText('film', p.film, 10, theme, false)}  ${rollText('ribbon', p.ribbon, 5, theme, false)}`
      : `   ${rollText('ribbon', p.ribbon, 10, theme, true)}`;
    rows.push(<Text key={`${p.id}-b`} wrap="truncate">{fit(bars, inner, theme.glyphs.ellipsis)}</Text>);
  }
  if (printers.length === 0) rows.push(<Text key="none">{fit(` ${TEXT.noPrinters}`, inner)}</Text>);
  return (
    <Panel title={TEXT.panels.printers} width={width} height={height}>
      {rows}
    </Panel>
  );
}
