/** A test card: a blank, film and ribbon images used for no job (see src/station/printing/test-cards.ts). */
export interface TestCardsTable {
  id: string;
  printer_id: string;
  station_id: string;
  /** `printing`, then `printed`, `spoiled`, `not-consumed` or `in-doubt` (like an attempt). */
  state: string;
  film_roll_id: string | null;
  ribbon_roll_id: string | null;
  requested_by: string;
  started_at: string;
  finished_at: string | null;
  reason: string | null;
}

/** Care given to a printer: `cleaning` (cards = cards since the cleaning before) or `refill` (cards put in the feeder). */
export interface PrinterCareTable {
  id: string;
  printer_id: string;
  kind: string;
  at: string;
  actor: string;
  cards: number;
}
