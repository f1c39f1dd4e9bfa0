import type { RequestOp } from '../../src/api/protocol.js';
import type { ApiHarness } from './api-harness.js';

/** Valid params for every op, against the harness's data (they may still fail on state). */
export function validParams(h: ApiHarness): { readonly [Op in RequestOp]: unknown } {
  return {
    'sign-in': { operatorId: 'sup', pin: '1234' },
    'sign-out': {},
    subscribe: {},
    'jobs.page': { filter: {}, offset: 0, limit: 100 },
    'job.detail': { jobId: h.jobs[0] },
    'job.preview': { jobId: h.jobs[1], width: 40, height: 25 },
    'job.hold': { jobId: h.jobs[1], reason: 'photo check' },
    'job.release': { jobId: h.jobs[1] },
    'job.cancel': { jobId: h.jobs[2], reason: 'applicant moved' },
    'job.priority': { jobId: h.jobs[3], priority: 'replacement' },
    'job.reprint': { jobId: h.jobs[0], reason: 'laminate peeled' },
    'job.spoil': { jobId: h.jobs[0], reason: 'laminate peeled' },
    'job.pass-qc': { jobId: h.jobs[0] },
    'job.resolve': { jobId: h.jobs[0], resolution: 'printed' },
    'printer.pause': { printerId: 'p1' },
    'printer.resume': { printerId: 'p1' },
    'printer.clean': { printerId: 'p1' },
    'printer.test-card': { printerId: 'p1' },
    'printer.refill': { printerId: 'p1', count: 10 },
    'printer.detail': { printerId: 'p1' },
    'roll.load': { rollId: h.spareRibbonRollId, printerId: 'p2' },
    'roll.unload': { rollId: h.spareRibbonRollId },
    'stock.rolls': {},
    'stock.movements': { offset: 0, limit: 500 },
    'stock.picture': {},
    'report.monthly': {},
    'stock.receive-blanks': { documentNo: 'BA-2', quantity: 20 },
    'stock.receive-rolls': { typeId: 'datacard-film', count: 2, lot: 'F2' },
    'stock.borrow': { counterparty: 'DUKCAPIL KAB. KUPANG', typeId: 'datacard-ribbon', count: 1, lot: 'R9', dueDate: '2026-12-31' },
    'stock.lend': { counterparty: 'DUKCAPIL TTS', rollIds: [h.filmRollId], dueDate: '2026-12-31' },
    'stock.return': { loanId: 'loan_x', rollIds: ['roll_x'] },
    'audit.page': { limit: 500 },
    'audit.verify': {},
  };
}
