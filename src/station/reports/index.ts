export { gatherMonthlyReport, monthPeriod, previousMonth, type BlankStockFigures, type ConsumableMonth, type DamagedCard, type MonthPeriod, type MonthlyReport } from './monthly-report.js';
export { monthlyReportCsv } from './monthly-report-csv.js';
export { monthlyReportMarkdown } from './monthly-report-markdown.js';
export { monthlyReportPdf } from './monthly-report-pdf.js';
export { monthlyReportSections, type ReportSection } from './monthly-report-sections.js';
export { cardsPerRoll, rollsAwaitingDestruction, rollsCustody, type CustodyRoll, type DestroyedRoll } from './rolls-custody.js';
export { writeMonthlyReport } from './write-monthly-report.js';
