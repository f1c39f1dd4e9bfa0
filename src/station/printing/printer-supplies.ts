import type { ConsumableLevel } from '../../../hardware/types.js';

/** What the ledger says of the roll loaded for one kind: images left and its capacity. */
export interface LedgerRoll {
  readonly remaining: number;
  readonly capacity: number;
}

/** One supply as the printer and the ledger see it, side by side. */
export interface SupplyFigure {
  readonly kind: 'ribbon' | 'film';
  readonly name: string;
  /** Images left by the printer's own count, or (from a percentage and the roll's capacity) its estimate; null when unknown. */
  readonly printerImages: number | null;
  /** The printer's percentage where it reports one (or where its images and capacity give one). */
  readonly printerPercent: number | null;
  /** Images left by the ledger (the loaded roll, counting the card on the printer as not yet used), or null with no roll. */
  readonly ledgerImages: number | null;
  /** The printer calls it low (a `marker-supply-low` reason, or its level at or under its low mark). */
  readonly low: boolean;
  /** Printer and ledger differ by more than the tolerance, in images. */
  readonly disagree: boolean;
}

/**
 * The printer's own ribbon and film figures next to the ledger's (Evolis `Rrt`, IPP `printer-supply`
 * / `marker-levels` / `marker-low-levels`). Neither is trusted silently: a roll swapped without
 * telling cetak, a counter reset or a card printed outside cetak all show as a disagreement.
 * A percentage is compared through the roll's capacity, with one percent of it as rounding slack.
 */
export function supplyFigures(input: {
  readonly levels: readonly ConsumableLevel[];
  readonly reasons: readonly string[];
  readonly rolls: { readonly film?: LedgerRoll | undefined; readonly ribbon?: LedgerRoll | undefined };
  /** A card is on the printer: its images are reserved in the ledger but not yet used up by the printer. */
  readonly cardOnPrinter: boolean;
  readonly toleranceImages: number;
}): SupplyFigure[] {
  const reasonLow = input.reasons.some((r) => r.startsWith('marker-supply-low'));
  const figures: SupplyFigure[] = [];
  for (const level of input.levels) {
    if (level.kind !== 'ribbon' && level.kind !== 'film') continue;
    const roll = input.rolls[level.kind];
    const ledgerImages = roll ? roll.remaining + (input.cardOnPrinter ? 1 : 0) : null;
    const capacity = level.capacityImages ?? roll?.capacity;
    let printerImages: number | null = level.remainingImages ?? null;
    let slack = 0;
    if (printerImages === null && level.percent !== undefined && roll) {
      printerImages = Math.round((level.percent / 100) * roll.capacity);
      slack = Math.ceil(roll.capacity / 100);
    }
    const printerPercent = level.percent ?? (level.remainingImages !== undefined && capacity ? Math.round((level.remainingImages / capacity) * 100) : null);
    const underMark = level.lowPercent !== undefined && printerPercent !== null && printerPercent <= level.lowPercent;
    const disagree = printerImages !== null && ledgerImages !== null && Math.abs(printerImages - ledgerImages) > input.toleranceImages + slack;
    // The reason does not say which supply is low: every one not known to be above its mark is.
    const low = underMark || (reasonLow && !(level.lowPercent !== undefined && printerPercent !== null && printerPercent > level.lowPercent));
    figures.push({ kind: level.kind, name: level.name, printerImages, printerPercent, ledgerImages, low, disagree });
  }
  return figures;
}
