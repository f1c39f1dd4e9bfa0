import PDFDocument from 'pdfkit';
import { t } from '../../i18n/i18n.js';
import type { StationContext } from '../context.js';
import { requirePermission, type Operator } from '../operators.js';
import { StationError } from '../station-error.js';
import type { CardRecord } from '../../domain/record.js';
import { localDateOf } from '../forecast/forecast-service.js';
import { rowToCardRecord } from '../jobs/job-card.js';
import type { SuketSettings } from './suket-settings.js';

const SUKET_FIELDS = ['nik', 'name', 'birthPlace', 'birthDate', 'sex', 'address', 'rtRw', 'village', 'district', 'religion', 'maritalStatus', 'occupation'] as const;
type SuketField = (typeof SUKET_FIELDS)[number];

/** Everything printed on one suket. Personal data: for the resident and the office only. */
export interface SuketDocument {
  readonly number: string;
  readonly issuedOn: string;
  readonly validUntil: string;
  readonly official: { readonly name: string; readonly nip: string; readonly title: string };
  /** The lines of the resident's record a suket shows (a subset of the card's). */
  readonly resident: Pick<CardRecord, SuketField>;
}

/** dd-mm-yyyy, as Indonesian letters write dates. */
const dmy = (date: string) => date.split('-').reverse().join('-');

function pickFields<T, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, from[k]])) as Pick<T, K>;
}

export async function suketDocument(ctx: StationContext, by: Operator, suketNumber: string, settings: SuketSettings, utcOffsetMinutes = 480): Promise<SuketDocument> {
  requirePermission(by, 'jobs.personal-data');
  const row = await ctx.db
    .selectFrom('sukets')
    .innerJoin('jobs', 'jobs.id', 'sukets.job_id')
    .innerJoin('records', 'records.id', 'jobs.record_id')
    .selectAll('records')
    .select(['sukets.number', 'sukets.issued_at', 'sukets.valid_until', 'sukets.official_name', 'sukets.official_nip'])
    .where((eb) => eb.or([eb('sukets.number', '=', suketNumber), eb('sukets.id', '=', suketNumber)]))
    .executeTakeFirst();
  if (!row) throw new StationError('suket-unknown', `no suket "${suketNumber}"`);
  const issuedOn = localDateOf(row.issued_at, utcOffsetMinutes);
  return {
    number: row.number,
    issuedOn,
    validUntil: row.valid_until,
    official: { name: row.official_name, nip: row.official_nip, title: settings.official?.title ?? 'KEPALA DINAS' },
    resident: pickFields(rowToCardRecord(row), SUKET_FIELDS),
  };
}

const MARGIN = 56;

/**
 * The suket as a PDF in the office's format (A4 portrait, built-in Helvetica): letterhead, title
 * and number, the resident's data, validity, and the signature block with the official's name
 * and NIP. Uncompressed, like the monthly report, so its text can be read back.
 */
export async function suketPdf(doc: SuketDocument, settings: SuketSettings): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', margin: MARGIN, compress: false, info: { Title: `${t('shortage:suket.title')} ${doc.number}`, Creator: 'cetak' } });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const width = pdf.page.width - 2 * MARGIN;

  pdf.font('Helvetica-Bold').fontSize(13).text(t('shortage:suket.government', { region: settings.region }), { align: 'center' });
  pdf.fontSize(14).text(settings.officeName, { align: 'center' });
  if (settings.address) pdf.font('Helvetica').fontSize(9).text(settings.address, { align: 'center' });
  const ruleY = pdf.y + 4;
  pdf.moveTo(MARGIN, ruleY).lineTo(MARGIN + width, ruleY).lineWidth(2).stroke();
  pdf.y = ruleY + 14;

  pdf.font('Helvetica-Bold').fontSize(12).text(t('shortage:suket.title'), { align: 'center', underline: true });
  pdf.font('Helvetica').fontSize(10).text(t('shortage:suket.number', { number: doc.number }), { align: 'center' });
  pdf.moveDown(1.2);
  pdf.text(t('shortage:suket.opening'));
  pdf.moveDown(0.5);

  const r = doc.resident;
  const fields: [string, string][] = [
    [t('shortage:suket.nik'), r.nik],
    [t('shortage:suket.name'), r.name],
    [t('shortage:suket.birth'), `${r.birthPlace}, ${dmy(r.birthDate)}`],
    [t('shortage:suket.sex'), t(`shortage:suket.${r.sex}`)],
    [t('shortage:suket.address'), r.address],
    [t('shortage:suket.rtRw'), r.rtRw],
    [t('shortage:suket.village'), r.village],
    [t('shortage:suket.district'), r.district],
    [t('shortage:suket.religion'), r.religion],
    [t('shortage:suket.marital'), r.maritalStatus],
    [t('shortage:suket.occupation'), r.occupation],
  ];
  for (const [label, value] of fields) {
    const y = pdf.y;
    pdf.text(label, MARGIN + 20, y, { width: 130 });
    pdf.text(`: ${value}`, MARGIN + 150, y, { width: width - 150 });
  }
  pdf.x = MARGIN;
  pdf.moveDown(0.8);
  pdf.text(t('shortage:suket.body'), MARGIN, pdf.y, { width, align: 'justify' });
  pdf.moveDown(0.5);
  pdf.font('Helvetica-Bold').text(t('shortage:suket.valid', { date: dmy(doc.validUntil) }), MARGIN, pdf.y, { width });

  // Signature block on the right: place and date, title, room to sign and stamp, name, NIP.
  const left = MARGIN + width / 2 + 20;
  const blockWidth = width / 2 - 20;
  pdf.font('Helvetica').moveDown(2);
  pdf.text(t('shortage:suket.placeDate', { region: settings.region, date: dmy(doc.issuedOn) }), left, pdf.y, { width: blockWidth });
  pdf.text(doc.official.title, left, pdf.y, { width: blockWidth });
  pdf.moveDown(4);
  pdf.font('Helvetica-Bold').text(doc.official.name, left, pdf.y, { width: blockWidth, underline: true });
  pdf.font('Helvetica').text(t('shortage:suket.nip', { nip: doc.official.nip }), left, pdf.y, { width: blockWidth });
  pdf.end();
  return done;
}
