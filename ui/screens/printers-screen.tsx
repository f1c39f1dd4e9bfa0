import { Box, Text } from '../terminal/ink-runtime.js';
import type { ScreenProps } from './screen-props.js';
import { z } from 'zod';
import type { PrinterView } from '../../src/api/views.js';
import { StockRolls } from '../../src/api/protocol.js';
import { rollOptions, type RollRow } from '../format/format-roll.js';
import { KeyHints } from '../components/key-hints.js';
import { Panel } from '../components/panel.js';
import { formatBar } from '../format/format-bar.js';
import { fit } from '../format/format-cell.js';
import { formatNumber } from '../format/format-number.js';
import { t } from '../../src/i18n/i18n.js';
import { careLines, printerCareUnavailable, reasonsInWords, supplyLines } from '../format/format-printer-care.js';
import { formatClock } from '../format/format-time.js';
import { useConsoleActions, useScreenLayers } from '../hooks/console-actions.js';
import { useLatest, useSyncReducer } from '../hooks/use-sync-reducer.js';
import { requestValue, useRequest } from '../hooks/use-request.js';
import type { CommandHandler, CommandLayer, CommandTable } from '../keymap/command-router.js';
import { layerHints } from '../keymap/hints.js';
import { encoderLine, printerStateColor, printerStateText, printerTitle } from '../panels/printers-summary-panel.js';
import { TEXT } from '../text.js';
import { useTheme } from '../theme/theme-context.js';

export type PrintersScreenProps = ScreenProps;

/**
 * What `printer.detail` may add to the snapshot's view. The protocol leaves its result open, so only
 * the parts the console knows are read and anything else is ignored.
 */
export const PrinterDetailExtra = z
  .object({
    recentOutcomes: z.array(z.object({ at: z.string(), outcome: z.string(), jobId: z.string().optional(), nik: z.string().optional(), detail: z.string().optional() })).optional(),
    firmware: z.string().optional(),
    serial: z.string().optional(),
  })
  .passthrough();
export type PrinterDetailExtra = z.infer<typeof PrinterDetailExtra>;

export function printerActionUnavailable(action: string, printer: PrinterView | null, role: string, signedIn: boolean): string | null {
  if (!signedIn) return TEXT.unavailable.notSignedIn;
  if (!printer) return TEXT.unavailable.noPrinter;
  if (printer.state === 'offline' && action !== 'load' && action !== 'unload') return 'the printer is offline';
  if (action === 'pause' && printer.state === 'paused') return 'already paused';
  if (action === 'resume' && printer.state !== 'paused' && printer.state !== 'stopped') return `the printer is ${printer.state}, not paused`;
  if (action === 'test' || action === 'clean' || action === 'refill') return printerCareUnavailable(action, printer);
  void role;
  return null;
}

/** The highlighted printer, kept by id so it stays on its printer when the list changes. */
export interface PrinterSelection {
  readonly id: string | null;
  readonly index: number;
}
const NO_SELECTION: PrinterSelection = Object.freeze({ id: null, index: 0 });

export function selectPrinter(_: PrinterSelection, move: { readonly index: number; readonly printers: readonly PrinterView[] }): PrinterSelection {
  const index = Math.min(Math.max(0, move.index), Math.max(0, move.printers.length - 1));
  return { id: move.printers[index]?.id ?? null, index };
}

/** Where the selected printer is now; if it left the list, the row it was on (clamped). */
export function printerIndex(selection: PrinterSelection, printers: readonly PrinterView[]): number {
  const byId = selection.id === null ? -1 : printers.findIndex((p) => p.id === selection.id);
  return byId >= 0 ? byId : Math.min(selection.index, Math.max(0, printers.length - 1));
}

export function PrintersScreen({ snapshot, width, height, pending }: PrintersScreenProps) {
  const theme = useTheme();
  const e = theme.glyphs.ellipsis;
  const actions = useConsoleActions();
  const printers = snapshot.printers;
  const printersRef = useLatest(printers);
  const [selection, select, selectionRef] = useSyncReducer(selectPrinter, null, () => NO_SELECTION);
  const index = printerIndex(selection, printers);
  const printer = printers[index] ?? null;
  const role = snapshot.viewer.role;
  const signedIn = snapshot.viewer.operatorId !== null;
  const extra = useRequest(
    'printer.detail',
    printer ? { printerId: printer.id } : null,
    printer ? `${printer.id}:${printer.lastOutcome?.at ?? ''}:${printer.state}` : '',
    (r) => PrinterDetailExtra.parse(r ?? {}),
  );

  // Reads the selection mirror and the latest printer list when a key arrives (see useScreenLayers).
  const build = (): CommandLayer[] => {
    const list = printersRef.current;
    const at = printerIndex(selectionRef.current, list);
    const p0 = list[at] ?? null;
    const go = (i: number) => select({ index: i, printers: list });
    const act = (action: string, run: (p: PrinterView) => void): CommandHandler => ({
      run: () => p0 && run(p0),
      unavailable: printerActionUnavailable(action, p0, role, signedIn),
    });
    const meta = (action: string, p: PrinterView) => ({ label: `${action} ${p.id}`, subject: p.id, action });
    const quiet = (p: Promise<unknown>) => void p.catch(() => undefined);
    const table: CommandTable = {
      'nav.down': { run: () => go(at + 1) },
      'nav.up': { run: () => go(at - 1) },
      'nav.first': { run: () => go(0) },
      'nav.last': { run: () => go(list.length - 1) },
      'printers.pause': act('pause', (p) => quiet(actions.send('printer.pause', { printerId: p.id }, meta('pause', p)))),
      'printers.resume': act('resume', (p) => quiet(actions.send('printer.resume', { printerId: p.id }, meta('resume', p)))),
      'printers.clean': act('clean', (p) => actions.confirm(TEXT.confirm.clean(p.id), () => quiet(actions.send('printer.clean', { printerId: p.id }, meta('clean', p))))),
      'printers.test-card': act('test', (p) => actions.confirm(TEXT.confirm.testCard(p.id), () => quiet(actions.send('printer.test-card', { printerId: p.id }, meta('test card', p))))),
      // The feeder is filled by hand; the station records how many went in (nothing typed: filled up).
      'printers.refill': act('refill', (p) =>
        actions.ask({ label: t('printers:refill.prompt', { printer: p.id }), maxLength: 5, validate: (v) => (v === '+' || /^[1-9]\d{0,4}$/.test(v) ? null : t('printers:refill.invalid', { max: 10_000 })) }, (v) =>
          actions.confirm(v === '+' ? t('printers:refill.confirmFull', { printer: p.id }) : t('printers:refill.confirm', { printer: p.id, count: v }), () =>
            quiet(actions.send('printer.refill', { printerId: p.id, ...(v === '+' ? {} : { count: Number(v) }) }, meta('refill', p)))))),
      // Rolls are picked from what is in stock for this printer's family, never typed.
      'printers.load-roll': act('load', (p) => quiet(actions.read('stock.rolls', {}).then((result) => {
        const fits = (r: RollRow) => r.state === 'in-stock' && r.typeId === `${p.family}-${r.kind}` && (p.usesFilm || r.kind !== 'film');
        const options = rollOptions(StockRolls.parse(result).rows, fits);
        if (options.length === 0) return actions.flash(`load roll: ${TEXT.pick.noRolls(`${p.family} film or ribbon`)}`, 'error');
        actions.pick(TEXT.pick.loadRoll(p.id), options, ([rollId]) => quiet(actions.send('roll.load', { rollId: rollId!, printerId: p.id }, meta(`load ${rollId} on`, p))));
      }))),
      'printers.unload-roll': act('unload', (p) =>
        actions.ask({ label: TEXT.prompts.unloadChoice, maxLength: 1, validate: (v) => (v === '1' && p.film) || (v === '2' && p.ribbon) ? null : 'no such roll loaded; type 1 for film or 2 for ribbon' }, (v) => {
          const roll = v === '1' ? p.film! : p.ribbon!;
          actions.ask({ label: TEXT.prompts.unloadFinished, maxLength: 1, validate: (a) => (/^[yn]$/i.test(a) ? null : 'type y or n') }, (a) =>
            actions.confirm(TEXT.confirm.unload(roll.rollId, p.id), () =>
              quiet(actions.send('roll.unload', { rollId: roll.rollId, finished: a.toLowerCase() === 'y' }, meta(`unload ${roll.rollId} from`, p)))));
        })),
    };
    // Row 0 is the title; the printers follow, at most six.
    return [{ scopes: ['screen:printers'], table, click: (row) => row >= 1 && row <= Math.min(6, list.length) && go(row - 1) }];
  };
  const layers = useScreenLayers(build);

  const listHeight = Math.min(printers.length, 6) + 1;
  // 22 columns at 80; wider terminals show the whole title and the printer's name.
  const titleWidth = Math.max(22, Math.min(48, Math.floor(width * 0.3)));
  const detailHeight = height - listHeight - 1;
  const inner = width - 2;
  const pendingFor = new Map(pending.filter((p) => p.subject).map((p) => [p.subject!, p.action]));
  const lines: string[] = [];
  if (printer) {
    const roll = (label: string, r: PrinterView['film']) =>
      r ? `${label} ${formatBar(r.remaining, r.capacity, 12, theme.glyphs)} ${formatNumber(r.remaining)}/${formatNumber(r.capacity)} (roll ${r.rollId}, lot ${r.lot})` : `${label} none loaded`;
    lines.push(`${printer.uri}   ${printer.family} ${printer.model}${printer.simulated ? `   ${TEXT.simulated}` : ''}`);
    lines.push(`state ${printer.state}   reasons: ${printer.reasons.length > 0 ? reasonsInWords(printer.reasons).join(', ') : 'none'}`);
    lines.push(printer.current ? `on the printer: ${printer.current.nik} ${printer.current.name}` : 'on the printer: no card');
    if (printer.usesFilm) lines.push(roll('film  ', printer.film));
    lines.push(roll('ribbon', printer.ribbon));
    lines.push(...supplyLines(printer));
    lines.push(`cards today ${formatNumber(printer.cardsToday)}`);
    lines.push(...careLines(printer));
    const counters = Object.entries(printer.counters).map(([k, v]) => `${k} ${formatNumber(v)}`).join('   ');
    if (counters) lines.push(`counters: ${counters}`);
    if (printer.lastOutcome) lines.push(`last: ${printer.lastOutcome.outcome} at ${formatClock(printer.lastOutcome.at)}${printer.lastOutcome.detail ? ` (${printer.lastOutcome.detail})` : ''}`);
    if (printer.discrepancy) lines.push(`! counter check: ${printer.discrepancy}`);
    if (printer.encoder) lines.push(encoderLine(printer.encoder));
    const recent = requestValue(extra)?.recentOutcomes ?? [];
    if (recent.length > 0) {
      lines.push('recent outcomes:');
      for (const o of recent.slice(0, Math.max(0, detailHeight - 2 - lines.length))) {
        lines.push(`  ${formatClock(o.at)} ${o.outcome}${o.nik ? ` ${o.nik}` : ''}${o.detail ? ` (${o.detail})` : ''}`);
      }
    }
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate">{fit(` ${TEXT.screenTitles.printers}`, width)}</Text>
      {printers.length === 0 ? <Text>{fit(`  ${TEXT.noPrinters}`, width)}</Text> : null}
      {printers.slice(0, 6).map((p, i) => {
        const selected = i === index;
        const stopped = p.state === 'stopped' || p.state === 'offline';
        const head = `${selected ? theme.glyphs.cursor : ' '} ${fit(`${printerTitle(p)}${width >= 100 ? `  ${p.name}` : ''}`, titleWidth, e)} `;
        const pend = pendingFor.get(p.id);
        const state = fit(pend ? `${pend}${e}` : printerStateText(p, e), width - head.length - 13, e);
        return (
          <Text key={p.id} wrap="truncate">
            <Text inverse={selected}>{head}</Text>
            <Text bold={stopped} inverse={stopped} color={printerStateColor(p, theme)}>{state}</Text>
            <Text color={theme.colors.simulated}>{p.simulated ? ` ${TEXT.simulated}` : ''.padEnd(12)}</Text>
          </Text>
        );
      })}
      {printer ? (
        <Panel title={`${printer.id} ${printer.name}`} width={width} height={detailHeight}>
          {lines.slice(0, detailHeight - 2).map((l, i) => (
            <Text key={i} wrap="truncate" bold={l.startsWith('!')}>{fit(l, inner, e)}</Text>
          ))}
        </Panel>
      ) : <Box height={detailHeight} />}
      <KeyHints items={layerHints(layers, theme.glyphs.kind === 'ascii')} width={width} />
    </Box>
  );
}
