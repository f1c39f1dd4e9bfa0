import type { z } from 'zod';
import { can, type Permission, type Role } from '../domain/roles.js';
import { applyJobAction } from '../station/jobs/job-actions.js';
import { verifyAuditLog } from '../station/audit/audit-verify.js';
import { requirePermission, type Operator } from '../station/operators.js';
import { guardedSignIn } from '../station/sign-in-guard.js';
import { StationError } from '../station/station-error.js';
import { borrowRolls, lendRolls, loadRoll, receiveBlanks, receiveRolls, returnLoan, unloadRoll } from '../station/stock/stock-service.js';
import type { REQUESTS, RequestOp } from './protocol.js';
import { auditHolderNames, auditPage } from '../station/audit/audit-page.js';
import { jobDetail } from '../station/jobs/job-detail.js';
import { jobsPage } from '../station/jobs/jobs-page.js';
import { stockMovements } from '../station/stock/stock-movements.js';
import { stockRolls } from '../station/stock/stock-rolls.js';
import { thirtyDayPicture } from '../station/forecast/index.js';
import { gatherMonthlyReport, monthlyReportSections, previousMonth } from '../station/reports/index.js';
import { localDate } from '../station/clock.js';
import type { ChangedPart, PrinterAction, StationBackend, Viewer } from './station-backend.js';
import { seesPersonalData, shapeJobFilter, type AuditPageForShaping } from './viewer-shaping.js';

/** Which socket a connection came in on; it decides the role until someone signs in. */
export const SOCKET_ROLES = ['operator', 'technician'] as const;
export type SocketRole = (typeof SOCKET_ROLES)[number];

/** Accounts that may sign in on each socket: a technician never holds operator.sock, and vice versa. */
export const SOCKET_ACCOUNTS: Readonly<Record<SocketRole, ReadonlySet<Role>>> = {
  operator: new Set<Role>(['operator', 'supervisor']),
  technician: new Set<Role>(['technician']),
};

/** One connection's state: the socket it came in on and who has signed in on it. */
export interface ApiSession {
  readonly socketRole: SocketRole;
  operator: Operator | null;
}

export function viewerOf(session: ApiSession): Viewer {
  return { role: session.operator?.role ?? session.socketRole, operator: session.operator };
}

export interface OpCall<Op extends RequestOp> {
  readonly backend: StationBackend;
  readonly session: ApiSession;
  readonly params: z.output<(typeof REQUESTS)[Op]>;
  /** The signed-in operator; never null when the handler's `signIn` is true. */
  readonly by: Operator | null;
}

export interface OpHandler<Op extends RequestOp> {
  /** Refused with `sign-in-required` when nobody has signed in on the connection. */
  readonly signIn: boolean;
  /** Checked against the viewer's role before the handler runs (services check their own too). */
  readonly permission?: Permission;
  /** Parts of the snapshot a successful call changes: the backend is told, and patches follow. */
  readonly affects: readonly ChangedPart[];
  run(call: OpCall<Op>): Promise<unknown>;
}

const signedIn = (call: { by: Operator | null }): Operator => {
  if (!call.by) throw new StationError('sign-in-required', 'sign in with your operator ID and PIN first');
  return call.by;
};

const JOB_PARTS: readonly ChangedPart[] = ['queue', 'alerts', 'lastEvent', 'stock'];
const STOCK_PARTS: readonly ChangedPart[] = ['stock', 'alerts', 'lastEvent'];
const ROLL_PARTS: readonly ChangedPart[] = ['stock', 'printers', 'queue', 'alerts', 'lastEvent'];

function printerOp<Op extends 'printer.pause' | 'printer.resume' | 'printer.clean' | 'printer.test-card'>(action: PrinterAction): OpHandler<Op> {
  return {
    signIn: true,
    permission: 'printers.control',
    affects: ['printers', 'lastEvent'],
    run: async ({ backend, params, ...call }) => {
      await backend.printerAction(signedIn(call), params.printerId, action);
      return {};
    },
  };
}

/**
 * Every request op and how it is served. Job, stock and audit ops go straight to the station
 * services; printer ops and the preview go through the backend (the runtime owns the printers).
 * `subscribe` is listed for completeness: the connection itself starts the event stream.
 */
export const OP_HANDLERS: { readonly [Op in RequestOp]: OpHandler<Op> } = {
  'sign-in': {
    signIn: false,
    affects: [],
    run: async ({ backend, session, params }) => {
      const operator = await guardedSignIn(backend.context, {
        operatorId: params.operatorId, pin: params.pin, socket: session.socketRole, accepts: SOCKET_ACCOUNTS[session.socketRole],
      });
      session.operator = operator;
      return { viewer: { role: operator.role, operatorId: operator.id, operatorName: operator.name } };
    },
  },
  'sign-out': {
    signIn: false,
    affects: [],
    run: async ({ session }) => {
      session.operator = null;
      return {};
    },
  },
  subscribe: { signIn: false, affects: [], run: async () => ({}) },
  'jobs.page': {
    signIn: false,
    permission: 'jobs.view',
    affects: [],
    run: async ({ backend, session, params }) => jobsPage(backend.context, { ...params, filter: shapeJobFilter(viewerOf(session), params.filter) }),
  },
  'job.detail': { signIn: true, permission: 'jobs.view', affects: [], run: async ({ backend, params }) => jobDetail(backend.context, params.jobId) },
  'job.preview': {
    signIn: true,
    permission: 'jobs.personal-data',
    affects: [],
    run: async ({ backend, params }) => backend.renderPreview(params.jobId, params.width, params.height),
  },
  'job.hold': jobOp((p) => ({ action: 'hold', jobId: p.jobId, reason: p.reason })),
  'job.release': jobOp((p) => ({ action: 'release', jobId: p.jobId })),
  'job.cancel': jobOp((p) => ({ action: 'cancel', jobId: p.jobId, reason: p.reason })),
  'job.priority': jobOp((p) => ({ action: 'priority', jobId: p.jobId, priority: p.priority })),
  'job.reprint': jobOp((p) => ({ action: 'reprint', jobId: p.jobId, reason: p.reason })),
  'job.spoil': jobOp((p) => ({ action: 'fail-qc', jobId: p.jobId, reason: p.reason })),
  'job.pass-qc': jobOp((p) => ({ action: 'pass-qc', jobId: p.jobId })),
  'job.resolve': jobOp((p) => ({ action: 'resolve', jobId: p.jobId, resolution: p.resolution, ...(p.reason !== undefined ? { reason: p.reason } : {}) })),
  'printer.pause': printerOp<'printer.pause'>('pause'),
  'printer.resume': printerOp<'printer.resume'>('resume'),
  'printer.clean': printerOp<'printer.clean'>('clean'),
  'printer.test-card': printerOp<'printer.test-card'>('test-card'),
  'printer.refill': {
    signIn: true,
    permission: 'printers.control',
    affects: ['printers', 'stock', 'lastEvent'],
    run: async ({ backend, params, ...call }) => {
      await backend.printerAction(signedIn(call), params.printerId, 'refill', params.count !== undefined ? { count: params.count } : {});
      return {};
    },
  },
  'printer.detail': { signIn: false, permission: 'printers.view', affects: [], run: async ({ backend, params }) => backend.printerDetail(params.printerId) },
  'roll.load': {
    signIn: true,
    permission: 'printers.control',
    affects: ROLL_PARTS,
    run: async ({ backend, params, ...call }) => {
      await loadRoll(backend.context, signedIn(call), params);
      return {};
    },
  },
  'roll.unload': {
    signIn: true,
    permission: 'printers.control',
    affects: ROLL_PARTS,
    run: async ({ backend, params, ...call }) => ({
      state: await unloadRoll(backend.context, signedIn(call), { rollId: params.rollId, ...(params.finished !== undefined ? { finished: params.finished } : {}) }),
    }),
  },
  'stock.rolls': { signIn: false, permission: 'stock.view', affects: [], run: async ({ backend, params }) => stockRolls(backend.context, params) },
  'stock.movements': { signIn: false, permission: 'stock.view', affects: [], run: async ({ backend, params }) => stockMovements(backend.context, params) },
  'report.monthly': {
    signIn: false,
    permission: 'stock.view',
    affects: [],
    run: async ({ backend, params }) => {
      const settings = backend.forecastSettings();
      const month = params.month ?? previousMonth(localDate(backend.context.clock, settings.utcOffsetMinutes));
      const report = await gatherMonthlyReport(backend.context, { month, settings });
      return { month, complete: report.periodComplete, sections: monthlyReportSections(report) };
    },
  },
  'stock.picture': { signIn: false, permission: 'stock.view', affects: [], run: async ({ backend }) => thirtyDayPicture(backend.context, backend.forecastSettings()) },
  'stock.receive-blanks': {
    signIn: true,
    permission: 'stock.move',
    affects: STOCK_PARTS,
    run: async ({ backend, params, ...call }) => ({ batchId: await receiveBlanks(backend.context, signedIn(call), params) }),
  },
  'stock.receive-rolls': {
    signIn: true,
    permission: 'stock.move',
    affects: STOCK_PARTS,
    run: async ({ backend, params, ...call }) => ({ rollIds: await receiveRolls(backend.context, signedIn(call), withoutUndefined(params)) }),
  },
  'stock.borrow': {
    signIn: true,
    permission: 'stock.move',
    affects: STOCK_PARTS,
    run: async ({ backend, params, ...call }) => borrowRolls(backend.context, signedIn(call), withoutUndefined(params)),
  },
  'stock.lend': {
    signIn: true,
    permission: 'stock.move',
    affects: STOCK_PARTS,
    run: async ({ backend, params, ...call }) => ({ loanId: await lendRolls(backend.context, signedIn(call), params) }),
  },
  'stock.return': {
    signIn: true,
    permission: 'stock.move',
    affects: STOCK_PARTS,
    run: async ({ backend, params, ...call }) => returnLoan(backend.context, signedIn(call), withoutUndefined(params)),
  },
  'audit.page': {
    signIn: false,
    permission: 'audit.view',
    affects: [],
    run: async ({ backend, params, session }): Promise<AuditPageForShaping> => {
      const page = await auditPage(backend.context, params);
      return seesPersonalData(viewerOf(session)) ? page : { ...page, holderNames: await auditHolderNames(backend.context, page) };
    },
  },
  'audit.verify': {
    signIn: false,
    permission: 'audit.view',
    affects: [],
    run: async ({ backend }) => {
      const result = await verifyAuditLog(backend.context);
      return result.ok
        ? { ok: true, count: result.count, problems: [] }
        : { ok: false, count: result.count, problems: [...result.problems.map((p) => `#${p.seq} ${p.kind}: ${p.message}`), ...(result.problemsOmitted > 0 ? [`${result.problemsOmitted} more not listed`] : [])] };
    },
  },
};

type JobOpName = 'job.hold' | 'job.release' | 'job.cancel' | 'job.priority' | 'job.reprint' | 'job.spoil' | 'job.pass-qc' | 'job.resolve';

function jobOp<Op extends JobOpName>(toAction: (params: z.output<(typeof REQUESTS)[Op]>) => Parameters<typeof applyJobAction>[2]): OpHandler<Op> {
  return {
    signIn: true,
    permission: 'jobs.view',
    affects: JOB_PARTS,
    run: async ({ backend, params, ...call }) => {
      await applyJobAction(backend.context, signedIn(call), toAction(params));
      return {};
    },
  };
}

/** exactOptionalPropertyTypes: zod gives `key: undefined` for an absent optional; services want the key absent. */
function withoutUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

/** Checks sign-in and permission for `op`; throws the StationError the client should get. */
export function checkAccess(op: RequestOp, session: ApiSession): void {
  const handler = OP_HANDLERS[op] as OpHandler<RequestOp>;
  if (handler.signIn && !session.operator) {
    throw new StationError('sign-in-required', `"${op}" needs a signed-in operator: sign in with your ID and PIN first`, { op });
  }
  if (handler.permission) {
    if (session.operator) requirePermission(session.operator, handler.permission);
    else if (!can(session.socketRole, handler.permission)) {
      throw new StationError('not-permitted', `"${op}" needs ${handler.permission}`, { op, permission: handler.permission });
    }
  }
}
