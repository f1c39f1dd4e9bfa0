import type { MonthlyReport } from './monthly-report.js';
import { monthlyReportDocument, type MonthlyReportPaper } from './monthly-report-document.js';
import { officialDocumentPdf } from './official-document-pdf.js';

/** The report as a PDF (A4 landscape) with the office's letterhead, number and signature blocks. */
export async function monthlyReportPdf(report: MonthlyReport, paper: MonthlyReportPaper): Promise<Buffer> {
  return officialDocumentPdf(monthlyReportDocument(report, paper));
}
