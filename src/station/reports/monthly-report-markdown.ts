import type { MonthlyReport } from './monthly-report.js';
import { monthlyReportDocument, type MonthlyReportPaper } from './monthly-report-document.js';
import { officialDocumentMarkdown } from './official-document-markdown.js';

export function monthlyReportMarkdown(report: MonthlyReport, paper: MonthlyReportPaper): string {
  return officialDocumentMarkdown(monthlyReportDocument(report, paper));
}
