import { stringify } from 'csv-stringify/sync';
import { RECORD_CATEGORIES } from '../../domain/spoil-record.js';
import type { MonthlyReport } from './monthly-report.js';

/** The report's tables as CSV, keyed by file name; numbers are plain, for spreadsheets. */
export function monthlyReportCsv(report: MonthlyReport): Record<string, string> {
  const prefix = `report-${report.period.month}`;
  const csv = (columns: string[], rows: (string | number)[][]) => stringify(rows, { header: true, columns });
  const b = report.blanks;
  return {
    [`${prefix}-blank-stock.csv`]: csv(['month', 'opening', 'received', 'printed', 'spoiled', 'written_off', 'closing'], [
      [report.period.month, b.opening, b.received, b.printed, b.spoiled, b.writtenOff, b.closing],
    ]),
    [`${prefix}-damaged-cards.csv`]: csv(['no', 'date', 'nik_masked', 'chip_uid', 'printer', 'category', 'cause', 'corner_cut'], report.damaged.map((d) => [d.no, d.date, d.maskedNik, d.chipUid ?? '', d.printer, d.category, d.cause, ''])),
    [`${prefix}-spoiled-by-category.csv`]: csv(['category', 'count'], RECORD_CATEGORIES.map((c) => [c, report.spoiledByCategory[c]])),
    [`${prefix}-disposals.csv`]: csv(
      ['month', 'cards_destroyed', 'cards_handed_over', 'old_cards_destroyed', 'rolls_destroyed', 'cards_awaiting'],
      [[report.period.month, report.disposals.cardsDestroyed, report.disposals.cardsHandedOver, report.disposals.oldCardsDestroyed, report.disposals.rollsDestroyed, report.disposals.cardsAwaiting]],
    ),
    [`${prefix}-consumables.csv`]: csv(
      ['type', 'family', 'kind', 'images_received', 'images_used', 'images_written_off', 'images_on_hand', 'own_images_on_hand', 'borrowed_images_on_hand', 'rolls_on_hand'],
      report.consumables.map((t) => [t.typeId, t.family, t.kind, t.imagesReceived, t.imagesUsed, t.imagesWrittenOff, t.imagesOnHand, t.ownImagesOnHand, t.borrowedImagesOnHand, t.rollsOnHand]),
    ),
    [`${prefix}-loans.csv`]: csv(
      ['loan', 'direction', 'counterparty', 'type', 'rolls', 'settled', 'open', 'due_date', 'settled_at', 'overdue'],
      report.loans.map((l) => [l.id, l.direction, l.counterparty, l.typeId, l.rolls, l.settled, l.open, l.dueDate, l.closedAt ?? '', l.overdue ? 'yes' : 'no']),
    ),
    [`${prefix}-destroyed-rolls.csv`]: csv(
      ['roll', 'type', 'lot', 'cards_printed', 'method', 'destroyed_by', 'witness', 'date'],
      report.destroyed.map((r) => [r.rollId, r.typeId, r.lot, r.cardsPrinted, r.method, r.destroyedBy, r.witness, r.date]),
    ),
    [`${prefix}-rolls-awaiting-destruction.csv`]: csv(
      ['roll', 'type', 'lot', 'in_custody_since', 'cards_printed'],
      report.awaitingDestruction.map((r) => [r.rollId, r.typeId, r.lot, r.since, r.cardsPrinted]),
    ),
  };
}
