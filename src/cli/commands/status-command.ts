import type { Command } from 'commander';
import type { PrinterView, StationSnapshot } from '../../api/views.js';
import { t } from '../../i18n/i18n.js';
import { describeError } from '../cli-error.js';
import type { GlobalOptions } from '../cli-station.js';
import { json, type Output } from '../output.js';
import { withStationLink, type StationTarget } from '../station-link.js';
import { assessSnapshot, STATUS_EXIT_CODES, type StatusAssessment } from '../status-assessment.js';

function supplies(p: PrinterView): string {
  const ribbon = p.ribbon ? t('cli-status:ribbon', { remaining: p.ribbon.remaining, capacity: p.ribbon.capacity }) : t('cli-status:noRibbon');
  if (!p.usesFilm) return ribbon;
  const film = p.film ? t('cli-status:film', { remaining: p.film.remaining, capacity: p.film.capacity }) : t('cli-status:noFilm');
  return `${film}  ${ribbon}`;
}

function describe(s: StationSnapshot, verdict: StatusAssessment, target: StationTarget): string[] {
  const db = s.station.database;
  const q = s.queue;
  const b = s.stock.blanks;
  const lines = [
    `${verdict.level}: ${verdict.summary}`,
    t('cli-status:stationLine', {
      id: s.station.id, office: s.station.office, dialect: db.dialect, location: db.location, socket: target.socket,
      unreachable: db.state === 'unreachable' ? t('cli-status:databaseUnreachable', { since: db.unreachableSince ?? '?' }) : '',
    }),
    t('cli-status:printersHeading'),
  ];
  if (s.printers.length === 0) lines.push(t('cli-status:noPrintersLine'));
  for (const p of s.printers) {
    lines.push(t('cli-status:printerLine', {
      id: p.id, name: p.name, family: p.family, state: p.state, reasons: p.reasons.length ? ` (${p.reasons.join(', ')})` : '', supplies: supplies(p),
      encoder: p.encoder ? t('cli-status:encoder', { reader: p.encoder.reader, problem: p.encoder.problem ? `: ${p.encoder.problem}` : '' }) : '',
    }));
  }
  lines.push(t('cli-status:queueLine', { queued: q.counts.queued, held: q.counts.held, printing: q.counts.printing, inDoubt: q.counts['in-doubt'], today: q.printedToday }));
  if (q.waitingReason) lines.push(t('cli-status:waitingLine', { reason: q.waitingReason }));
  lines.push(t('cli-status:blanksLine', { inStock: b.inStock, inDoubt: b.inDoubt, printed: b.printed, spoiled: b.spoiled, received: b.received }));
  for (const c of s.stock.consumables) {
    lines.push(t('cli-status:consumableLine', {
      kind: c.kind.padEnd(8), family: c.family.padEnd(12), images: String(c.imagesOnHand).padStart(7), inStock: c.rollsInStock, loaded: c.rollsLoaded,
      borrowed: c.rollsBorrowed ? t('cli-status:borrowed', { count: c.rollsBorrowed }) : '',
      awaiting: c.rollsAwaitingDestruction ? t('cli-status:awaitingDestruction', { count: c.rollsAwaitingDestruction }) : '',
    }));
  }
  for (const loan of s.stock.loans) {
    lines.push(t('cli-status:loanLine', {
      direction: loan.direction === 'borrowed' ? t('cli-status:owedTo') : t('cli-status:lentTo'), counterparty: loan.counterparty, rolls: loan.rolls, typeId: loan.typeId,
      due: loan.dueDate, overdue: loan.overdue ? t('cli-status:overdue') : '',
    }));
  }
  if (verdict.findings.length > 0) lines.push(t('cli-status:findingsHeading', { count: verdict.findings.length }));
  for (const f of verdict.findings) lines.push(`  ${f.level === 'critical' ? 'CRITICAL' : 'WARNING '} ${f.message}`);
  return lines;
}

/** The JSON a script reads: the verdict, then the picture it came from (no personal data: no queue rows). */
function asJson(s: StationSnapshot, verdict: StatusAssessment, target: StationTarget) {
  return {
    status: verdict.level,
    exitCode: verdict.exitCode,
    summary: verdict.summary,
    findings: verdict.findings,
    station: s.station,
    via: target,
    printers: s.printers.map((p) => ({
      id: p.id, name: p.name, family: p.family, model: p.model, state: p.state, paused: p.state === 'paused', reasons: p.reasons,
      simulated: p.simulated, film: p.film, ribbon: p.ribbon, usesFilm: p.usesFilm, cardsToday: p.cardsToday, encoder: p.encoder, discrepancy: p.discrepancy,
    })),
    queue: { counts: s.queue.counts, inDoubt: s.queue.counts['in-doubt'], printedToday: s.queue.printedToday, oldestQueuedAt: s.queue.oldestQueuedAt, waitingReason: s.queue.waitingReason },
    stock: s.stock,
    alerts: s.alerts,
  };
}

export function registerStatusCommand(program: Command, output: Output, globals: () => GlobalOptions): void {
  program
    .command('status')
    .description(t('cli-status:description'))
    .option('--technician', t('cli-common:technicianOption'))
    .option('--json', t('cli-common:jsonOption'))
    .action(async (options: { json?: boolean; technician?: boolean }) => {
      try {
        // Only the running station knows whether a printer is stopped or paused: ask it, never the database.
        const { snapshot, target } = await withStationLink(globals(), options.technician ? 'technician' : 'operator', async (link) => ({ snapshot: await link.snapshot(), target: link.target }));
        const verdict = assessSnapshot(snapshot);
        if (options.json) output.out(json(asJson(snapshot, verdict, target)));
        else for (const line of describe(snapshot, verdict, target)) output.out(line);
        process.exitCode = verdict.exitCode;
      } catch (error) {
        // A monitoring check must tell "cannot look" (3) from "looked and it is bad" (2).
        const message = describeError(error).message;
        if (options.json) output.out(json({ status: 'UNKNOWN', exitCode: STATUS_EXIT_CODES.UNKNOWN, summary: message }));
        output.err(`UNKNOWN: cetak: ${t('cli-status:unknown', { message })}`);
        process.exitCode = STATUS_EXIT_CODES.UNKNOWN;
      }
    });
}
