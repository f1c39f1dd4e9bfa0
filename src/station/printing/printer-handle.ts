import type { PrinterDriver, PrinterIdentity, PrinterStatus, PrintResult } from '../../../hardware/types.js';
import type { PrinterConfig } from '../config/station-config.js';
import type { ChipEncoder } from './chip-encoder.js';

/**
 * Something an operator asked of the printer that is not a job's card (a test card, a cleaning). The
 * printer's own loop runs it between two cards, so it never meets a card on the printer. `started`
 * settles once the loop has taken it (for a test card: once the card and its blank are committed, or
 * refused with the reason); the outcome follows as an event, like a card's.
 */
export interface PrinterTask {
  readonly kind: 'test-card' | 'cleaning';
  /** The operator who asked: the actor of the audit rows and movements. */
  readonly by: string;
  readonly started: { resolve: () => void; reject: (error: Error) => void };
}

/** Everything the station knows about one printer right now. Mutated only by the manager and dispatcher. */
export interface PrinterHandle {
  readonly config: PrinterConfig;
  readonly driver: PrinterDriver;
  /** The chip encoder bound to this printer, or null: its cards then carry no chip. */
  readonly encoder: ChipEncoder | null;
  identity: PrinterIdentity | null;
  status: PrinterStatus | null;
  /** False after a failed poll or a lost link, until a poll succeeds again. */
  online: boolean;
  /** Paused (by a person, or by the dispatcher after a card in doubt): it gets no new card. */
  paused: boolean;
  /** Why the dispatcher paused it, or null when a person did. Cleared on resume. */
  pausedReason: string | null;
  /** Cards that ended other than printed since the last printed one. */
  failuresInARow: number;
  /** An operator's task waiting for the loop (see PrinterTask), or null. */
  task: PrinterTask | null;
  /** The loop is doing an operator's task on the printer now: it takes no card meanwhile. */
  busyWith: PrinterTask['kind'] | null;
  /** Cards through the printer (printed or spoiled, test cards too) since it was last cleaned. */
  cardsSinceCleaning: number;
  /** A card is being sent or printed. */
  current: { jobId: string; attemptId: string } | null;
  lastOutcome: { outcome: PrintResult['outcome']; at: string; detail?: string } | null;
  lastError: { at: string; text: string } | null;
  /** Why this printer takes no card now, in words, or null when it could. */
  waitingReason: string | null;
  /** What the chip encoder bound to this printer is doing or needs from the operator, or null. */
  encoderActivity: string | null;
  /** Why the chip encoder cannot work (reader gone, pcscd stopped), or null when it can or there is none. */
  encoderProblem: string | null;
  /** Cards this printer finished (printed) since local midnight. */
  cardsToday: number;
  cardsTodayDate: string;
}

/** Reasons that mean the printer cannot take a card at all (IPP keywords, any severity suffix). */
const BLOCKING = ['media-empty', 'media-jam', 'cover-open', 'marker-supply-empty', 'paused', 'offline', 'door-open', 'interlock-open', 'shutdown'];

export function blockingReasons(status: PrinterStatus | null): string[] {
  if (!status) return [];
  return status.reasons.filter((r) => BLOCKING.some((b) => r === b || r.startsWith(`${b}-`)) && !r.endsWith('-report'));
}

const REASON_WORDS: Readonly<Record<string, string>> = {
  'media-empty': 'no blank cards in the feeder',
  'media-jam': 'card jam',
  'cover-open': 'cover open',
  'door-open': 'door open',
  'interlock-open': 'cover open',
  paused: 'paused at the printer',
  offline: 'offline',
  shutdown: 'shut down',
};

/** The blocking reasons in plain words; an empty supply is named from the levels where it can be. */
export function describeBlocking(status: PrinterStatus | null): string {
  const words = blockingReasons(status).map((reason) => {
    const base = reason.replace(/-(error|warning)$/, '');
    if (base === 'marker-supply-empty') {
      const empty = (status?.levels ?? []).filter((l) => l.remainingImages === 0 || l.percent === 0).map((l) => l.kind);
      return empty.length ? `${[...new Set(empty)].join(' and ')} empty` : 'ribbon or film empty';
    }
    return REASON_WORDS[base] ?? base;
  });
  return [...new Set(words)].join(', ');
}

/** Whether the dispatcher may give this printer a card now. */
export function canTakeCard(handle: PrinterHandle): boolean {
  return handle.encoderProblem === null && handle.online && !handle.paused && handle.current === null && handle.busyWith === null && handle.status !== null && handle.status.state !== 'stopped' && blockingReasons(handle.status).length === 0;
}

/** The printer's state in one word for screens: offline, paused, printing, stopped or idle. */
export function printerViewState(handle: PrinterHandle): 'idle' | 'printing' | 'stopped' | 'offline' | 'paused' {
  if (!handle.online) return 'offline';
  if (handle.current || handle.busyWith) return 'printing';
  if (handle.paused) return 'paused';
  if (!handle.status || handle.status.state === 'stopped' || blockingReasons(handle.status).length > 0) return 'stopped';
  return handle.status.state === 'printing' ? 'printing' : 'idle';
}
