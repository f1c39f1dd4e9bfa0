import { formatCount, type Forecast, type ItemForecast } from '../../domain/forecast.js';
import type { Alert } from '../station-status.js';
import type { ForecastSettings } from './forecast-settings.js';
import type { LoanStanding } from './loan-position.js';

function what(item: ItemForecast): string {
  if (item.toOrder === null) return item.label;
  if (item.kind === 'blank') return `${formatCount(item.toOrder)} blanks`;
  const rolls = item.imagesPerRoll ? `${formatCount(Math.ceil(item.toOrder / item.imagesPerRoll))} roll(s), ` : '';
  return `${item.label} (${rolls}${formatCount(item.toOrder)} images)`;
}

function coverAlert(item: ItemForecast, askFor?: (itemId: string) => string | null): Alert | null {
  const { advice, cover, lead } = item;
  if (!advice.belowLeadTime || cover.runOutDate === null || cover.perWorkingDay === null) return null;
  const expected = item.rateSource === 'expected' ? ' expected (no print history yet)' : '';
  const rate = `${formatCount(Math.round(cover.perWorkingDay * 10) / 10)}/working day${expected}`;
  const verb = item.kind === 'blank' ? 'collect' : 'order';
  const when = advice.orderNow ? `${verb} now` : `${verb} by ${advice.orderByDate}`;
  return {
    level: advice.orderNow ? 'critical' : 'warning',
    code: item.kind === 'blank' ? 'order-blanks' : 'order-consumable',
    message: `${item.label}: ${formatCount(item.onHand)} on hand runs out about ${cover.runOutDate} (${formatCount(cover.workingDaysOfCover ?? 0)} working days at ${rate}); lead time ${lead.leadTimeDays} days: ${when}: ${what(item)}${ask(item, askFor)}`,
  };
}

function ask(item: ItemForecast, askFor?: (itemId: string) => string | null): string {
  const who = askFor?.(item.id);
  return who ? `; ${who}` : '';
}

export function loanAlert(loan: LoanStanding): Alert {
  return {
    level: 'warning',
    code: 'loan-overdue',
    message:
      loan.direction === 'borrowed'
        ? `we owe ${loan.counterparty} ${loan.open} ${loan.typeId} roll(s), due ${loan.dueDate}: return them or agree a new date`
        : `${loan.counterparty} owes us ${loan.open} ${loan.typeId} roll(s), due ${loan.dueDate}: ask for them back`,
  };
}

/**
 * The forecast's alerts, most urgent first: every item whose cover is shorter than its lead time +
 * safety margin (critical once the order-by date has come), then overdue loans. `loans` are the
 * standings to check (omit them where another source already reports overdue loans, as
 * `stationAlerts` does). `settings` and `today` are what the forecast was made with (settings are
 * taken so later rules, such as per-type alert levels, need no new signature). `askFor` says whom to
 * ask for an item ("blanks" or a type id), from the directory (src/station/shortage/who-to-ask.ts).
 */
export function forecastAlerts(
  forecast: Forecast,
  _settings: ForecastSettings,
  today: string,
  loans: readonly LoanStanding[] = [],
  askFor?: (itemId: string) => string | null,
): Alert[] {
  const cover = [forecast.blanks, ...forecast.consumables].map((item) => coverAlert(item, askFor)).filter((a): a is Alert => a !== null);
  cover.sort((a, b) => (a.level === b.level ? 0 : a.level === 'critical' ? -1 : 1));
  const overdue = loans.filter((l) => l.open > 0 && l.dueDate < today).map(loanAlert);
  return [...cover, ...overdue];
}
