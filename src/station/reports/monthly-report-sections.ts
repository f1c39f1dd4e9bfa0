import { formatCount } from '../../domain/forecast.js';
import type { MonthlyReport } from './monthly-report.js';

/** One part of the report as a table of cells: the Markdown and the PDF draw the same cells. */
export interface ReportSection {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Lines under the table; `empty` stands in for a table without rows. */
  readonly notes: readonly string[];
  readonly empty: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

export function monthName(month: string): string {
  const [year, m] = month.split('-');
  return `${MONTHS[Number(m) - 1] ?? month} ${year}`;
}

export function reportTitle(report: MonthlyReport): string {
  return `Monthly report ${monthName(report.period.month)} - station ${report.station}`;
}

export function reportSubtitle(report: MonthlyReport): string {
  const p = report.period;
  const state = report.periodComplete ? 'month closed' : `month not over yet: figures to ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC`;
  return `Period ${p.firstDay} to ${p.lastDay} (office time); made ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC; ${state}`;
}

/** The report's parts in order, as cells. Counts use the thousands grouping of the paper forms. */
export function monthlyReportSections(report: MonthlyReport): ReportSection[] {
  const b = report.blanks;
  const c = formatCount;
  return [
    {
      title: 'Blank stock',
      columns: ['opening', 'received', 'printed', 'spoiled', 'written off', 'closing'],
      rows: [[c(b.opening), c(b.received), c(b.printed), c(b.spoiled), c(b.writtenOff), c(b.closing)]],
      notes: [`${c(b.opening)} + ${c(b.received)} - ${c(b.printed)} - ${c(b.spoiled)} - ${c(b.writtenOff)} = ${c(b.closing)}: balances with the ledger at the month's end.`],
      empty: '',
    },
    {
      title: 'Spoiled blanks by category',
      columns: Object.keys(report.spoiledByCategory),
      rows: [Object.values(report.spoiledByCategory).map((n) => c(n))],
      notes: [],
      empty: '',
    },
    {
      title: 'Damaged cards for handover (corner cut)',
      columns: ['no', 'date', 'NIK (masked)', 'chip UID', 'printer', 'cause', 'corner cut (initials)'],
      rows: report.damaged.map((d) => [String(d.no), d.date, d.maskedNik, d.chipUid ?? '-', d.printer, d.cause, '']),
      notes: report.damaged.length ? [`${c(report.damaged.length)} damaged card(s) in the month.`] : [],
      empty: 'No damaged cards this month.',
    },
    {
      title: 'Film and ribbon (images)',
      columns: ['type', 'received', 'used', 'written off', 'on hand', 'of which borrowed', 'rolls on hand'],
      rows: report.consumables.map((t) => [t.typeId, c(t.imagesReceived), c(t.imagesUsed), c(t.imagesWrittenOff), c(t.imagesOnHand), c(t.borrowedImagesOnHand), c(t.rollsOnHand)]),
      notes: [],
      empty: 'No consumable types defined.',
    },
    {
      title: 'Loans',
      columns: ['direction', 'counterparty', 'type', 'rolls', 'settled', 'open', 'due', 'state'],
      rows: report.loans.map((l) => [
        l.direction === 'borrowed' ? 'we borrowed' : 'we lent',
        l.counterparty,
        l.typeId,
        c(l.rolls),
        c(l.settled),
        c(l.open),
        l.dueDate,
        l.closedAt ? `settled ${l.closedAt.slice(0, 10)}` : l.overdue ? 'OVERDUE' : 'open',
      ]),
      notes: [],
      empty: 'No loans open or settled this month.',
    },
    {
      title: 'Rolls destroyed this month',
      columns: ['roll', 'type', 'lot', 'cards printed', 'method', 'destroyed by', 'witness', 'date'],
      rows: report.destroyed.map((r) => [r.rollId, r.typeId, r.lot, c(r.cardsPrinted), r.method, r.destroyedBy, r.witness, r.date]),
      notes: [],
      empty: 'No rolls destroyed this month.',
    },
    {
      title: "Rolls awaiting destruction at the month's end",
      columns: ['roll', 'type', 'lot', 'in custody since', 'cards printed'],
      rows: report.awaitingDestruction.map((r) => [r.rollId, r.typeId, r.lot, r.since, c(r.cardsPrinted)]),
      notes: [],
      empty: 'No rolls awaiting destruction.',
    },
    {
      title: "Audit chain head at the month's end",
      columns: ['seq', 'hash'],
      rows: report.auditHead ? [[String(report.auditHead.seq), report.auditHead.hash]] : [],
      notes: [],
      empty: 'The audit log was empty.',
    },
  ];
}
