import type { StationContext } from '../../station/context.js';
import { stockSummary } from '../../station/stock-summary.js';
import type { PrinterView, StockView } from '../views.js';

/**
 * Printable now = min(blanks, Σ over families with a working printer of min(film, ribbon)); a family
 * whose printers do not use film counts ribbon only. Names the binding constraint in words.
 */
export function printableNow(
  blanks: number,
  consumables: readonly { family: string; kind: 'film' | 'ribbon'; imagesOnHand: number }[],
  printers: readonly Pick<PrinterView, 'family' | 'state' | 'usesFilm'>[],
): StockView['printableNow'] {
  const families = [...new Set([...consumables.map((c) => c.family), ...printers.map((p) => p.family)])].sort();
  const perFamily = families.map((family) => {
    const ps = printers.filter((p) => p.family === family);
    const working = ps.some((p) => p.state !== 'offline' && p.state !== 'stopped');
    const usesFilm = ps.some((p) => p.usesFilm) || (ps.length === 0 && consumables.some((c) => c.family === family && c.kind === 'film'));
    const images = (kind: 'film' | 'ribbon') => consumables.filter((c) => c.family === family && c.kind === kind).reduce((a, c) => a + c.imagesOnHand, 0);
    const film = images('film');
    const ribbon = images('ribbon');
    const cards = usesFilm ? Math.min(film, ribbon) : ribbon;
    const limitedBy = usesFilm && film <= ribbon ? `film ${film}` : `ribbon ${ribbon}`;
    if (ps.length === 0) return { family, cards: 0, limitedBy, note: `no ${family} printer: its ${cards} images cannot print` };
    if (!working) return { family, cards: 0, limitedBy, note: `no working ${family} printer: ${cards} images wait` };
    return { family, cards, limitedBy, note: null };
  });
  const total = perFamily.reduce((a, f) => a + f.cards, 0);
  const fmt = (n: number) => n.toLocaleString('en-US');
  const binding = perFamily.filter((f) => f.note === null).map((f) => `${f.limitedBy.split(' ')[0]} for ${f.family}: ${fmt(f.cards)} cards`);
  const limitedBy = blanks <= total ? `blanks: ${fmt(blanks)}` : binding.join('; ') || 'no working printer';
  return { total: Math.min(blanks, total), limitedBy: blanks <= total ? `${limitedBy}` : `${limitedBy}; blanks: ${fmt(blanks)}`, perFamily };
}

export async function buildStockView(ctx: StationContext, today: string, printers: readonly PrinterView[]): Promise<StockView> {
  const s = await stockSummary(ctx, today);
  const consumables = s.types.map((t) => ({
    typeId: t.typeId,
    family: t.family,
    kind: t.kind,
    imagesOnHand: t.imagesOnHand,
    rollsInStock: t.rollsInStock,
    rollsLoaded: t.rollsLoaded,
    rollsBorrowed: t.rollsBorrowed,
    rollsAwaitingDestruction: t.rollsAwaitingDestruction,
    daysOfCover: null,
    belowLeadTime: false,
  }));
  return {
    blanks: { received: s.blanks.received, inStock: s.blanks.inStock, printing: s.blanks.printing, inDoubt: s.blanks.inDoubt, printed: s.blanks.printed, spoiled: s.blanks.spoiled, daysOfCover: null, belowLeadTime: false },
    consumables,
    printableNow: printableNow(s.blanks.inStock, consumables, printers),
    loans: s.openLoans.map((l) => ({ id: l.id, direction: l.direction, counterparty: l.counterparty, typeId: l.typeId, rolls: l.rolls, dueDate: l.dueDate, overdue: l.overdue })),
  };
}
