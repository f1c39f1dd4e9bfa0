/**
 * The one contract between cetak and every card printer. Nothing here knows about e-KTP: a printer
 * moves panels of pixels and reports status. See `printer-protocols.md` for the wire protocols behind
 * each family.
 */

/** Card buffer geometry in dots at 300 dpi, landscape, front side viewed as printed (§3.2). */
export const CARD_WIDTH_DOTS = 1016;
export const CARD_HEIGHT_DOTS = 648;

/**
 * An 8-bit colour plane (Y, M or C): one byte per pixel, row-major, `width × height`.
 * 0 = no ink, 255 = full ink. Drivers reduce to the printer's level count (32/64/128).
 */
export interface GrayPlane {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/**
 * A 1-bit plane (K resin or O overlay): one byte per pixel holding 0 or 1, row-major,
 * `width × height`. 1 = print resin / apply varnish. Kept unpacked so renderers and tests can
 * address pixels directly; drivers pack to the wire format.
 */
export interface MonoPlane {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** The panels for one side. A colour side has Y, M, C and K; a mono side only K. O is optional. */
export interface SidePanels {
  readonly y?: GrayPlane;
  readonly m?: GrayPlane;
  readonly c?: GrayPlane;
  readonly k?: MonoPlane;
  readonly o?: MonoPlane;
}

export const PANEL_LETTERS = ['y', 'm', 'c', 'k', 'o'] as const;

/** One card to print. `id` is opaque to the printer; drivers may log it. */
export interface PrintJob {
  readonly id: string;
  readonly front: SidePanels;
  readonly back?: SidePanels;
  /**
   * The card's chip is written inside the printer: a driver whose printer has a contactless station
   * moves the picked card there, calls this, and prints the face only when it resolves true; on
   * false it ejects the card unprinted and resolves `spoiled`. A driver without a station ignores it.
   */
  readonly encodeChip?: () => Promise<boolean>;
}

export const PRINT_OUTCOMES = ['printed', 'not-consumed', 'spoiled', 'unknown'] as const;
/**
 * - `printed`: the card came out.
 * - `not-consumed`: failed before a card was picked: safe to retry on any printer.
 * - `spoiled`: a card was picked, then the job failed: the blank is lost.
 * - `unknown`: the connection was lost mid-job: a person must look at the printer.
 */
export type PrintOutcomeKind = (typeof PRINT_OUTCOMES)[number];

/**
 * Where the card of a failed job ended up, as far as the printer said:
 * - `feeder`: never picked; `output`: ejected to the output hopper;
 * - `reject-box`: ejected to the reject box (`Ser`); `inside`: still in the printer (e.g. jammed);
 * - `unknown`: the printer could not be asked.
 */
export const CARD_PLACES = ['feeder', 'output', 'reject-box', 'inside', 'unknown'] as const;
export type CardPlace = (typeof CARD_PLACES)[number];

export interface PrintResult {
  readonly outcome: PrintOutcomeKind;
  /** IPP-style reasons that explain a non-`printed` outcome (e.g. `media-empty`, `media-jam`). */
  readonly reasons: readonly string[];
  /** One sentence for the log and the technician; never contains card content. */
  readonly detail?: string;
  /** Where the card is after a failure, where the driver knows (Evolis after the pick). */
  readonly card?: CardPlace;
}

export const PRINTER_STATES = ['idle', 'printing', 'stopped'] as const;
export type PrinterState = (typeof PRINTER_STATES)[number];

export const CONSUMABLE_KINDS = ['ribbon', 'film', 'cleaning', 'other'] as const;
export type ConsumableKind = (typeof CONSUMABLE_KINDS)[number];

/** A consumable level as the printer reports it. Either field may be absent when unknown. */
export interface ConsumableLevel {
  readonly kind: ConsumableKind;
  readonly name: string;
  /** Images (cards) left, where the printer counts them. */
  readonly remainingImages?: number;
  /** Capacity in images, where known. */
  readonly capacityImages?: number;
  /** 0–100, where the printer only reports a percentage. */
  readonly percent?: number;
  /** 0–100: at or below this the printer itself calls the supply low (IPP `marker-low-levels`). */
  readonly lowPercent?: number;
}

export interface PrinterStatus {
  readonly state: PrinterState;
  readonly reasons: readonly string[];
  readonly levels: readonly ConsumableLevel[];
  /** Lifetime counters, where reported (e.g. Evolis `Rco;c`, `Rco;p`). */
  readonly counters?: Readonly<Record<string, number>>;
  /** Cards waiting in the input feeder, where reported; `0` means empty. */
  readonly feederCards?: number;
}

export interface PrinterIdentity {
  readonly vendor: string;
  readonly model: string;
  readonly serial: string;
  readonly firmware: string;
  /** True for simulated printers: every screen must say so. */
  readonly simulated: boolean;
}

/** What a family of printer can do; a readonly descriptor like kysely's adapter `supports…` flags. */
export interface PrinterCapabilities {
  readonly family: string;
  readonly duplex: boolean;
  readonly colour: boolean;
  /** True when the printer uses retransfer film as well as a ribbon. */
  readonly retransfer: boolean;
  /** Rated speed in cards per hour for a one-sided colour card. */
  readonly ratedCardsPerHour: number;
}

export interface IoOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

/**
 * Every card printer, whatever its family and connection.
 *
 * `print` never throws for printer or connection problems: it resolves to one outcome. It rejects
 * only for programming errors (bad panels) or when the driver was closed before the call.
 */
export interface PrinterDriver {
  readonly uri: string;
  readonly capabilities: PrinterCapabilities;
  identify(options?: IoOptions): Promise<PrinterIdentity>;
  status(options?: IoOptions): Promise<PrinterStatus>;
  print(job: PrintJob, options?: IoOptions): Promise<PrintResult>;
  /**
   * Optional: do the CPU work for a job now (encoding its panels), so a later `print` of a job with
   * the same panel objects starts sending at once. The dispatcher calls it for the next card while
   * the current one prints. Never touches the printer; throws like `print` for bad panels.
   */
  prepare?(job: PrintJob): void;
  /** Cancel the job in progress, if any. */
  cancel(options?: IoOptions): Promise<void>;
  /** Run a cleaning cycle (needs a cleaning card for most printers). */
  clean(options?: IoOptions): Promise<void>;
  /** Reset the printer as at power-up (clears errors). */
  reset(options?: IoOptions): Promise<void>;
  close(): Promise<void>;
}

/**
 * A byte stream to a printer (USB bulk pipes, serial line, TCP socket, memory).
 *
 * Contract (after serialport's bindings-interface):
 * - `write` resolves when the OS (or peer buffer) has the bytes, not when anything is printed.
 * - `read` resolves with at least one byte, or rejects on timeout, close or disconnect.
 * - Only one `write` and one `read` are outstanding at a time.
 * - After `close()`, pending and later calls reject with a `TransportError` of code `closed`;
 *   any other failure is `disconnected` (the device went away) or `timeout`.
 */
export interface Transport {
  /** Where the bytes go, without credentials (e.g. `tcp://127.0.0.1:9100`). */
  readonly description: string;
  open(options?: IoOptions): Promise<void>;
  write(data: Uint8Array, options?: IoOptions): Promise<void>;
  read(options?: IoOptions): Promise<Uint8Array>;
  close(): Promise<void>;
}

export const TRANSPORT_ERROR_CODES = ['closed', 'disconnected', 'timeout', 'aborted', 'open-failed'] as const;
export type TransportErrorCode = (typeof TRANSPORT_ERROR_CODES)[number];

/** The one error class transports throw; callers branch on `code`. */
export class TransportError extends Error {
  readonly code: TransportErrorCode;
  readonly transport: string;
  constructor(code: TransportErrorCode, transport: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportError';
    this.code = code;
    this.transport = transport;
  }
}

/** Helpers to make empty planes; used by renderers, drivers and tests alike. */
export function makeGrayPlane(width = CARD_WIDTH_DOTS, height = CARD_HEIGHT_DOTS): GrayPlane {
  return { width, height, data: new Uint8Array(width * height) };
}

export function makeMonoPlane(width = CARD_WIDTH_DOTS, height = CARD_HEIGHT_DOTS): MonoPlane {
  return { width, height, data: new Uint8Array(width * height) };
}
