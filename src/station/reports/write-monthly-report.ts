import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StationContext } from '../context.js';
import type { ForecastSettings } from '../forecast/forecast-settings.js';
import { gatherMonthlyReport, type MonthlyReport } from './monthly-report.js';
import { monthlyReportCsv } from './monthly-report-csv.js';
import { monthlyReportMarkdown } from './monthly-report-markdown.js';
import { monthlyReportPdf } from './monthly-report-pdf.js';

/**
 * Gathers the month and writes `report-<month>.md`, its CSV files and `report-<month>.pdf` into
 * `outDir` (created if missing). Nothing is written when the figures do not balance. Each file is
 * written beside its final name and renamed, so a crash never leaves half a report under the name.
 */
export async function writeMonthlyReport(
  ctx: StationContext,
  input: { month: string; outDir: string; settings: ForecastSettings },
): Promise<{ report: MonthlyReport; files: string[] }> {
  const report = await gatherMonthlyReport(ctx, { month: input.month, settings: input.settings });
  const contents: [string, string | Buffer][] = [
    [`report-${report.period.month}.md`, monthlyReportMarkdown(report)],
    ...Object.entries(monthlyReportCsv(report)),
    [`report-${report.period.month}.pdf`, await monthlyReportPdf(report)],
  ];
  await mkdir(input.outDir, { recursive: true });
  const files: string[] = [];
  for (const [name, body] of contents) {
    const path = join(input.outDir, name);
    await writeFile(`${path}.partial`, body);
    await rename(`${path}.partial`, path);
    files.push(path);
  }
  return { report, files };
}
