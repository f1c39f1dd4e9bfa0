import type { Role } from '../domain/roles.js';
import type { StationContext } from '../station/context.js';
import type { Operator } from '../station/operators.js';
import type { CardPreview, PrinterDetail } from './protocol.js';
import type { StationSnapshot } from './views.js';
import type { ForecastSettings } from '../station/forecast/index.js';
import type { RuntimePart as ChangedPart } from '../station/runtime/station-runtime.js';

/** The parts of a snapshot a change can touch; a patch carries exactly the parts that changed. */
export { RUNTIME_PARTS as CHANGED_PARTS, type RuntimePart as ChangedPart } from '../station/runtime/station-runtime.js';
export type ChangedParts = ReadonlySet<ChangedPart>;

export const PRINTER_ACTIONS = ['pause', 'resume', 'clean', 'test-card', 'refill'] as const;
export type PrinterAction = (typeof PRINTER_ACTIONS)[number];
/** `refill`: blanks put in the feeder; without a count, filled up to the feeder's size. */
export interface PrinterActionOptions {
  readonly count?: number;
}

/** Who is looking: the role comes from the socket (or the signed-in account), the operator from `sign-in`. */
export interface Viewer {
  readonly role: Role;
  /** Null until someone signs in on this connection. */
  readonly operator: Operator | null;
}

/**
 * What the API server needs from a running station, so the server never reaches into the runtime's
 * internals (printers, dispatcher, pollers). The runtime implements it; job, stock and audit ops are
 * served by the API straight from the station services over `context`.
 *
 * Everything returned here is FULL data (unmasked names and NIKs): shaping for the viewer happens in
 * src/api/viewer-shaping.ts and nowhere else.
 */
export interface StationBackend {
  readonly context: StationContext;
  /**
   * The whole picture now, unshaped. `viewer` only fills `snapshot.viewer` (role, operator id, name);
   * the rest must not depend on it. Called on every subscribe and for every patch, so keep it cheap
   * (cache between changes). Rejects only when the database cannot be read.
   */
  snapshot(viewer: Viewer): Promise<StationSnapshot>;
  /**
   * Calls `listener` with the parts that changed, whenever anything does: a printer status, a
   * dispatch, a commit by another process (data_version / NOTIFY), or `noteChange` below. Bursts
   * are fine: every connection coalesces to at most one patch per ~100 ms. Returns the unsubscribe.
   */
  onChange(listener: (parts: ChangedParts) => void): () => void;
  /**
   * The API served an op that committed a change (job action, stock move, roll load): refresh what
   * the parts show, wake the dispatcher if the queue or a roll changed, then fire `onChange`.
   * Must not throw.
   */
  noteChange(parts: ChangedParts): void;
  /**
   * Pause / resume the dispatcher on one printer, run a cleaning cycle, print a test card. The API
   * has already checked `printers.control`; the runtime audits the action with `by.id` as the actor.
   * Rejects with a StationError (`printer-unknown`, `printer-busy`, `printer-offline`, …).
   */
  printerAction(by: Operator, printerId: string, action: PrinterAction, options?: PrinterActionOptions): Promise<void>;
  /** Rejects with StationError `printer-unknown` for an unknown id. Full data; shaped by the API. */
  printerDetail(printerId: string): Promise<PrinterDetail>;
  /**
   * The card as it will print, downsampled to `width` × `height` RGB (base64 in `rgb`). Only ever
   * called for operators and supervisors (`job.preview` is refused on technician.sock).
   * src/station/jobs/job-preview.ts `renderJobPreview` does this from the database and image files.
   */
  renderPreview(jobId: string, width: number, height: number): Promise<CardPreview>;
  /** The office's forecast settings (working days, lead times), for the 30-day picture. */
  forecastSettings(): ForecastSettings;
}
