import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OfficeIdentity } from '../config/office-config.js';
import type { Actor, StationContext } from '../context.js';
import type { ForecastSettings } from '../forecast/forecast-settings.js';
import { issueDocumentNumber } from './document-number.js';
import { monthlyCharts } from './monthly-report-charts.js';
import { gatherMonthlyReport, type MonthlyReport } from './monthly-report.js';
import { monthlyReportCsv } from './monthly-report-csv.js';
import { monthlyReportMarkdown } from './monthly-report-markdown.js';
import { monthlyReportPdf } from './monthly-report-pdf.js';

/** Writes each file beside its final name and renames it, so a crash never leaves half a document under the name. */
export async function writeDocumentFiles(outDir: string, contents: readonly (readonly [string, string | Buffer])[]): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const files: string[] = [];
  for (const [name, body] of contents) {
    const path = join(outDir, name);
    await writeFile(`${path}.partial`, body);
    await rename(`${path}.partial`, path);
    files.push(path);
  }
  return files;
}

/**
 * Gathers the month in the office's time zone and writes `report-<month>.md`, its CSV files and
 * `report-<month>.pdf` into `outDir` (created if missing), under the document number the month
 * was given the first time it was written. Nothing is written, and no number is taken, when the
 * figures do not balance.
 */
export async function writeMonthlyReport(
  ctx: StationContext,
  input: { month: string; outDir: string; settings: ForecastSettings; office: OfficeIdentity; by?: Actor },
): Promise<{ report: MonthlyReport; files: string[]; number: string }> {
  // The office's zone cuts the month: one zone for the period, the dates and the signature line.
  const settings = { ...input.settings, utcOffsetMinutes: input.office.utcOffsetMinutes };
  const report = await gatherMonthlyReport(ctx, { month: input.month, settings });
  const { number, issuedAt } = await issueDocumentNumber(ctx, input.office, { kind: 'monthly-report', subject: report.period.month, by: input.by ?? 'system:report' });
  const paper = { office: input.office, number, issuedAt, charts: await monthlyCharts(ctx, report, settings) };
  const files = await writeDocumentFiles(input.outDir, [
    [`report-${report.period.month}.md`, monthlyReportMarkdown(report, paper)],
    ...Object.entries(monthlyReportCsv(report)),
    [`report-${report.period.month}.pdf`, await monthlyReportPdf(report, paper)],
  ]);
  return { report, files, number };
}
