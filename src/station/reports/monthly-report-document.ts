import { formatDateTime, t } from '../../i18n/i18n.js';
import type { OfficeIdentity } from '../config/office-config.js';
import type { MonthlyReport } from './monthly-report.js';
import { monthlyReportSections, reportSubtitle, reportTitle } from './monthly-report-sections.js';
import { madeAndKnown, type DocumentPart, type OfficialDocument } from './official-document.js';
import { placeAndDate, zoneName } from './office-time.js';

/** What a written report carries beyond its figures: the office, its number and its extra parts (charts). */
export interface MonthlyReportPaper {
  readonly office: OfficeIdentity;
  readonly number: string;
  /** When the document was signed off (its number issued); the place and date come from it. */
  readonly issuedAt: string;
  readonly charts?: readonly DocumentPart[];
}

/** The Laporan bulanan as an official document: letterhead, number, tables, charts, signatures. */
export function monthlyReportDocument(report: MonthlyReport, paper: MonthlyReportPaper): OfficialDocument {
  const sections = monthlyReportSections(report);
  const parts: DocumentPart[] = sections.map((section) => ({ kind: 'table', section }));
  // The charts follow the stock table and the categories, where a reader looks for the month's shape.
  parts.splice(2, 0, ...(paper.charts ?? []));
  return {
    office: paper.office,
    title: reportTitle(report),
    subtitle: reportSubtitle(report),
    number: paper.number,
    parts,
    placeAndDate: placeAndDate(paper.office, paper.issuedAt),
    signatures: [madeAndKnown(paper.office)],
    footer: t('documents:made', { at: formatDateTime(new Date(report.generatedAt), paper.office.timeZone), zone: zoneName(paper.office) }),
    landscape: true,
  };
}
