export { forecastAlerts, loanAlert } from './forecast-alerts.js';
export { dailyUsage, historyStart, localDateOf, localDayStartUtc, stationForecast, type DailyUsage, type ForecastOptions, type WorkingFamily } from './forecast-service.js';
export { ForecastSettings, LeadTimeSettings, defaultForecastSettings, leadTimeFor, workingCalendar } from './forecast-settings.js';
export { coverFields, forecastViewFields, type CoverFields } from './forecast-view-fields.js';
export { loanPosition, loanStandings, type LoanPosition, type LoanStanding, type TypeOwnership } from './loan-position.js';
export { PICTURE_DAYS, thirtyDayPicture, type LevelSeries, type ThirtyDayPicture } from './thirty-day-picture.js';
