import type { MonthlyReport } from './monthly-report.js';
import { monthlyReportSections, reportSubtitle, reportTitle } from './monthly-report-sections.js';

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

export function monthlyReportMarkdown(report: MonthlyReport): string {
  const lines = [`# ${reportTitle(report)}`, '', reportSubtitle(report), ''];
  for (const s of monthlyReportSections(report)) {
    lines.push(`## ${s.title}`, '');
    if (s.rows.length === 0) {
      lines.push(s.empty, '');
      continue;
    }
    lines.push(`| ${s.columns.map(cell).join(' | ')} |`, `|${s.columns.map(() => ' --- |').join('')}`);
    for (const row of s.rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
    lines.push('');
    for (const note of s.notes) lines.push(note, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
