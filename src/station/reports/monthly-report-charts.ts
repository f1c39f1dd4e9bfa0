import { addDays, coverOf, daysBetween, isWorkingDay, printRate } from '../../domain/forecast.js';
import { formatNumber, t } from '../../i18n/i18n.js';
import type { StationContext } from '../context.js';
import { dailyUsage, historyStart, localDayStartUtc } from '../forecast/forecast-service.js';
import { workingCalendar, type ForecastSettings } from '../forecast/forecast-settings.js';
import { rollsAt, type MonthlyReport } from './monthly-report.js';
import type { DocumentChart, DocumentPart } from './official-document.js';
import { officeDate } from './office-time.js';

/** One consumable type's level at the end of each day of the month, and where it is heading. */
export interface ConsumableLevel {
  readonly typeId: string;
  /** Images on usable rolls (shelf or printer) at the end of each day shown. */
  readonly levels: readonly number[];
  readonly perWorkingDay: number | null;
  /** The working day it runs out at the month's rate, or null when none is in sight. */
  readonly runOutDate: string | null;
  /** The projected level for each day after the month, down to zero (at most 31 days). */
  readonly projection: readonly number[];
}

export interface MonthlyChartData {
  /** The days shown: the month, or up to today while it is not over. */
  readonly days: readonly string[];
  readonly printedPerDay: readonly number[];
  readonly consumables: readonly ConsumableLevel[];
}

/** The figures behind the monthly charts, from the same movements as the tables. */
export async function monthlyChartData(ctx: StationContext, report: MonthlyReport, settings: ForecastSettings): Promise<MonthlyChartData> {
  const offset = settings.utcOffsetMinutes;
  const calendar = workingCalendar(settings);
  const p = report.period;
  const days: string[] = [];
  const today = new Date(Date.parse(report.generatedAt) + offset * 60_000).toISOString().slice(0, 10);
  for (let d = p.firstDay; daysBetween(d, p.lastDay) >= 0 && daysBetween(d, today) >= 0; d = addDays(d, 1)) days.push(d);
  const usage = await dailyUsage(ctx, p.firstDay, addDays(p.lastDay, 1), offset);
  const printedPerDay = days.map((d) => usage.printed.get(d) ?? 0);
  const start = await historyStart(ctx, offset);
  const ends = await Promise.all(days.map((d) => rollsAt(ctx, localDayStartUtc(addDays(d, 1), offset))));
  const rolls = await ctx.db.selectFrom('rolls').select(['id', 'type_id']).execute();
  const consumables = report.consumables.map((c) => {
    const ids = rolls.filter((r) => r.type_id === c.typeId).map((r) => r.id);
    const levels = ends.map((at) => ids.filter((id) => ['in-stock', 'loaded'].includes(at.state.get(id) ?? '')).reduce((a, id) => a + (at.remaining.get(id) ?? 0), 0));
    const after = addDays(days[days.length - 1] ?? p.firstDay, 1);
    const rate = printRate(usage.imagesUsed.get(c.typeId) ?? new Map(), { today: after, calendar, windowWorkingDays: settings.rateWindowWorkingDays, historyStart: start });
    const last = levels[levels.length - 1] ?? 0;
    const cover = coverOf(last, rate.perWorkingDay, after, calendar);
    const projection: number[] = [];
    if (rate.perWorkingDay && cover.runOutDate) {
      let level = last;
      for (let d = after; projection.length < 31 && level > 0; d = addDays(d, 1)) {
        if (isWorkingDay(d, calendar)) level = Math.max(0, level - rate.perWorkingDay);
        projection.push(Math.round(level));
      }
    }
    return { typeId: c.typeId, levels, perWorkingDay: rate.perWorkingDay, runOutDate: cover.runOutDate, projection };
  });
  return { days, printedPerDay, consumables };
}

/** The charts as document parts: cards printed per day, then each consumable's level with its run-out. */
export async function monthlyCharts(ctx: StationContext, report: MonthlyReport, settings: ForecastSettings): Promise<DocumentPart[]> {
  const data = await monthlyChartData(ctx, report, settings);
  const labels = data.days.map((d) => String(Number(d.slice(8))));
  const office = { timeZone: report.timeZone };
  const charts: DocumentChart[] = [
    { kind: 'bars', title: t('documents:monthly.charts.printedPerDay'), labels, values: data.printedPerDay },
    ...data.consumables.map((c): DocumentChart => ({
      kind: 'line',
      title: t('documents:monthly.charts.level', { type: c.typeId }),
      labels,
      values: c.levels,
      projection: {
        values: c.projection,
        note: c.runOutDate
          ? t('documents:monthly.charts.runOut', { count: formatNumber(c.levels[c.levels.length - 1] ?? 0), date: officeDate(c.runOutDate, office) })
          : t('documents:monthly.charts.noRunOut', { count: formatNumber(c.levels[c.levels.length - 1] ?? 0) }),
      },
    })),
  ];
  return charts.map((chart) => ({ kind: 'chart', chart }));
}
