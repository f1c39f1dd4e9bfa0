import type { AlertView, PrinterView, RollView } from '../views.js';
import { t } from '../../i18n/i18n.js';
import { printers } from '../../i18n/locales/printers.js';
import type { StationContext } from '../../station/context.js';
import { jobHolders } from '../../station/jobs/job-queue.js';
import { loadedRollsByPrinter } from '../../station/stock/stock-rolls.js';
import { supplyFigures } from '../../station/printing/printer-supplies.js';
import { printerCare } from '../../station/config/printer-care-config.js';
import { printerViewState, type PrinterHandle } from '../../station/printing/printer-handle.js';

/**
 * Where a printer counts its own ribbon or film, compare with the ledger's count for the loaded
 * roll and say so when they disagree: neither is trusted silently (a roll swapped without telling
 * cetak, a counter reset, a card printed outside cetak).
 */
export function consumableDiscrepancy(h: PrinterHandle, rolls: { film?: RollView; ribbon?: RollView }, toleranceImages = 2): string | null {
  const problems: string[] = [];
  for (const level of h.status?.levels ?? []) {
    if (level.kind !== 'ribbon' && level.kind !== 'film') continue;
    if (level.remainingImages === undefined) continue;
    const roll = rolls[level.kind];
    if (!roll) {
      problems.push(`${level.kind}: printer reports ${level.remainingImages} left but no ${level.kind} roll is loaded in cetak`);
      continue;
    }
    // The roll in the printer counts what is reserved for the card on it as still there.
    const ledger = roll.remaining + (h.current ? 1 : 0);
    if (Math.abs(level.remainingImages - ledger) > toleranceImages) {
      problems.push(`${level.kind}: printer says ${level.remainingImages} left, ledger ${ledger}`);
    }
  }
  return problems.length ? problems.join('; ') : null;
}

export async function buildPrinterViews(ctx: StationContext, handles: readonly PrinterHandle[]): Promise<PrinterView[]> {
  const rolls = await loadedRollsByPrinter(ctx);
  const currentIds = handles.map((h) => h.current?.jobId).filter((id): id is string => id !== undefined);
  const current = await jobHolders(ctx, currentIds);
  return handles.map((h) => {
    const r = rolls.get(h.config.id) ?? {};
    const job = h.current ? current.find((c) => c.id === h.current!.jobId) : undefined;
    return {
      id: h.config.id,
      name: h.config.name,
      family: h.config.family,
      model: h.identity?.model ?? h.config.family,
      uri: h.config.uri,
      station: ctx.stationId,
      simulated: h.identity?.simulated ?? h.config.uri.startsWith('sim:'),
      state: printerViewState(h),
      reasons: [...(h.status?.reasons ?? [])],
      current: h.current && job ? { jobId: job.id, nik: job.nik, name: job.name } : null,
      film: r.film ?? null,
      ribbon: r.ribbon ?? null,
      usesFilm: h.driver.capabilities.retransfer,
      cardsToday: h.cardsToday,
      counters: { ...(h.status?.counters ?? {}) },
      lastOutcome: h.lastOutcome,
      discrepancy: consumableDiscrepancy(h, r, printerCare(h.config).supplyToleranceImages),
      supplies: supplyFigures({ levels: h.status?.levels ?? [], reasons: h.status?.reasons ?? [], rolls: r, cardOnPrinter: h.current !== null, toleranceImages: printerCare(h.config).supplyToleranceImages }),
      care: { busyWith: h.busyWith, cardsSinceCleaning: h.cardsSinceCleaning, cleanEveryCards: printerCare(h.config).cleanEveryCards, feederCards: h.status?.feederCards ?? null },
      encoder: h.encoder ? { reader: h.encoder.reader, at: h.encoder.at, reference: h.encoder.reference, problem: h.encoderProblem, activity: h.encoderActivity } : null,
    };
  });
}

/** A reason keyword in words (any severity suffix), from the printers namespace; unknown keywords as they came. */
export function reasonWords(reason: string): string {
  const base = reason.replace(/-(error|warning|report)$/, '');
  return base in printers.en.reasons ? t(`printers:reasons.${base}`) : reason;
}

/**
 * The printer's own alerts: stopped (reasons in words), supplies low by the printer's own figure or
 * reason, printer and ledger disagreeing beyond the tolerance, and a cleaning due.
 */
export function printerAlerts(p: PrinterView, queued: number): AlertView[] {
  const alerts: AlertView[] = [];
  const words = [...new Set(p.reasons.map(reasonWords))].join(', ');
  if (p.state === 'stopped' || p.state === 'offline') {
    alerts.push({ level: queued > 0 ? 'critical' : 'warning', code: 'printer-stopped', message: `${p.name} ${p.state}${words ? `: ${words}` : ''}` });
  }
  const low = p.supplies.filter((s) => s.low);
  for (const s of low) {
    const figure = s.printerImages !== null ? `${s.printerImages} images` : s.printerPercent !== null ? `${s.printerPercent}%` : 'low';
    alerts.push({ level: 'warning', code: 'supply-low', message: `${p.name} ${s.kind} running low by the printer's own figure (${figure})${s.ledgerImages !== null ? `, ledger ${s.ledgerImages}` : ''}: have a new roll ready` });
  }
  if (low.length === 0 && p.state !== 'stopped' && p.reasons.some((r) => r.startsWith('marker-supply-low'))) {
    alerts.push({ level: 'warning', code: 'supply-low', message: `${p.name}: ${reasonWords('marker-supply-low')}` });
  }
  if (p.discrepancy) alerts.push({ level: 'warning', code: 'consumable-discrepancy', message: `${p.name} ${p.discrepancy}` });
  else {
    for (const s of p.supplies.filter((f) => f.disagree)) {
      alerts.push({ level: 'warning', code: 'consumable-discrepancy', message: `${p.name} ${s.kind}: printer says ${s.printerPercent !== null ? `${s.printerPercent}% (about ${s.printerImages} images)` : `${s.printerImages} left`}, ledger ${s.ledgerImages}` });
    }
  }
  if (p.care.cleanEveryCards !== null && p.care.cardsSinceCleaning >= p.care.cleanEveryCards) {
    alerts.push({ level: 'warning', code: 'cleaning-due', message: `${p.name}: cleaning due, ${p.care.cardsSinceCleaning} cards since the last one` });
  }
  return alerts;
}
