import type { PrinterDriver, PrinterIdentity, PrinterStatus, PrintResult } from '../../../hardware/types.js';
import type { PrinterConfig } from '../config/station-config.js';

/** Everything the station knows about one printer right now. Mutated only by the manager and dispatcher. */
export interface PrinterHandle {
  readonly config: PrinterConfig;
  readonly driver: PrinterDriver;
  identity: PrinterIdentity | null;
  status: PrinterStatus | null;
  /** False after a failed poll or a lost link, until a poll succeeds again. */
  online: boolean;
  /** Paused by a person: the dispatcher gives it no new card. */
  paused: boolean;
  /** A card is being sent or printed. */
  current: { jobId: string; attemptId: string } | null;
  lastOutcome: { outcome: PrintResult['outcome']; at: string; detail?: string } | null;
  lastError: { at: string; text: string } | null;
  /** Why this printer takes no card now, in words, or null when it could. */
  waitingReason: string | null;
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

/** Whether the dispatcher may give this printer a card now. */
export function canTakeCard(handle: PrinterHandle): boolean {
  return handle.online && !handle.paused && handle.current === null && handle.status !== null && handle.status.state !== 'stopped' && blockingReasons(handle.status).length === 0;
}

/** The printer's state in one word for screens: offline, paused, printing, stopped or idle. */
export function printerViewState(handle: PrinterHandle): 'idle' | 'printing' | 'stopped' | 'offline' | 'paused' {
  if (!handle.online) return 'offline';
  if (handle.current) return 'printing';
  if (handle.paused) return 'paused';
  if (!handle.status || handle.status.state === 'stopped' || blockingReasons(handle.status).length > 0) return 'stopped';
  return handle.status.state === 'printing' ? 'printing' : 'idle';
}
