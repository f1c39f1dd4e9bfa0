import type { PrinterView } from '../../src/api/views.js';
import { t } from '../../src/i18n/i18n.js';
import { printers } from '../../src/i18n/locales/printers.js';

const REASON_KEYS: ReadonlySet<string> = new Set(Object.keys(printers.en.reasons));

/**
 * An IPP printer-state-reason (any `-error`/`-warning`/`-report` suffix) in words an operator acts
 * on: `media-empty-error` → "put blank cards in the feeder". A reason we have no words for (a vendor's
 * own keyword, or one already in words) is shown as it came.
 */
export function reasonInWords(reason: string): string {
  const base = reason.replace(/-(error|warning|report)$/, '');
  return REASON_KEYS.has(base) ? t(`printers:reasons.${base}`) : reason;
}

/** Every reason of a printer in words, each once. */
export function reasonsInWords(reasons: readonly string[]): string[] {
  return [...new Set(reasons.map(reasonInWords))];
}

/** Why a test card, a cleaning or a refill cannot be done on this printer now, or null when it can. */
export function printerCareUnavailable(action: 'test' | 'clean' | 'refill', p: PrinterView): string | null {
  if (p.state === 'offline') return t('printers:unavailable.offline');
  if (p.care.busyWith) return t('printers:unavailable.busy');
  if (action === 'refill') return null; // a feeder is filled by hand, whatever the printer is doing
  if (p.state === 'printing') return t('printers:unavailable.printing');
  if (p.state === 'stopped') return t('printers:unavailable.stopped', { reasons: reasonsInWords(p.reasons).join(', ') || '?' });
  return null;
}

/** The printer's own ribbon and film figures next to the ledger's, one line each, marked when low or in disagreement. */
export function supplyLines(p: PrinterView): string[] {
  return p.supplies.map((s) => {
    const printer = s.printerImages !== null && s.printerPercent !== null
      ? `${s.printerImages} (${t('printers:detail.supplyPercent', { percent: s.printerPercent })})`
      : s.printerImages !== null ? String(s.printerImages) : s.printerPercent !== null ? t('printers:detail.supplyPercent', { percent: s.printerPercent }) : '?';
    const line = t('printers:detail.supply', { kind: t(`printers:kinds.${s.kind}`), printer, ledger: s.ledgerImages ?? '-' });
    const marks = [s.low ? t('printers:detail.supplyLow') : '', s.disagree ? t('printers:detail.supplyDisagree') : ''].filter(Boolean).join(', ');
    return marks ? `! ${line}   ${marks}` : line;
  });
}

/** The care lines of the printer's detail: what it is doing for an operator, its cleaning, its feeder. */
export function careLines(p: PrinterView): string[] {
  const lines: string[] = [];
  const c = p.care;
  if (c.busyWith) lines.push(t(`printers:busy.${c.busyWith}`));
  if (c.cleanEveryCards !== null && c.cardsSinceCleaning >= c.cleanEveryCards) lines.push(t('printers:detail.cleaningDue', { count: c.cardsSinceCleaning }));
  else if (c.cleanEveryCards !== null) lines.push(t('printers:detail.cleaningEvery', { count: c.cardsSinceCleaning, every: c.cleanEveryCards }));
  else lines.push(t('printers:detail.cleaning', { count: c.cardsSinceCleaning }));
  if (c.feederCards !== null) lines.push(c.feederCards === 0 ? t('printers:detail.feederEmpty') : t('printers:detail.feeder', { count: c.feederCards }));
  return lines;
}
