import { z } from 'zod';
import { JOB_STATES, RESOLUTIONS } from '../domain/job-states.js';
import { PRIORITY_CLASSES } from '../domain/record.js';
import { AlertView, JobRow, PrinterView, QueueView, StationInfo, StationSnapshot, StockView, ViewerInfo } from './views.js';

/**
 * The wire protocol between `cetak station` and its clients: newline-delimited JSON over a Unix
 * socket. A client sends requests `{ id, op, params }`; the station answers each with
 * `{ id, ok: true, result }` or `{ id, ok: false, error: { code, message, params } }`. After
 * `subscribe`, the station also sends numbered events: first a `snapshot`, then `patch` events that
 * replace whole parts of it. A client that sees a gap in `seq` subscribes again.
 *
 * The role comes from the socket the client connected to (operator.sock or technician.sock), never
 * from a message. Every action that changes something needs a signed-in operator (`sign-in`).
 */

/** Largest message either side accepts, in bytes; a longer line is answered with an error and dropped. */
export const MAX_MESSAGE_BYTES = 256 * 1024;

export const JobFilter = z.object({
  /** Matches the start of the NIK (digits) or any word of the name (case-insensitive). Technicians: region prefix only. */
  text: z.string().max(64).optional(),
  states: z.array(z.enum(JOB_STATES)).optional(),
});
export type JobFilter = z.infer<typeof JobFilter>;

const jobId = z.string().min(1).max(64);
const reason = z.string().trim().min(1).max(200);

/** Every request, by op. `params` schemas are strict: unknown keys are refused. */
export const REQUESTS = {
  'sign-in': z.strictObject({ operatorId: z.string().min(1).max(32), pin: z.string().min(4).max(12) }),
  'sign-out': z.strictObject({}),
  subscribe: z.strictObject({}),
  'jobs.page': z.strictObject({ filter: JobFilter, offset: z.number().int().min(0), limit: z.number().int().min(1).max(500) }),
  'job.detail': z.strictObject({ jobId }),
  /** The card as it will print, downsampled to `width` × `height` RGB pixels for a terminal preview. */
  'job.preview': z.strictObject({ jobId, width: z.number().int().min(8).max(200), height: z.number().int().min(8).max(120) }),
  'job.hold': z.strictObject({ jobId, reason }),
  'job.release': z.strictObject({ jobId }),
  'job.cancel': z.strictObject({ jobId, reason }),
  'job.priority': z.strictObject({ jobId, priority: z.enum(PRIORITY_CLASSES) }),
  'job.reprint': z.strictObject({ jobId, reason }),
  'job.spoil': z.strictObject({ jobId, reason }),
  'job.pass-qc': z.strictObject({ jobId }),
  'job.resolve': z.strictObject({ jobId, resolution: z.enum(RESOLUTIONS), reason: reason.optional() }),
  'printer.pause': z.strictObject({ printerId: z.string() }),
  'printer.resume': z.strictObject({ printerId: z.string() }),
  'printer.clean': z.strictObject({ printerId: z.string() }),
  'printer.test-card': z.strictObject({ printerId: z.string() }),
  /** Blanks put in the printer's feeder by hand; no count: filled up to the feeder's size (`care.feederCards`). */
  'printer.refill': z.strictObject({ printerId: z.string(), count: z.number().int().min(1).max(10_000).optional() }),
  'printer.detail': z.strictObject({ printerId: z.string() }),
  'roll.load': z.strictObject({ rollId: z.string(), printerId: z.string() }),
  'roll.unload': z.strictObject({ rollId: z.string(), finished: z.boolean().optional() }),
  'stock.rolls': z.strictObject({ typeId: z.string().optional() }),
  'stock.movements': z.strictObject({ offset: z.number().int().min(0), limit: z.number().int().min(1).max(500) }),
  /** The monthly report's figures (the same cells as the Markdown and PDF); default last month. */
  'report.monthly': z.strictObject({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional() }),
  /** The 30-day picture: cards printed per day and each stock level, with projected run-out dates. */
  'stock.picture': z.strictObject({}),
  'stock.receive-blanks': z.strictObject({ documentNo: z.string().min(1).max(64), quantity: z.number().int().min(1).max(1_000_000) }),
  'stock.receive-rolls': z.strictObject({ typeId: z.string(), count: z.number().int().min(1).max(1000), lot: z.string().min(1).max(64), capacityImages: z.number().int().min(1).optional() }),
  'stock.borrow': z.strictObject({ counterparty: z.string().min(1).max(100), typeId: z.string(), count: z.number().int().min(1).max(1000), lot: z.string().min(1).max(64), dueDate: z.iso.date(), capacityImages: z.number().int().min(1).optional() }),
  'stock.lend': z.strictObject({ counterparty: z.string().min(1).max(100), rollIds: z.array(z.string()).min(1).max(1000), dueDate: z.iso.date() }),
  'stock.return': z.strictObject({ loanId: z.string(), rollIds: z.array(z.string()).optional(), equivalent: z.strictObject({ count: z.number().int().min(1), lot: z.string().min(1) }).optional() }),
  'audit.page': z.strictObject({ beforeSeq: z.number().int().min(1).optional(), limit: z.number().int().min(1).max(500) }),
  'audit.verify': z.strictObject({}),
} as const;

export type RequestOp = keyof typeof REQUESTS;
export type RequestParams<Op extends RequestOp> = z.input<(typeof REQUESTS)[Op]>;
export const REQUEST_OPS = Object.keys(REQUESTS) as RequestOp[];

/** Ops a technician may use; everything else is refused on technician.sock before it reaches a service. */
export const TECHNICIAN_OPS: ReadonlySet<RequestOp> = new Set<RequestOp>([
  'sign-in', 'sign-out', 'subscribe', 'jobs.page', 'job.detail', 'printer.pause', 'printer.resume', 'printer.clean',
  'printer.test-card', 'printer.detail', 'roll.load', 'roll.unload', 'stock.rolls', 'stock.movements', 'stock.picture', 'report.monthly', 'audit.page', 'audit.verify',
]);

export const RequestEnvelope = z.object({ id: z.number().int().min(1), op: z.string().max(64), params: z.unknown() });
export type RequestEnvelope = z.infer<typeof RequestEnvelope>;

export const ErrorPayload = z.object({
  code: z.string(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
});
export type ErrorPayload = z.infer<typeof ErrorPayload>;

export const ResponseEnvelope = z.union([
  z.object({ id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.number().int(), ok: z.literal(false), error: ErrorPayload }),
]);
export type ResponseEnvelope = z.infer<typeof ResponseEnvelope>;

/** Results of the ops that return data (others return `{}`). */
export const JobsPage = z.object({ total: z.number().int(), offset: z.number().int(), rows: z.array(JobRow) });
export type JobsPage = z.infer<typeof JobsPage>;

export const JobDetail = z.object({
  job: JobRow,
  /** Fields shaped for the viewer like JobRow: full for operators, masked for technicians. */
  record: z.object({
    birthPlace: z.string(), birthDate: z.string(), sex: z.string(), address: z.string(), rtRw: z.string(), village: z.string(),
    district: z.string(), sourceFile: z.string(), sourceRow: z.number().int(), importedAt: z.string(),
  }),
  attempts: z.array(z.object({ id: z.string(), printerId: z.string(), state: z.string(), startedAt: z.string(), finishedAt: z.string().nullable(), reason: z.string().nullable(), chipUid: z.string().nullable().default(null) })),
});
export type JobDetail = z.infer<typeof JobDetail>;

export const CardPreview = z.object({ width: z.number().int(), height: z.number().int(), /** base64 RGB, width*height*3 bytes */ rgb: z.string() });
export type CardPreview = z.infer<typeof CardPreview>;

export const AuditPage = z.object({
  rows: z.array(z.object({ seq: z.number().int(), at: z.string(), actor: z.string(), action: z.string(), entityKind: z.string(), entityId: z.string(), details: z.string() })),
});
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditVerifyResult = z.object({ ok: z.boolean(), count: z.number().int(), problems: z.array(z.string()) });

/** `printer.detail`: the printer's view plus what a technician needs to look after it. */
export const PrinterDetail = z.object({
  printer: PrinterView,
  /** Identity and settings as the driver reports them ("serial", "firmware", …); never personal data. */
  info: z.record(z.string(), z.string()),
  /** The latest attempts on this printer, newest first (job ids only, no personal data). */
  recentAttempts: z.array(z.object({ id: z.string(), jobId: z.string(), state: z.string(), startedAt: z.string(), finishedAt: z.string().nullable(), reason: z.string().nullable() })),
});
export type PrinterDetail = z.infer<typeof PrinterDetail>;

/** `stock.rolls`: every roll not yet destroyed or given back, optionally of one type. */
export const StockRolls = z.object({
  rows: z.array(z.object({
    id: z.string(), typeId: z.string(), kind: z.enum(['film', 'ribbon']), lot: z.string(), state: z.string(), printerId: z.string().nullable(),
    ownership: z.enum(['own', 'borrowed']), loanId: z.string().nullable(), capacity: z.number().int(), remaining: z.number().int(),
  })),
});
export type StockRolls = z.infer<typeof StockRolls>;

const LevelSeries = z.object({ id: z.string(), label: z.string(), levels: z.array(z.number()), runOutDate: z.string().nullable() });

/** `stock.picture`: office-local days oldest first, ending today; one value per day in each series. */
export const StockPicture = z.object({
  days: z.array(z.string()),
  cardsPrinted: z.array(z.number().int()),
  blanks: LevelSeries,
  consumables: z.array(LevelSeries),
});
export type StockPicture = z.infer<typeof StockPicture>;

/** `report.monthly`: the report as sections of text cells, as the Markdown shows them. */
export const MonthlyReportView = z.object({
  month: z.string(),
  complete: z.boolean(),
  sections: z.array(z.object({ title: z.string(), columns: z.array(z.string()), rows: z.array(z.array(z.string())), notes: z.array(z.string()), empty: z.string() })),
});
export type MonthlyReportView = z.infer<typeof MonthlyReportView>;

/** `stock.movements`: the ledger, newest first. */
export const StockMovements = z.object({
  total: z.number().int(),
  offset: z.number().int(),
  rows: z.array(z.object({
    id: z.string(), at: z.string(), actor: z.string(), item: z.string(), typeId: z.string().nullable(), rollId: z.string().nullable(),
    from: z.string(), to: z.string(), quantity: z.number().int(), printerId: z.string().nullable(), reason: z.string().nullable(),
  })),
});
export type StockMovements = z.infer<typeof StockMovements>;

/**
 * Error codes the API itself answers with (services add their own, e.g. `job-transition-refused`).
 * `bad-message`: not JSON or not a request envelope; `message-too-large`: a line over MAX_MESSAGE_BYTES;
 * `unknown-op`; `bad-params`; `sign-in-required`; `not-permitted`; `sign-in-failed` (also for an account
 * whose role does not belong on this socket: the answer must not confirm a PIN); `sign-in-locked`: too
 * many wrong PINs for that id or on that socket, wait `params.seconds`; `sign-in-wrong-socket`: no longer
 * sent, kept so older clients still parse; `result-too-large`; `internal-error`; `too-many-connections`
 * (id 0, then the station closes the connection: the socket has CONNECTION_LIMITS.perSocket clients).
 */
export const API_ERROR_CODES = [
  'bad-message', 'message-too-large', 'unknown-op', 'bad-params', 'sign-in-required', 'not-permitted', 'sign-in-failed', 'sign-in-locked',
  'sign-in-wrong-socket', 'result-too-large', 'internal-error', 'station-unreachable', 'station-disconnected', 'request-timeout',
  'too-many-connections',
] as const;

/** Events after `subscribe`. `seq` counts up by one per event on this connection. */
export const EventEnvelope = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), seq: z.number().int(), snapshot: StationSnapshot }),
  z.object({
    type: z.literal('patch'),
    seq: z.number().int(),
    station: StationInfo.optional(),
    viewer: ViewerInfo.optional(),
    printers: z.array(PrinterView).optional(),
    queue: QueueView.optional(),
    stock: StockView.optional(),
    alerts: z.array(AlertView).optional(),
    lastEvent: z.object({ at: z.string(), text: z.string() }).nullable().optional(),
  }),
]);
export type EventEnvelope = z.infer<typeof EventEnvelope>;

/** Anything the station writes on the socket: a response (has `ok`) or an event (has `type`). */
export type ServerMessage = ResponseEnvelope | EventEnvelope;
