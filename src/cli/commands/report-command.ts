import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { t } from '../../i18n/i18n.js';
import { loadStationConfig, requireOfficeIdentity } from '../../station/config/station-config.js';
import { localDate } from '../../station/clock.js';
import { defaultForecastSettings, type ForecastSettings } from '../../station/forecast/index.js';
import { previousMonth, writeMonthlyReport } from '../../station/reports/index.js';
import { UsageError } from '../cli-error.js';
import { withStation, type GlobalOptions } from '../cli-station.js';
import { count, type Output } from '../output.js';

/**
 * `cetak report monthly [--month yyyy-mm] [--out DIR]`. `settings` supplies the office calendar and
 * time zone (the station config's forecast section); defaults apply without it.
 */
export function registerReportCommand(
  program: Command,
  output: Output,
  globals: () => GlobalOptions,
  settings: () => ForecastSettings = defaultForecastSettings,
): void {
  const report = program.command('report').description('reports for the Directorate General');
  report
    .command('monthly')
    .description('blank stock, damaged cards, film and ribbon, loans, destroyed rolls and the audit head: Markdown, CSV and PDF')
    .option('--month <yyyy-mm>', 'the month to report (default: last month, office time)')
    .option('--out <dir>', 'folder to write into (default: ./report-<month>)')
    .action(async (o: { month?: string; out?: string }) => {
      if (o.month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(o.month)) throw new UsageError(`--month must be yyyy-mm (e.g. 2026-11), got "${o.month}"`);
      const { report: r, files, number } = await withStation(globals(), async (station) => {
        // The office's own working days, letterhead and time zone, from its station.json.
        const { config, path } = await loadStationConfig(station.home);
        const office = requireOfficeIdentity(config, path ?? join(station.home, 'station.json'));
        const s = settings === defaultForecastSettings ? config.forecast : settings();
        const month = o.month ?? previousMonth(localDate(station.clock, office.utcOffsetMinutes));
        return writeMonthlyReport(station, { month, outDir: resolve(o.out ?? `report-${month}`), settings: s, office });
      });
      const b = r.blanks;
      output.out(`blanks ${r.period.month}: opening ${count(b.opening)} + received ${count(b.received)} - printed ${count(b.printed)} - spoiled ${count(b.spoiled)} - written off ${count(b.writtenOff)} = closing ${count(b.closing)}`);
      output.out(`damaged cards ${count(r.damaged.length)}, rolls destroyed ${count(r.destroyed.length)}, awaiting destruction ${count(r.awaitingDestruction.length)}${r.periodComplete ? '' : ' (month not over yet)'}`);
      output.out(t('documents:cli.number', { number }));
      for (const f of files) output.out(`wrote ${f}`);
    });
}
