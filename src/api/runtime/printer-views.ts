import type { PrinterView, RollView } from '../views.js';
import type { StationContext } from '../../station/context.js';
import { jobHolders } from '../../station/jobs/job-queue.js';
import { loadedRollsByPrinter } from '../../station/stock/stock-rolls.js';
import { printerCare } from '../../station/config/printer-care-config.js';
import { printerViewState, type PrinterHandle } from '../../station/printing/printer-handle.js';

/** How far the printer's own count may drift from the ledger before we say so. */
export const DISCREPANCY_TOLERANCE_IMAGES = 2;

/**
 * Where a printer counts its own ribbon or film, compare with the ledger's count for the loaded
 * roll and say so when they disagree: neither is trusted silently (a roll swapped without telling
 * cetak, a counter reset, a card printed outside cetak).
 */
export function consumableDiscrepancy(h: PrinterHandle, rolls: { film?: RollView; ribbon?: RollView }): string | null {
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
    if (Math.abs(level.remainingImages - ledger) > DISCREPANCY_TOLERANCE_IMAGES) {
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
      discrepancy: consumableDiscrepancy(h, r),
      care: { busyWith: h.busyWith, cardsSinceCleaning: h.cardsSinceCleaning, cleanEveryCards: printerCare(h.config).cleanEveryCards, feederCards: h.status?.feederCards ?? null },
      encoder: h.encoder ? { reader: h.encoder.reader, at: h.encoder.at, reference: h.encoder.reference, problem: h.encoderProblem, activity: h.encoderActivity } : null,
    };
  });
}
