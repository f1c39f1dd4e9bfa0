import { Box, Text } from '../terminal/ink-runtime.js';
import type { ScreenProps } from './screen-props.js';
import { useCallback, useMemo, useState } from 'react';
import { z } from 'zod';
import { KeyHints } from '../components/key-hints.js';
import { fit, fitRight } from '../format/format-cell.js';
import { formatDays, formatNumber } from '../format/format-number.js';
import { formatDayTime } from '../format/format-time.js';
import { useConsoleActions, useScreenLayers } from '../hooks/console-actions.js';
import { requestValue, useRequest } from '../hooks/use-request.js';
import type { CommandHandler, CommandLayer, CommandTable } from '../keymap/command-router.js';
import { layerHints } from '../keymap/hints.js';
import { TEXT } from '../text.js';
import { renderBarChart } from '../../src/domain/forecast-chart.js';
import { StockPicture, StockRolls } from '../../src/api/protocol.js';
import { rollOptions } from '../format/format-roll.js';
import { useTheme } from '../theme/theme-context.js';

export type StockScreenProps = ScreenProps;

/** `stock.movements` rows; the protocol leaves the row shape open, so known fields are picked by name. */
export const StockMovements = z.object({ total: z.number().int().optional(), rows: z.array(z.record(z.string(), z.unknown())) });

const pick = (row: Record<string, unknown>, ...keys: string[]): string => {
  for (const k of keys) {
    const v = row[k];
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  return '';
};

export function movementText(row: Record<string, unknown>): string {
  const at = pick(row, 'at', 'createdAt', 'time');
  const qty = pick(row, 'quantity', 'delta', 'images', 'count');
  return [
    at ? formatDayTime(at) : '',
    pick(row, 'kind', 'movement', 'type', 'reason'),
    pick(row, 'item', 'typeId', 'rollId'),
    qty ? (Number(qty) > 0 ? `+${qty}` : qty) : '',
    [pick(row, 'fromBucket', 'from'), pick(row, 'toBucket', 'to')].filter(Boolean).join('→'),
    pick(row, 'reference', 'documentNo', 'note'),
    pick(row, 'actor', 'by', 'operatorId'),
  ].filter(Boolean).join('  ');
}

/**
 * The 30-day picture in text: cards printed per day as bars, then one line per stock with its level
 * over the days and the projected run-out date. Block characters, or ASCII on the text console.
 */
export function pictureLines(picture: StockPicture | null | undefined, width: number, rows: number, ascii: boolean): string[] {
  if (!picture) return ['  …'];
  const chartWidth = Math.min(picture.days.length, Math.max(10, width - 48));
  const barRows = Math.max(1, Math.min(3, rows - 2 - picture.consumables.length));
  const max = Math.max(0, ...picture.cardsPrinted);
  const lines = [`  cards printed per day (most ${formatNumber(max)}), ${picture.days[0] ?? ''} to today`];
  for (const row of renderBarChart(picture.cardsPrinted, chartWidth, barRows, { ascii })) lines.push(`  ${row}`);
  for (const series of [picture.blanks, ...picture.consumables]) {
    const [spark] = renderBarChart(series.levels, chartWidth, 1, { ascii });
    const now = series.levels[series.levels.length - 1] ?? 0;
    lines.push(`  ${fit(series.label, 20)} ${spark}  ${fitRight(formatNumber(now), 7)}  ${series.runOutDate ? `out ${series.runOutDate}` : 'no run-out in sight'}`);
  }
  return lines.slice(0, rows);
}

export function StockScreen({ snapshot, width, height }: StockScreenProps) {
  const theme = useTheme();
  const e = theme.glyphs.ellipsis;
  const actions = useConsoleActions();
  const stock = snapshot.stock;
  const tech = snapshot.viewer.role === 'technician';
  const [ledgerTop, setLedgerTop] = useState(0);
  const [showPicture, setShowPicture] = useState(false);

  // Title, blanks, roll header, one row per consumable, printable now (two rows), up to three loans, ledger title, hints.
  const fixedRows = 3 + stock.consumables.length + 2 + Math.min(3, stock.loans.length) + 1 + 1;
  const ledgerRows = Math.max(2, height - fixedRows);
  const movements = useRequest(
    'stock.movements',
    { offset: ledgerTop, limit: ledgerRows },
    `${ledgerTop}:${ledgerRows}:${JSON.stringify(stock.blanks)}:${stock.consumables.map((c) => c.imagesOnHand + c.rollsInStock).join(',')}`,
    (r) => StockMovements.parse(r),
  );
  const moves = requestValue(movements);
  const picture = useRequest(
    'stock.picture',
    showPicture ? {} : null,
    `${showPicture}:${JSON.stringify(stock.blanks)}:${stock.consumables.map((c) => c.imagesOnHand).join(',')}`,
    (r) => StockPicture.parse(r),
  );

  const quiet = (p: Promise<unknown>) => void p.catch(() => undefined);
  const rolls = () => actions.read('stock.rolls', {}).then((r) => StockRolls.parse(r).rows);
  // Lending: own rolls in stock, picked (several with Space), then the due date and the office.
  const lendByPicking = () => quiet(rolls().then((rows) => {
    const options = rollOptions(rows, (r) => r.state === 'in-stock' && r.ownership === 'own');
    if (options.length === 0) return actions.flash(`lend: ${TEXT.pick.noRolls('own rolls')}`, 'error');
    actions.pick(TEXT.pick.lendRolls, options, (rollIds) =>
      actions.ask({ label: TEXT.prompts.lendDue, maxLength: 10, validate: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? null : 'type the date as YYYY-MM-DD') }, (dueDate) =>
        actions.ask({ label: TEXT.prompts.lendTo, maxLength: 100 }, (counterparty) =>
          quiet(actions.send('stock.lend', { rollIds: [...rollIds], dueDate, counterparty }, { label: `lend ${rollIds.length} roll(s) to ${counterparty}`, action: 'stock.lend' })))), true);
  }));
  // Returning: the loan, then which of its rolls (the ones on our books under that loan).
  const returnByPicking = () => {
    const loans = stock.loans.map((l) => ({ id: l.id, label: `${l.id}  ${l.direction} ${l.rolls} ${l.typeId} ${l.direction === 'lent' ? 'to' : 'from'} ${l.counterparty}, due ${l.dueDate}${l.overdue ? '  OVERDUE' : ''}` }));
    actions.pick(TEXT.pick.returnLoan, loans, ([loanId]) => quiet(rolls().then((rows) => {
      const options = rollOptions(rows, (r) => r.loanId === loanId);
      const send = (rollIds?: readonly string[]) =>
        quiet(actions.send('stock.return', rollIds ? { loanId: loanId!, rollIds: [...rollIds] } : { loanId: loanId! }, { label: `return loan ${loanId}`, action: 'stock.return' }));
      if (options.length === 0) return send();
      actions.pick(TEXT.pick.returnRolls, options, send, true);
    })));
  };
  const table = useMemo<CommandTable>(() => {
    const stockAct = (initial: string): CommandHandler => ({
      run: () => actions.commandLine(initial),
      unavailable: tech ? TEXT.unavailable.technicianStock : null,
      hidden: tech,
    });
    const total = moves?.total;
    return {
      'nav.down': { run: () => setLedgerTop((t) => (total === undefined || t + 1 < total ? t + 1 : t)) },
      'nav.up': { run: () => setLedgerTop((t) => Math.max(0, t - 1)) },
      'nav.page-down': { run: () => setLedgerTop((t) => (total === undefined ? t + ledgerRows : Math.min(Math.max(0, total - 1), t + ledgerRows))) },
      'nav.page-up': { run: () => setLedgerTop((t) => Math.max(0, t - ledgerRows)) },
      'nav.first': { run: () => setLedgerTop(0) },
      'nav.last': { run: () => setLedgerTop(total === undefined ? 0 : Math.max(0, total - ledgerRows)) },
      'stock.receive': stockAct('receive '),
      'stock.lend': { ...stockAct(''), run: lendByPicking },
      'stock.borrow': stockAct('borrow '),
      'stock.return': { ...stockAct(''), run: returnByPicking, unavailable: tech ? TEXT.unavailable.technicianStock : stock.loans.length === 0 ? TEXT.unavailable.noLoans : null },
      'stock.picture': { run: () => setShowPicture((v) => !v) },
    };
    // The pickers read the stock of the render they were made in; they are remade with the table.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [actions, tech, moves?.total, ledgerRows, stock.loans]);
  const layers = useScreenLayers(useCallback((): CommandLayer[] => [{ scopes: ['screen:stock'], table }], [table]));

  const b = stock.blanks;
  const lines: { text: string; bold?: boolean }[] = [
    { text: ` ${TEXT.screenTitles.stock}`, bold: true },
    { text: ` blanks  in stock ${formatNumber(b.inStock)}  printing ${b.printing}  in doubt ${b.inDoubt}  printed ${formatNumber(b.printed)}  spoiled ${formatNumber(b.spoiled)}  cover ${formatDays(b.daysOfCover)}${b.belowLeadTime ? ' !' : ''}` },
    { text: ` ${fit('ROLLS', 17)}${fitRight('IMAGES', 7)}${fitRight('STOCK', 7)}${fitRight('LOADED', 8)}${fitRight('BORROWED', 10)}${fitRight('TO DESTROY', 12)}${fitRight('COVER', 9)}`, bold: true },
  ];
  for (const c of stock.consumables) {
    lines.push({
      text: ` ${fit(`${c.kind} ${c.family}`, 17, e)}${fitRight(formatNumber(c.imagesOnHand), 7)}${fitRight(String(c.rollsInStock), 7)}${fitRight(String(c.rollsLoaded), 8)}${fitRight(String(c.rollsBorrowed), 10)}${fitRight(String(c.rollsAwaitingDestruction), 12)}${fitRight(c.imagesOnHand === 0 ? 'STOP' : formatDays(c.daysOfCover), 9)}${c.belowLeadTime || c.imagesOnHand === 0 ? ' !' : ''}`,
      bold: c.imagesOnHand === 0,
    });
  }
  lines.push({ text: ` printable now ${formatNumber(stock.printableNow.total)}, limited by ${stock.printableNow.limitedBy}`, bold: true });
  lines.push({ text: `   ${stock.printableNow.perFamily.map((f) => `${f.family} ${formatNumber(f.cards)}${f.note ? ` (${f.note})` : ''}`).join('   ')}` });
  for (const loan of stock.loans.slice(0, 3)) {
    lines.push({ text: ` ${loan.overdue ? 'OVERDUE ' : ''}${loan.direction} ${loan.rolls} ${loan.typeId} ${loan.direction === 'lent' ? 'to' : 'from'} ${loan.counterparty}, due ${loan.dueDate}  (loan ${loan.id})`, bold: loan.overdue });
  }
  lines.push(
    showPicture
      ? { text: ` Last 30 days`, bold: true }
      : { text: ` Movements${moves?.total !== undefined ? ` (${formatNumber(moves.total)})` : ''}`, bold: true },
  );
  const chart = showPicture ? pictureLines(requestValue(picture), width, ledgerRows, theme.glyphs.kind === 'ascii') : [];
  return (
    <Box flexDirection="column" width={width} height={height}>
      {lines.map((l, i) => (
        <Text key={i} bold={l.bold} wrap="truncate">{fit(l.text, width, e)}</Text>
      ))}
      <Box flexDirection="column" height={ledgerRows}>
        {showPicture ? (
          picture.status === 'error' ? (
            <Text>{fit(`  ${TEXT.errorPrefix} ${picture.text}`, width, e)}</Text>
          ) : (
            chart.map((line, i) => (
              <Text key={i} wrap="truncate">
                {fit(line, width, e)}
              </Text>
            ))
          )
        ) : (
          <>
            {movements.status === 'error' ? <Text>{fit(`  ${TEXT.errorPrefix} ${movements.text}`, width, e)}</Text> : null}
            {(moves?.rows ?? []).slice(0, ledgerRows).map((row, i) => (
              <Text key={i} wrap="truncate">{fit(`  ${movementText(row)}`, width, e)}</Text>
            ))}
          </>
        )}
      </Box>
      <KeyHints items={layerHints(layers, theme.glyphs.kind === 'ascii')} width={width} />
    </Box>
  );
}
