import PDFDocument from 'pdfkit';
import type { MonthlyReport } from './monthly-report.js';
import { monthlyReportSections, reportSubtitle, reportTitle, type ReportSection } from './monthly-report-sections.js';

const MARGIN = 36;
const FONT_SIZE = 8.5;
const CELL_PAD = 4;

/**
 * The report as a PDF (A4 landscape, the built-in Helvetica, so no font files ship with us), with
 * the same cells as the Markdown. Streams are left uncompressed: the file is small, and anyone can
 * read the figures out of it with a text editor, which is also how the tests check it.
 */
export async function monthlyReportPdf(report: MonthlyReport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    compress: false,
    info: { Title: reportTitle(report), Subject: `Monthly report ${report.period.month}`, Creator: 'cetak' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(14).text(reportTitle(report));
  doc.font('Helvetica').fontSize(9).text(reportSubtitle(report));
  doc.moveDown(0.5);
  for (const section of monthlyReportSections(report)) drawSection(doc, section);
  doc.end();
  return done;
}

function columnWidths(doc: PDFKit.PDFDocument, section: ReportSection, usable: number): number[] {
  const widest = (font: string, texts: readonly string[]) => {
    doc.font(font).fontSize(FONT_SIZE);
    return Math.max(0, ...texts.map((t) => doc.widthOfString(t)));
  };
  // A point of slack: text exactly as wide as its box wraps in pdfkit.
  const natural = section.columns.map(
    (title, i) => Math.max(widest('Helvetica-Bold', [title]), widest('Helvetica', section.rows.map((r) => r[i] ?? ''))) + 2 * CELL_PAD + 1,
  );
  const total = natural.reduce((a, w) => a + w, 0);
  return total <= usable ? natural : natural.map((w) => (w / total) * usable);
}

function drawSection(doc: PDFKit.PDFDocument, section: ReportSection): void {
  const left = MARGIN;
  const usable = doc.page.width - 2 * MARGIN;
  const bottom = doc.page.height - MARGIN;
  if (doc.y + 60 > bottom) doc.addPage();
  doc.moveDown(0.6);
  doc.font('Helvetica-Bold').fontSize(11).text(section.title, left, doc.y);
  doc.moveDown(0.2);
  if (section.rows.length === 0) {
    doc.font('Helvetica').fontSize(FONT_SIZE).text(section.empty, left, doc.y);
    return;
  }
  const widths = columnWidths(doc, section, usable);
  const drawRow = (cells: readonly string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(FONT_SIZE);
    const height = Math.max(...cells.map((t, i) => doc.heightOfString(t || ' ', { width: widths[i]! - 2 * CELL_PAD }))) + 2 * CELL_PAD;
    if (doc.y + height > bottom) doc.addPage();
    const top = doc.y;
    let x = left;
    cells.forEach((text, i) => {
      const w = widths[i]!;
      doc.rect(x, top, w, height).lineWidth(0.5).stroke('#888888');
      if (text) doc.fillColor('black').text(text, x + CELL_PAD, top + CELL_PAD, { width: w - 2 * CELL_PAD });
      x += w;
    });
    doc.x = left;
    doc.y = top + height;
  };
  drawRow(section.columns, true);
  for (const row of section.rows) drawRow(row, false);
  doc.font('Helvetica').fontSize(FONT_SIZE);
  for (const note of section.notes) {
    doc.moveDown(0.3);
    doc.text(note, left, doc.y, { width: usable });
  }
}
