import type { AlertView, PrinterView, StationSnapshot } from '../api/views.js';
import { t } from '../i18n/i18n.js';

/** Exit codes in the Nagios/monitoring-plugins convention, so a check can use `cetak status` as is. */
export const STATUS_LEVELS = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;
export type StatusLevel = (typeof STATUS_LEVELS)[number];
export const STATUS_EXIT_CODES: Readonly<Record<StatusLevel, number>> = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 };

export interface StatusFinding {
  readonly level: 'warning' | 'critical';
  readonly code: string;
  readonly message: string;
  /** The printer it is about, when it is about one. */
  readonly printerId: string | null;
}

export interface StatusAssessment {
  readonly level: StatusLevel;
  readonly exitCode: number;
  /** The first line a monitoring check shows: the worst findings, printers by name. */
  readonly summary: string;
  readonly findings: readonly StatusFinding[];
}

const working = (p: PrinterView) => (p.state === 'idle' || p.state === 'printing') && !p.encoder?.problem;

/** The printer an alert from the station is about, when its sentence starts with a printer's name. */
function printerOfAlert(alert: AlertView, printers: readonly PrinterView[]): string | null {
  return printers.find((p) => alert.message.startsWith(`${p.name} `))?.id ?? null;
}

/**
 * What the running station's picture means for a person: its own alerts (printers stopped, cards in
 * doubt, stock, disk, database), plus what the alerts do not say: a paused printer, an encoder that
 * cannot work, and work waiting with no printer able to take it. Pure: the snapshot in, the verdict out.
 */
export function assessSnapshot(snapshot: StationSnapshot): StatusAssessment {
  const { printers, queue } = snapshot;
  const waiting = queue.counts.queued;
  const findings: StatusFinding[] = snapshot.alerts.map((a) => ({ level: a.level, code: a.code, message: a.message, printerId: printerOfAlert(a, printers) }));
  for (const p of printers) {
    if (p.state === 'paused') {
      findings.push({ level: 'warning', code: 'printer-paused', message: t('cli-status:printerPaused', { name: p.name, id: p.id }), printerId: p.id });
    }
    if (p.encoder?.problem) {
      findings.push({ level: waiting > 0 ? 'critical' : 'warning', code: 'encoder-problem', message: t('cli-status:encoderProblem', { name: p.name, reader: p.encoder.reader, problem: p.encoder.problem }), printerId: p.id });
    }
  }
  if (waiting > 0 && !printers.some(working)) {
    const names = printers.map((p) => p.name).join(', ');
    findings.push({
      level: 'critical',
      code: 'no-printer-working',
      message: printers.length === 0 ? t('cli-status:noPrinters', { count: waiting }) : t('cli-status:noPrinterWorking', { count: waiting, names }),
      printerId: null,
    });
  }
  const level: StatusLevel = findings.some((f) => f.level === 'critical') ? 'CRITICAL' : findings.length > 0 ? 'WARNING' : 'OK';
  const worst = findings.filter((f) => f.level === (level === 'CRITICAL' ? 'critical' : 'warning'));
  const summary = level === 'OK'
    ? t('cli-status:okSummary', { count: waiting })
    : `${worst.map((f) => f.message).join('; ')}${waiting > 0 ? ` (${t('cli-status:waiting', { count: waiting })})` : ''}`;
  return { level, exitCode: STATUS_EXIT_CODES[level], summary, findings };
}
