import { localDate } from './clock.js';
import { diskFullNow } from './disk-space.js';
import type { StationContext } from './context.js';
import { askForFromDirectory } from './shortage/who-to-ask.js';
import { defaultForecastSettings, forecastAlerts, stationForecast, type ForecastSettings } from './forecast/index.js';
import { queueSummary, type QueueSummary } from './jobs/queue-summary.js';
import { stockSummary, type StockSummary } from './stock/stock-summary.js';

export const ALERT_LEVELS = ['warning', 'critical'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

export interface Alert {
  readonly level: AlertLevel;
  readonly code: string;
  /** One line, what to do; no personal data. */
  readonly message: string;
}

export interface StationStatus {
  readonly station: string;
  readonly database: string;
  readonly at: string;
  readonly queue: QueueSummary;
  readonly stock: StockSummary;
  readonly alerts: readonly Alert[];
}

/** Exit codes in the Nagios/monitoring-plugins convention, so a check can use `cetak status` as is. */
export const STATUS_EXIT = { ok: 0, warning: 1, critical: 2, unknown: 3 } as const;

export function statusExitCode(alerts: readonly Alert[]): number {
  if (alerts.some((a) => a.level === 'critical')) return STATUS_EXIT.critical;
  if (alerts.length > 0) return STATUS_EXIT.warning;
  return STATUS_EXIT.ok;
}

/** What needs a person now, most urgent first. */
export function stationAlerts(queue: QueueSummary, stock: StockSummary): Alert[] {
  const alerts: Alert[] = [];
  const waiting = queue.counts.queued;
  if (queue.counts['in-doubt'] > 0) {
    alerts.push({ level: 'critical', code: 'in-doubt', message: `${queue.counts['in-doubt']} card(s) in doubt: look at the printer and resolve each` });
  }
  if (stock.blanks.inStock === 0 && waiting > 0) {
    alerts.push({ level: 'critical', code: 'no-blanks', message: `no blank cards in stock; ${waiting} job(s) waiting` });
  }
  const families = [...new Set(stock.types.map((t) => t.family))];
  for (const family of families) {
    for (const t of stock.types.filter((x) => x.family === family)) {
      if (t.imagesOnHand === 0) {
        alerts.push({ level: waiting > 0 ? 'critical' : 'warning', code: 'consumable-empty', message: `${t.kind} for ${family}: 0 images on hand: order or borrow now` });
      }
    }
  }
  for (const loan of stock.openLoans.filter((l) => l.overdue)) {
    alerts.push({ level: 'warning', code: 'loan-overdue', message: `loan of ${loan.rolls} ${loan.typeId} roll(s) ${loan.direction === 'borrowed' ? 'from' : 'to'} ${loan.counterparty} was due ${loan.dueDate}` });
  }
  if (queue.heldDuplicates > 0) {
    alerts.push({ level: 'warning', code: 'duplicates-held', message: `${queue.heldDuplicates} job(s) held as duplicate NIK: a supervisor must decide` });
  }
  return alerts;
}

/** A full data disk, as the running station sees it (it takes no new card then). */
async function diskAlerts(home: string): Promise<Alert[]> {
  const full = await diskFullNow(home).catch(() => null);
  return full ? [{ level: 'critical', code: 'disk-full', message: `${full}: no new card starts` }] : [];
}

export async function stationStatus(
  ctx: StationContext & { database?: { location: string } },
  options: { utcOffsetMinutes?: number; forecast?: ForecastSettings } = {},
): Promise<StationStatus> {
  const settings = options.forecast ?? defaultForecastSettings();
  const today = localDate(ctx.clock, options.utcOffsetMinutes ?? settings.utcOffsetMinutes);
  const queue = await queueSummary(ctx);
  const stock = await stockSummary(ctx, today);
  const forecast = await stationForecast(ctx, settings);
  return {
    station: ctx.stationId,
    database: ctx.database?.location ?? ctx.dialect,
    at: ctx.clock.now().toISOString(),
    queue,
    stock,
    // Overdue loans are already among stationAlerts, so the forecast adds only its cover alerts.
    alerts: [...(await diskAlerts(ctx.home)), ...stationAlerts(queue, stock), ...forecastAlerts(forecast, settings, today, [], await askForFromDirectory(ctx, today))],
  };
}
