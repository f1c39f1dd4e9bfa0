import PDFDocument from 'pdfkit';
import { t } from '../../i18n/i18n.js';
import type { DocumentChart, OfficialDocument, SignatureBlock } from './official-document.js';
import type { ReportSection } from './monthly-report-sections.js';

const MARGIN = 42;
const FONT_SIZE = 8.5;
const CELL_PAD = 4;
const SIGNING_SPACE = 44;

/**
 * An official document as a PDF (A4, the built-in Helvetica, so no font files ship with us): the
 * letterhead from the office's config, the title and number, the parts, the place and date, and
 * the signature blocks. Streams are left uncompressed: anyone can read the figures out of it with
 * a text editor, which is also how the tests check it.
 */
export async function officialDocumentPdf(document: OfficialDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: document.landscape ? 'landscape' : 'portrait',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + 14 },
    compress: false,
    bufferPages: true,
    info: { Title: `${document.title} ${document.subtitle[0] ?? ''}`.trim(), Subject: document.number, Author: document.office.name, Creator: 'cetak' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  letterhead(doc, document);
  for (const part of document.parts) {
    if (part.kind === 'paragraph') paragraph(doc, part.text);
    else if (part.kind === 'table') table(doc, part.section);
    else chart(doc, part.chart);
  }
  signatures(doc, document);
  footers(doc, document.footer);
  doc.end();
  return done;
}

function usableWidth(doc: PDFKit.PDFDocument): number {
  return doc.page.width - 2 * MARGIN;
}

function bottom(doc: PDFKit.PDFDocument): number {
  return doc.page.height - doc.page.margins.bottom;
}

function letterhead(doc: PDFKit.PDFDocument, document: OfficialDocument): void {
  const { office } = document;
  const width = usableWidth(doc);
  const centred = (text: string, font: string, size: number) => doc.font(font).fontSize(size).text(text, MARGIN, doc.y, { width, align: 'center' });
  centred(office.government, 'Helvetica-Bold', 13);
  centred(office.name, 'Helvetica-Bold', 15);
  centred(office.address, 'Helvetica', 9);
  if (office.contact) centred(office.contact, 'Helvetica', 9);
  doc.moveDown(0.3);
  const y = doc.y;
  doc.moveTo(MARGIN, y).lineTo(MARGIN + width, y).lineWidth(2).stroke('black');
  doc.moveTo(MARGIN, y + 3).lineTo(MARGIN + width, y + 3).lineWidth(0.6).stroke('black');
  doc.y = y + 12;
  centred(document.title, 'Helvetica-Bold', 12);
  for (const line of document.subtitle) centred(line, 'Helvetica-Bold', 10);
  centred(t('documents:number', { number: document.number }), 'Helvetica', 10);
  doc.moveDown(0.6);
}

function paragraph(doc: PDFKit.PDFDocument, text: string): void {
  doc.font('Helvetica').fontSize(9.5);
  if (doc.y + doc.heightOfString(text, { width: usableWidth(doc) }) > bottom(doc)) doc.addPage();
  doc.text(text, MARGIN, doc.y, { width: usableWidth(doc), align: 'justify' });
  doc.moveDown(0.4);
}

function columnWidths(doc: PDFKit.PDFDocument, section: ReportSection, usable: number): number[] {
  const widest = (font: string, texts: readonly string[]) => {
    doc.font(font).fontSize(FONT_SIZE);
    return Math.max(0, ...texts.map((text) => doc.widthOfString(text)));
  };
  // A point of slack: text exactly as wide as its box wraps in pdfkit.
  const natural = section.columns.map(
    (title, i) => Math.max(widest('Helvetica-Bold', [title]), widest('Helvetica', section.rows.map((r) => r[i] ?? ''))) + 2 * CELL_PAD + 1,
  );
  const total = natural.reduce((a, w) => a + w, 0);
  return total <= usable ? natural : natural.map((w) => (w / total) * usable);
}

function table(doc: PDFKit.PDFDocument, section: ReportSection): void {
  const usable = usableWidth(doc);
  if (doc.y + 60 > bottom(doc)) doc.addPage();
  doc.moveDown(0.4);
  doc.font('Helvetica-Bold').fontSize(10.5).text(section.title, MARGIN, doc.y);
  doc.moveDown(0.2);
  if (section.rows.length === 0) {
    doc.font('Helvetica').fontSize(FONT_SIZE).text(section.empty, MARGIN, doc.y);
    return;
  }
  const widths = columnWidths(doc, section, usable);
  const drawRow = (cells: readonly string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(FONT_SIZE);
    const height = Math.max(...cells.map((text, i) => doc.heightOfString(text || ' ', { width: widths[i]! - 2 * CELL_PAD }))) + 2 * CELL_PAD;
    if (doc.y + height > bottom(doc)) doc.addPage();
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((text, i) => {
      const w = widths[i]!;
      doc.rect(x, top, w, height).lineWidth(0.5).stroke('#666666');
      if (text) doc.fillColor('black').text(text, x + CELL_PAD, top + CELL_PAD, { width: w - 2 * CELL_PAD });
      x += w;
    });
    doc.x = MARGIN;
    doc.y = top + height;
  };
  drawRow(section.columns, true);
  for (const row of section.rows) drawRow(row, false);
  doc.font('Helvetica').fontSize(FONT_SIZE);
  for (const note of section.notes) {
    doc.moveDown(0.3);
    doc.text(note, MARGIN, doc.y, { width: usable });
  }
}

const CHART_HEIGHT = 80;

/** A bar or line chart in plain vector strokes: no chart library for two kinds of picture. */
function chart(doc: PDFKit.PDFDocument, spec: DocumentChart): void {
  const width = usableWidth(doc);
  if (doc.y + CHART_HEIGHT + 45 > bottom(doc)) doc.addPage();
  doc.moveDown(0.4);
  doc.font('Helvetica-Bold').fontSize(10.5).fillColor('black').text(spec.title, MARGIN, doc.y);
  doc.moveDown(0.2);
  const axisLeft = MARGIN + 30;
  const plotWidth = width - 34;
  const top = doc.y + 4;
  const base = top + CHART_HEIGHT;
  const projected = spec.projection?.values ?? [];
  const slots = Math.max(1, spec.values.length + projected.length);
  const max = Math.max(1, ...spec.values, ...projected);
  const slot = plotWidth / slots;
  const yOf = (v: number) => base - (Math.max(0, v) / max) * CHART_HEIGHT;
  doc.lineWidth(0.5).strokeColor('#444444');
  doc.moveTo(axisLeft, top).lineTo(axisLeft, base).lineTo(axisLeft + plotWidth, base).stroke();
  doc.font('Helvetica').fontSize(7).fillColor('black');
  doc.text(String(Math.round(max)), MARGIN, top - 3, { width: 26, align: 'right' });
  doc.text('0', MARGIN, base - 4, { width: 26, align: 'right' });
  if (spec.kind === 'bars') {
    spec.values.forEach((v, i) => {
      if (v <= 0) return;
      const h = base - yOf(v);
      doc.rect(axisLeft + i * slot + slot * 0.15, base - h, slot * 0.7, h).fill('#3b6ea5');
    });
  } else {
    const points = spec.values.map((v, i) => [axisLeft + (i + 0.5) * slot, yOf(v)] as const);
    if (points.length > 0) {
      doc.moveTo(points[0]![0], points[0]![1]);
      for (const [x, y] of points.slice(1)) doc.lineTo(x, y);
      doc.lineWidth(1.4).stroke('#3b6ea5');
    }
    if (projected.length > 0 && points.length > 0) {
      const last = points[points.length - 1]!;
      doc.moveTo(last[0], last[1]);
      projected.forEach((v, i) => doc.lineTo(axisLeft + (spec.values.length + i + 0.5) * slot, yOf(v)));
      doc.lineWidth(1).dash(3, { space: 2 }).stroke('#b03a2e');
      doc.undash();
    }
  }
  doc.fillColor('black').font('Helvetica').fontSize(6.5);
  // Every label where they fit, else every few, so the axis stays readable.
  const every = Math.max(1, Math.ceil(slots / Math.floor(plotWidth / 16)));
  spec.labels.forEach((label, i) => {
    if (i % every === 0) doc.text(label, axisLeft + i * slot, base + 2, { width: Math.max(slot, 16), align: 'left', lineBreak: false });
  });
  doc.x = MARGIN;
  doc.y = base + 12;
  if (spec.projection) {
    doc.font('Helvetica').fontSize(FONT_SIZE).text(spec.projection.note, MARGIN, doc.y, { width });
  }
  doc.moveDown(0.3);
}

function signatureBlock(doc: PDFKit.PDFDocument, block: SignatureBlock, x: number, y: number, width: number): number {
  const line = (text: string, font: string, underline = false) => {
    doc.font(font).fontSize(9.5).text(text, x, doc.y, { width, align: 'center', underline });
  };
  doc.y = y;
  line(block.label, 'Helvetica');
  line(block.position, 'Helvetica');
  doc.y += SIGNING_SPACE;
  line(block.name, 'Helvetica-Bold', true);
  if (block.idLine) line(block.idLine, 'Helvetica');
  return doc.y;
}

function signatures(doc: PDFKit.PDFDocument, document: OfficialDocument): void {
  const width = usableWidth(doc);
  const rows = document.signatures.filter((row) => row.length > 0);
  const needed = 30 + rows.length * (SIGNING_SPACE + 60);
  if (doc.y + needed > bottom(doc)) doc.addPage();
  doc.moveDown(1);
  const firstRow = rows[0] ?? [];
  const columnWidth = width / Math.max(2, firstRow.length);
  // The place and date sit above the right-hand signature, as on the paper forms.
  doc.font('Helvetica').fontSize(9.5).text(document.placeAndDate, MARGIN + width - columnWidth, doc.y, { width: columnWidth, align: 'center' });
  let y = doc.y + 4;
  for (const [r, row] of rows.entries()) {
    if (r > 0 && y + SIGNING_SPACE + 60 > bottom(doc)) {
      doc.addPage();
      y = doc.y;
    }
    const w = width / Math.max(2, row.length);
    // A row of one signs on the right; a row of two or three spreads across.
    const offset = row.length === 1 ? width - w : 0;
    let lowest = y;
    row.forEach((block, i) => {
      lowest = Math.max(lowest, signatureBlock(doc, block, MARGIN + offset + i * w, y, w));
    });
    y = lowest + 14;
  }
  doc.x = MARGIN;
  doc.y = y;
}

function footers(doc: PDFKit.PDFDocument, footer: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - MARGIN;
    // Writing below the bottom margin must not start a new page.
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, bottom: 0 };
    doc.font('Helvetica').fontSize(7).fillColor('#444444');
    doc.text(footer, MARGIN, y, { width: usableWidth(doc) * 0.75, lineBreak: false });
    doc.text(t('documents:page', { page: i + 1, pages: range.count }), MARGIN, y, { width: usableWidth(doc), align: 'right', lineBreak: false });
    doc.page.margins = margins;
    doc.fillColor('black');
  }
}
