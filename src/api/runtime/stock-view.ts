import type { StationContext } from '../../station/context.js';
import { stockSummary, type StockSummary } from '../../station/stock/stock-summary.js';
import type { Forecast } from '../../domain/forecast.js';
import { forecastViewFields, stationForecast, type ForecastSettings } from '../../station/forecast/index.js';
import type { PrinterView, StockView } from '../views.js';

/**
 * Stock as the consoles show it: the ledger's balances with days of cover, lead-time flags and
 * printable now from the forecast. A family counts towards printable now only with a working printer.
 */
export async function buildStockView(ctx: StationContext, today: string, printers: readonly PrinterView[], settings: ForecastSettings): Promise<{ view: StockView; forecast: Forecast; summary: StockSummary }> {
  const s = await stockSummary(ctx, today);
  const forecast = await stationForecast(ctx, settings, {
    workingFamilies: printers.filter((p) => p.state !== 'offline' && p.state !== 'stopped').map((p) => ({ family: p.family, usesFilm: p.usesFilm })),
  });
  const fields = forecastViewFields(forecast);
  const consumables = s.types.map((t) => ({
    typeId: t.typeId,
    family: t.family,
    kind: t.kind,
    imagesOnHand: t.imagesOnHand,
    rollsInStock: t.rollsInStock,
    rollsLoaded: t.rollsLoaded,
    rollsBorrowed: t.rollsBorrowed,
    rollsAwaitingDestruction: t.rollsAwaitingDestruction,
    ...(fields.consumables[t.typeId] ?? { daysOfCover: null, belowLeadTime: false }),
  }));
  const view: StockView = {
    blanks: { received: s.blanks.received, inStock: s.blanks.inStock, printing: s.blanks.printing, inDoubt: s.blanks.inDoubt, printed: s.blanks.printed, spoiled: s.blanks.spoiled, ...fields.blanks },
    consumables,
    printableNow: { ...fields.printableNow, perFamily: [...fields.printableNow.perFamily] },
    loans: s.openLoans.map((l) => ({ id: l.id, direction: l.direction, counterparty: l.counterparty, typeId: l.typeId, rolls: l.rolls, dueDate: l.dueDate, overdue: l.overdue })),
  };
  return { view, forecast, summary: s };
}
