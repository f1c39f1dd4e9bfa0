import type { Forecast, ItemForecast, PrintableNow } from '../../domain/forecast.js';

/** The two forecast fields every StockView line carries (src/api/views.ts). */
export interface CoverFields {
  /** Working days of cover at the recent rate; null without a rate. */
  readonly daysOfCover: number | null;
  /** Calendar days to run-out < lead time + safety margin. */
  readonly belowLeadTime: boolean;
}

export function coverFields(item: ItemForecast): CoverFields {
  return { daysOfCover: item.cover.workingDaysOfCover, belowLeadTime: item.advice.belowLeadTime };
}

/**
 * The forecast's part of StockView: spread `blanks` into `stock.blanks`, `consumables[typeId]`
 * into each ConsumableView, and use `printableNow` as is (same shape as the view's).
 */
export function forecastViewFields(forecast: Forecast): {
  readonly blanks: CoverFields;
  readonly consumables: Readonly<Record<string, CoverFields>>;
  readonly printableNow: PrintableNow;
} {
  return {
    blanks: coverFields(forecast.blanks),
    consumables: Object.fromEntries(forecast.consumables.map((c) => [c.id, coverFields(c)])),
    printableNow: forecast.printableNow,
  };
}
