import { RECORD_CATEGORIES } from '../../domain/spoil-record.js';
import { currentLanguage, formatDateTime, formatNumber, t } from '../../i18n/i18n.js';
import { OFFICE_TIME_ZONES } from '../config/office-config.js';
import { localDateOf } from '../forecast/forecast-service.js';
import type { MonthlyReport } from './monthly-report.js';
import { officeDate, zoneName } from './office-time.js';

/** One part of the report as a table of cells: the Markdown, the PDF and the console draw the same cells. */
export interface ReportSection {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Lines under the table; `empty` stands in for a table without rows. */
  readonly notes: readonly string[];
  readonly empty: string;
}

/** `November 2026` (`NOVEMBER 2026` on the form), in the current language. */
export function monthName(month: string, timeZone: string): string {
  const locale = currentLanguage() === 'id' ? 'id-ID' : 'en-GB';
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone }).format(new Date(`${month}-15T12:00:00.000Z`));
}

export function reportTitle(_report: MonthlyReport): string {
  return t('documents:monthly.title');
}

/** The month line, the period in office time, and whether the month was over when it was made. */
export function reportSubtitle(report: MonthlyReport): string[] {
  const p = report.period;
  const office = { timeZone: report.timeZone };
  const lines = [
    t('documents:monthly.month', { month: monthName(p.month, report.timeZone).toLocaleUpperCase(currentLanguage()) }),
    t('documents:monthly.period', { from: officeDate(p.firstDay, office), to: officeDate(p.lastDay, office), zone: zoneName(office) }),
  ];
  if (!report.periodComplete) lines.push(t('documents:monthly.notOver', { at: formatDateTime(new Date(report.generatedAt), report.timeZone), zone: zoneName(office) }));
  return lines;
}

const category = (c: string) => t(`documents:categories.${c}`);

/** The report's parts in order, as cells; figures in the language's grouping (4.000 in Indonesian). */
export function monthlyReportSections(report: MonthlyReport): ReportSection[] {
  const b = report.blanks;
  const n = (value: number) => formatNumber(value);
  const office = { timeZone: report.timeZone };
  const date = (localDate: string) => officeDate(localDate, office);
  const col = (key: string) => t(`documents:monthly.${key}`);
  const d = report.disposals;
  const categoryTotal = Object.values(report.spoiledByCategory).reduce((a, v) => a + v, 0);
  return [
    {
      title: col('stock.title'),
      columns: ['opening', 'received', 'printed', 'spoiled', 'writtenOff', 'closing'].map((k) => col(`stock.${k}`)),
      rows: [[n(b.opening), n(b.received), n(b.printed), n(b.spoiled), n(b.writtenOff), n(b.closing)]],
      notes: [t('documents:monthly.stock.identity', { opening: n(b.opening), received: n(b.received), printed: n(b.printed), spoiled: n(b.spoiled), writtenOff: n(b.writtenOff), closing: n(b.closing) })],
      empty: '',
    },
    {
      title: col('byCategory.title'),
      columns: [col('byCategory.category'), col('byCategory.count')],
      rows: [...RECORD_CATEGORIES.map((c) => [category(c), n(report.spoiledByCategory[c])]), [col('byCategory.total'), n(categoryTotal)]],
      notes: [],
      empty: '',
    },
    {
      title: col('damaged.title'),
      columns: ['no', 'date', 'nik', 'chip', 'printer', 'category', 'cause'].map((k) => col(`damaged.columns.${k}`)),
      rows: report.damaged.map((x) => [String(x.no), date(x.date), x.maskedNik, x.chipUid ?? '-', x.printer, category(x.category), x.cause]),
      notes: report.damaged.length ? [t('documents:monthly.damaged.count', { count: n(report.damaged.length) })] : [],
      empty: col('damaged.none'),
    },
    {
      title: col('destroyed.title'),
      columns: [col('destroyed.what'), col('destroyed.count')],
      rows: [
        [col('destroyed.cards'), n(d.cardsDestroyed)],
        [col('destroyed.cardsHandedOver'), n(d.cardsHandedOver)],
        [col('destroyed.oldCards'), n(d.oldCardsDestroyed)],
        [col('destroyed.rolls'), n(d.rollsDestroyed)],
        [col('destroyed.awaiting'), n(d.cardsAwaiting)],
      ],
      notes: [],
      empty: '',
    },
    {
      title: col('consumables.title'),
      columns: ['type', 'received', 'used', 'writtenOff', 'onHand', 'borrowed', 'rolls'].map((k) => col(`consumables.columns.${k}`)),
      rows: report.consumables.map((x) => [x.typeId, n(x.imagesReceived), n(x.imagesUsed), n(x.imagesWrittenOff), n(x.imagesOnHand), n(x.borrowedImagesOnHand), n(x.rollsOnHand)]),
      notes: [],
      empty: col('consumables.none'),
    },
    {
      title: col('loans.title'),
      columns: ['direction', 'counterparty', 'type', 'rolls', 'settled', 'open', 'due', 'state'].map((k) => col(`loans.columns.${k}`)),
      rows: report.loans.map((l) => [
        l.direction === 'borrowed' ? col('loans.borrowed') : col('loans.lent'),
        l.counterparty,
        l.typeId,
        n(l.rolls),
        n(l.settled),
        n(l.open),
        date(l.dueDate),
        l.closedAt ? t('documents:monthly.loans.settledOn', { date: date(localDateOf(l.closedAt, OFFICE_TIME_ZONES[report.timeZone])) }) : l.overdue ? col('loans.overdue') : col('loans.open'),
      ]),
      notes: [],
      empty: col('loans.none'),
    },
    {
      title: col('rolls.title'),
      columns: ['roll', 'type', 'lot', 'cards', 'method', 'by', 'witness', 'date'].map((k) => col(`rolls.columns.${k}`)),
      rows: report.destroyed.map((r) => [r.rollId, r.typeId, r.lot, n(r.cardsPrinted), r.method, r.destroyedBy, r.witness, /^\d{4}-\d{2}-\d{2}$/.test(r.date) ? date(r.date) : r.date]),
      notes: [],
      empty: col('rolls.none'),
    },
    {
      title: col('custody.title'),
      columns: ['roll', 'type', 'lot', 'since', 'cards'].map((k) => col(`custody.columns.${k}`)),
      rows: report.awaitingDestruction.map((r) => [r.rollId, r.typeId, r.lot, date(r.since), n(r.cardsPrinted)]),
      notes: [],
      empty: col('custody.none'),
    },
    {
      title: col('audit.title'),
      columns: [col('audit.seq'), col('audit.hash')],
      rows: report.auditHead ? [[String(report.auditHead.seq), report.auditHead.hash]] : [],
      notes: [],
      empty: col('audit.none'),
    },
  ];
}
