import { maskNameInText, maskNik, maskNiksInText, maskText, nameInitials } from '../domain/masking.js';
import { StationError } from '../station/station-error.js';
import type { MonthlyReportView } from './protocol.js';
import type { AuditPage, ErrorPayload, JobDetail, JobFilter, JobsPage, PrinterDetail, RequestOp, StockMovements } from './protocol.js';
import type { Viewer } from './station-backend.js';
import type { AlertView, JobRow, PrinterView, QueueView, StationSnapshot } from './views.js';

/**
 * The one place where what leaves the station over the wire is shaped for its viewer (architecture.md,
 * Processes; style.md rule 5). Operators and supervisors see full data; technicians see `maskNik`,
 * initials, masked record fields, never a photo, and may filter jobs only by a region prefix.
 *
 * Free text written by the station (status line, alerts, reasons, audit details) should never carry
 * personal data in the first place; for technicians, any run of 16 digits in it (however spaced or glued
 * to a word) is masked anyway, and so is the name of the job's own holder where the text is about one
 * job, as a second line of defence against what an operator typed into a reason.
 */

/** Longest job filter a technician may use: the region part of the NIK (province + regency). */
export const TECHNICIAN_FILTER_DIGITS = 4;

export function seesPersonalData(viewer: Pick<Viewer, 'role'>): boolean {
  return viewer.role !== 'technician';
}

/**
 * Free text for viewers who may not see personal data: NIK-like digit runs masked, and `holderName` (the
 * holder of the job the text is about, when there is one) reduced to initials.
 */
export function shapeText(viewer: Viewer, text: string, holderName?: string): string {
  if (seesPersonalData(viewer)) return text;
  return maskNiksInText(holderName === undefined ? text : maskNameInText(text, holderName));
}

function shapeNullableText(viewer: Viewer, text: string | null, holderName?: string): string | null {
  return text === null ? null : shapeText(viewer, text, holderName);
}

export function shapeJobRow(viewer: Viewer, row: JobRow): JobRow {
  if (seesPersonalData(viewer)) return row;
  return { ...row, nik: maskNik(row.nik), name: nameInitials(row.name), reason: shapeNullableText(viewer, row.reason, row.name) };
}

export function shapePrinterView(viewer: Viewer, printer: PrinterView): PrinterView {
  if (seesPersonalData(viewer)) return printer;
  const holder = printer.current?.name;
  return {
    ...printer,
    reasons: printer.reasons.map((r) => shapeText(viewer, r, holder)),
    current: printer.current && { jobId: printer.current.jobId, nik: maskNik(printer.current.nik), name: nameInitials(printer.current.name) },
    lastOutcome: printer.lastOutcome && {
      ...printer.lastOutcome,
      ...(printer.lastOutcome.detail !== undefined ? { detail: shapeText(viewer, printer.lastOutcome.detail, holder) } : {}),
    },
    discrepancy: shapeNullableText(viewer, printer.discrepancy, holder),
  };
}

export function shapeQueue(viewer: Viewer, queue: QueueView): QueueView {
  if (seesPersonalData(viewer)) return queue;
  return { ...queue, next: queue.next.map((j) => shapeJobRow(viewer, j)), waitingReason: shapeNullableText(viewer, queue.waitingReason) };
}

export function shapeAlerts(viewer: Viewer, alerts: readonly AlertView[]): AlertView[] {
  return alerts.map((a) => (seesPersonalData(viewer) ? a : { ...a, message: shapeText(viewer, a.message) }));
}

export function shapeLastEvent(viewer: Viewer, lastEvent: StationSnapshot['lastEvent']): StationSnapshot['lastEvent'] {
  return lastEvent && { at: lastEvent.at, text: shapeText(viewer, lastEvent.text) };
}

/** A whole snapshot for this viewer; also the source of every patch part. */
export function shapeSnapshot(viewer: Viewer, snapshot: StationSnapshot): StationSnapshot {
  if (seesPersonalData(viewer)) return snapshot;
  return {
    ...snapshot,
    printers: snapshot.printers.map((p) => shapePrinterView(viewer, p)),
    queue: shapeQueue(viewer, snapshot.queue),
    stock: {
      ...snapshot.stock,
      printableNow: { ...snapshot.stock.printableNow, limitedBy: shapeText(viewer, snapshot.stock.printableNow.limitedBy) },
    },
    alerts: shapeAlerts(viewer, snapshot.alerts),
    lastEvent: shapeLastEvent(viewer, snapshot.lastEvent),
  };
}

export function shapeJobsPage(viewer: Viewer, page: JobsPage): JobsPage {
  return seesPersonalData(viewer) ? page : { ...page, rows: page.rows.map((r) => shapeJobRow(viewer, r)) };
}

/** Technicians get the job, the attempts and where the record came from; every personal field is hidden. */
export function shapeJobDetail(viewer: Viewer, detail: JobDetail): JobDetail {
  if (seesPersonalData(viewer)) return detail;
  const r = detail.record;
  return {
    job: shapeJobRow(viewer, detail.job),
    record: {
      birthPlace: maskText(r.birthPlace), birthDate: maskText(r.birthDate), sex: maskText(r.sex), address: maskText(r.address),
      rtRw: maskText(r.rtRw), village: maskText(r.village), district: maskText(r.district),
      sourceFile: shapeText(viewer, r.sourceFile, detail.job.name), sourceRow: r.sourceRow, importedAt: r.importedAt,
    },
    attempts: detail.attempts.map((a) => ({ ...a, reason: shapeNullableText(viewer, a.reason, detail.job.name) })),
  };
}

export function shapePrinterDetail(viewer: Viewer, detail: PrinterDetail): PrinterDetail {
  if (seesPersonalData(viewer)) return detail;
  return {
    printer: shapePrinterView(viewer, detail.printer),
    info: Object.fromEntries(Object.entries(detail.info).map(([k, v]) => [k, shapeText(viewer, v)])),
    recentAttempts: detail.recentAttempts.map((a) => ({ ...a, reason: shapeNullableText(viewer, a.reason) })),
  };
}

/** An audit page as the handler hands it over: for technicians, with the holder's name of each job row. */
export interface AuditPageForShaping extends AuditPage {
  readonly holderNames?: ReadonlyMap<string, string>;
}

export function shapeAuditPage(viewer: Viewer, page: AuditPageForShaping): AuditPage {
  if (seesPersonalData(viewer)) return { rows: page.rows };
  const holder = (row: AuditPage['rows'][number]): string | undefined => (row.entityKind === 'job' ? page.holderNames?.get(row.entityId) : undefined);
  return { rows: page.rows.map((r) => ({ ...r, details: shapeText(viewer, r.details, holder(r)) })) };
}

export function shapeStockMovements(viewer: Viewer, page: StockMovements): StockMovements {
  return seesPersonalData(viewer) ? page : { ...page, rows: page.rows.map((m) => ({ ...m, reason: shapeNullableText(viewer, m.reason) })) };
}

/**
 * What a viewer may search for. A technician may narrow by region (up to four digits of the NIK)
 * but not by name or a longer NIK prefix: a search that answers "is there a job for 5371…" one
 * digit at a time would reveal the NIK it hides.
 */
export function shapeJobFilter(viewer: Viewer, filter: JobFilter): JobFilter {
  if (seesPersonalData(viewer)) return filter;
  const text = filter.text?.trim() ?? '';
  if (text !== '' && !new RegExp(`^\\d{1,${TECHNICIAN_FILTER_DIGITS}}$`).test(text)) {
    throw new StationError('not-permitted', `a technician may filter jobs only by the region (up to ${TECHNICIAN_FILTER_DIGITS} digits of the NIK)`, { role: viewer.role });
  }
  return text === '' ? { ...(filter.states ? { states: filter.states } : {}) } : { ...filter, text };
}

/** An error answer for this viewer. */
export function shapeError(viewer: Viewer, error: ErrorPayload): ErrorPayload {
  if (seesPersonalData(viewer)) return error;
  return {
    code: error.code,
    message: shapeText(viewer, error.message),
    params: Object.fromEntries(Object.entries(error.params).map(([k, v]) => [k, typeof v === 'string' ? shapeText(viewer, v) : v])),
  };
}

/**
 * The result of `op` for this viewer. Ops whose results hold no personal data pass through.
 * `job.preview` is never shaped: it is refused to technicians before it runs.
 */
export function shapeResult(op: RequestOp, viewer: Viewer, result: unknown): unknown {
  switch (op) {
    case 'jobs.page':
      return shapeJobsPage(viewer, result as JobsPage);
    case 'job.detail':
      return shapeJobDetail(viewer, result as JobDetail);
    case 'printer.detail':
      return shapePrinterDetail(viewer, result as PrinterDetail);
    case 'audit.page':
      return shapeAuditPage(viewer, result as AuditPageForShaping);
    case 'stock.movements':
      return shapeStockMovements(viewer, result as StockMovements);
    case 'job.preview':
      if (!seesPersonalData(viewer)) throw new StationError('not-permitted', 'a technician may not see card previews', { role: viewer.role });
      return result;
    case 'report.monthly': {
      // Causes in the damaged-card list are typed by operators: shaped like every other free text.
      if (seesPersonalData(viewer)) return result;
      const report = result as MonthlyReportView;
      return {
        ...report,
        sections: report.sections.map((section) => ({
          ...section,
          rows: section.rows.map((row) => row.map((cell) => shapeText(viewer, cell))),
          notes: section.notes.map((note) => shapeText(viewer, note)),
        })),
      };
    }
    case 'audit.verify':
      if (seesPersonalData(viewer)) return result;
      return { ...(result as { problems: string[] }), problems: (result as { problems: string[] }).problems.map((p) => shapeText(viewer, p)) };
    default:
      return result;
  }
}
