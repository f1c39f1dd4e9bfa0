import { setTimeout as sleep } from 'node:timers/promises';
import { TransportError } from '../types.js';
import type {
  IoOptions,
  PrintJob,
  PrintResult,
  PrinterCapabilities,
  PrinterDriver,
  PrinterIdentity,
  PrinterStatus,
} from '../types.js';
import { LinkGate } from '../link-gate.js';
import { ippCardImage } from './ipp-card-image.js';
import { IppClient } from './ipp-client.js';
import type { IppTlsOptions } from './ipp-client.js';
import {
  IPP_GROUP_TAGS,
  IPP_OPERATIONS,
  IPP_STATUS,
  findIppAttribute,
  ippBoolean,
  ippInteger,
  ippKeyword,
  ippMimeType,
  ippName,
  ippNumbers,
  ippStrings,
  isIppSuccess,
} from './ipp-encoding.js';
import type { IppMessage } from './ipp-encoding.js';
import { IppError } from './ipp-error.js';
import {
  IPP_BLOCKING_REASONS,
  IPP_IDENTITY_ATTRIBUTES,
  IPP_JOB_STATES,
  IPP_NOTHING_PRINTED_REASONS,
  IPP_STATUS_ATTRIBUTES,
  normalizeIppReasons,
  printerIdentityFromAttributes,
  printerStatusFromAttributes,
} from './ipp-printer-attributes.js';

export const IPP_FAMILIES = ['fargo-hdp', 'datacard'] as const;
export type IppFamily = (typeof IPP_FAMILIES)[number];

/** Time source for job polling; tests and the station may inject their own. */
export interface IppClock {
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface IppDriverOptions {
  /** Printer or CUPS queue URI, e.g. `ipp://localhost:631/printers/hdp5000` (§6.1). */
  readonly uri: string;
  readonly family: IppFamily;
  /** Rated one-sided colour speed, from the model's data sheet. */
  readonly ratedCardsPerHour: number;
  /** Default true. */
  readonly colour?: boolean;
  /** Time between Get-Job-Attributes polls while a job runs. Default 1000 ms. */
  readonly pollIntervalMs?: number;
  /** Budget for one card, from submission to a terminal job state, unless `print` gets `timeoutMs`. Default 120 000 ms. */
  readonly jobTimeoutMs?: number;
  /**
   * Budget for one IPP request, whatever is left of the job's budget: a hung printer (a stopped
   * process, a wedged CUPS) costs one request this long, never the whole job. Default 10 000 ms.
   */
  readonly requestTimeoutMs?: number;
  /**
   * While a job is followed, how long the printer may go without answering before the card is
   * reported `unknown` (in doubt). Default 30 000 ms.
   */
  readonly unreachableAfterMs?: number;
  /** TLS for `ipps://` printers (see `IppClientOptions.tls`). */
  readonly tls?: IppTlsOptions;
  /** `requesting-user-name`. Default `cetak`. */
  readonly userName?: string;
  readonly clock?: IppClock;
}

const realClock: IppClock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    await sleep(ms, undefined, signal ? { signal } : {});
  },
};

const JOB_ATTRIBUTES = [
  'job-id',
  'job-state',
  'job-state-reasons',
  'job-state-message',
  'time-at-processing',
  'date-time-at-processing',
  'job-impressions-completed',
] as const;

const TERMINAL_JOB_STATES: ReadonlySet<number> = new Set([
  IPP_JOB_STATES.canceled,
  IPP_JOB_STATES.aborted,
  IPP_JOB_STATES.completed,
]);

/** Reason keywords for IPP statuses that refuse a Print-Job (§6.1). */
const REFUSAL_REASONS: Readonly<Record<number, string>> = {
  [IPP_STATUS.serverErrorNotAcceptingJobs]: 'not-accepting-jobs',
  [IPP_STATUS.serverErrorBusy]: 'busy',
  [IPP_STATUS.clientErrorDocumentFormatNotSupported]: 'document-format-not-supported',
  [IPP_STATUS.clientErrorAttributesOrValuesNotSupported]: 'attributes-or-values-not-supported',
  [IPP_STATUS.serverErrorDeviceError]: 'device-error',
  [IPP_STATUS.clientErrorForbidden]: 'not-authorized',
  [IPP_STATUS.clientErrorNotAuthenticated]: 'not-authorized',
  [IPP_STATUS.clientErrorNotAuthorized]: 'not-authorized',
};

interface JobSnapshot {
  readonly state: number;
  readonly reasons: readonly string[];
  /** True once the printer reported the job processing (time-at-processing set or state seen). */
  readonly processed: boolean;
  readonly impressionsCompleted: number;
}

function statusHex(code: number): string {
  return `0x${code.toString(16).padStart(4, '0')}`;
}

function result(outcome: PrintResult['outcome'], reasons: readonly string[], detail: string): PrintResult {
  return { outcome, reasons: [...new Set(reasons)], detail };
}

/**
 * Card printers that only have a vendor CUPS driver (HID FARGO HDP5000, Entrust/Datacard), driven
 * over IPP (`printer-protocols.md` §6, §7): cetak renders each card to a PNG page and submits it
 * to the CUPS queue (or any IPP printer), then follows the job to a terminal state.
 *
 * Outcomes of `print` (it never throws for printer or connection problems):
 * - `printed`: job-state `completed`.
 * - `not-consumed`: nothing could have taken a card: the printer was unreachable, stopped, paused
 *   or showing a blocking reason before submission (the job is then not sent), refused the job
 *   (e.g. 0x0506 not-accepting-jobs, 0x0507 busy), or the job ended canceled/aborted without ever
 *   processing, or with reasons saying no card was fed (`IPP_NOTHING_PRINTED_REASONS`); a job still
 *   pending at the timeout, or pending on a stopped printer, is canceled and reported here once the
 *   cancel is confirmed.
 * - `spoiled`: canceled/aborted after processing started (e.g. `media-jam`).
 * - `unknown`: the connection was lost, the answer to Print-Job never came, the caller aborted, or
 *   the timeout passed while the job was processing.
 * `reasons` lists the printer-state-reasons and job-state-reasons behind a non-`printed` outcome.
 *
 * Cleaning has no IPP operation: `clean()` rejects with `IppError('not-supported')`. `reset()`
 * sends Resume-Printer (CUPS requires admin rights for it); it rejects with `not-supported` or
 * `not-authorized` when the printer refuses. One side only: a job with `back` is rejected.
 */
export class IppDriver implements PrinterDriver {
  readonly uri: string;
  readonly capabilities: PrinterCapabilities;
  readonly #config: Readonly<{
    pollIntervalMs: number;
    jobTimeoutMs: number;
    requestTimeoutMs: number;
    unreachableAfterMs: number;
    clock: IppClock;
  }>;
  readonly #client: IppClient;
  readonly #gate: LinkGate;
  #closed = false;
  #printing = false;
  #currentJobId: number | undefined;

  constructor(options: IppDriverOptions) {
    if (!IPP_FAMILIES.includes(options.family)) {
      throw new TypeError(`IPP driver family "${String(options.family)}" is not one of ${IPP_FAMILIES.join(', ')}.`);
    }
    if (!(options.ratedCardsPerHour > 0)) {
      throw new TypeError(`IPP driver ratedCardsPerHour must be positive (got ${options.ratedCardsPerHour}).`);
    }
    const config = Object.freeze({
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      jobTimeoutMs: options.jobTimeoutMs ?? 120_000,
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      unreachableAfterMs: options.unreachableAfterMs ?? 30_000,
      clock: options.clock ?? realClock,
    });
    if (!(config.pollIntervalMs > 0)) throw new TypeError(`IPP driver pollIntervalMs must be positive (got ${config.pollIntervalMs}).`);
    if (!(config.jobTimeoutMs > 0)) throw new TypeError(`IPP driver jobTimeoutMs must be positive (got ${config.jobTimeoutMs}).`);
    if (!(config.unreachableAfterMs > 0)) throw new TypeError(`IPP driver unreachableAfterMs must be positive (got ${config.unreachableAfterMs}).`);
    this.#client = new IppClient({
      uri: options.uri,
      requestTimeoutMs: config.requestTimeoutMs,
      ...(options.tls !== undefined ? { tls: options.tls } : {}),
      ...(options.userName !== undefined ? { userName: options.userName } : {}),
    });
    this.#config = config;
    this.#gate = new LinkGate(options.uri);
    this.uri = options.uri;
    this.capabilities = Object.freeze({
      family: options.family,
      duplex: false,
      colour: options.colour ?? true,
      retransfer: true,
      ratedCardsPerHour: options.ratedCardsPerHour,
    });
  }

  /**
   * Get-Printer-Attributes → vendor, model, serial, firmware (`simulated: false`).
   * Rejects with `TransportError` when unreachable, `IppError('ipp-status')` on an IPP error status.
   */
  async identify(options: IoOptions = {}): Promise<PrinterIdentity> {
    const response = await this.#printerAttributes(IPP_IDENTITY_ATTRIBUTES, options);
    return printerIdentityFromAttributes(response);
  }

  /**
   * Get-Printer-Attributes → state, normalised reasons and consumable levels (§6.2–6.5).
   * Rejects like `identify`.
   */
  async status(options: IoOptions = {}): Promise<PrinterStatus> {
    const response = await this.#printerAttributes(IPP_STATUS_ATTRIBUTES, options);
    return printerStatusFromAttributes(response);
  }

  /**
   * Prints one card: checks the printer, sends Print-Job with the front side as `image/png`, then
   * polls Get-Job-Attributes every `pollIntervalMs` until a terminal state or `timeoutMs`
   * (default `jobTimeoutMs`). Outcomes are listed on the class. Rejects only when the driver is
   * closed, another print is running on this driver, or the job is invalid (`IppError('invalid-job')`:
   * bad panels, or a back side).
   */
  async print(job: PrintJob, options: IoOptions = {}): Promise<PrintResult> {
    this.#assertOpen();
    if (job.back) {
      throw new IppError('invalid-job', this.uri, `IPP printer ${this.uri} prints one side only; job ${job.id} has a back side.`);
    }
    if (this.#printing) {
      throw new IppError('invalid-job', this.uri, `IPP printer ${this.uri} is already printing a card; wait for it before sending job ${job.id}.`);
    }
    const document = ippCardImage(job.front, { uri: this.uri });
    this.#printing = true;
    try {
      return await this.#print(job, document, options);
    } finally {
      this.#printing = false;
      this.#currentJobId = undefined;
    }
  }

  /** Cancel-Job for the job `print` is following; nothing when no job is running. A job already finished is ignored. */
  async cancel(options: IoOptions = {}): Promise<void> {
    this.#assertOpen();
    const jobId = this.#currentJobId;
    if (jobId === undefined) return;
    const response = await this.#cancelJob(jobId, options);
    if (
      !isIppSuccess(response.code) &&
      response.code !== IPP_STATUS.clientErrorNotPossible &&
      response.code !== IPP_STATUS.clientErrorNotFound
    ) {
      throw this.#statusError('Cancel-Job', response.code);
    }
  }

  /**
   * IPP has no cleaning operation and vendor CUPS drivers expose none over IPP.
   * @throws IppError `not-supported`, always: run cleaning from the printer's panel or vendor tool.
   */
  async clean(_options: IoOptions = {}): Promise<void> {
    this.#assertOpen();
    throw new IppError(
      'not-supported',
      this.uri,
      `Cleaning is not supported over IPP for ${this.uri}; start it from the printer's panel or the vendor utility.`,
    );
  }

  /**
   * Resume-Printer (§6.1), the closest IPP has to clearing a stopped queue. CUPS requires admin
   * rights, and an IPP Everywhere printer may not support it.
   * @throws IppError `not-supported` (0x0501), `not-authorized` (0x0401–0x0403), `ipp-status` otherwise.
   */
  async reset(options: IoOptions = {}): Promise<void> {
    this.#assertOpen();
    const response = await this.#request(IPP_OPERATIONS.resumePrinter, {}, undefined, options);
    if (!isIppSuccess(response.code)) throw this.#statusError('Resume-Printer', response.code);
  }

  /** Aborts requests in flight; later calls reject with `TransportError('closed')`. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#gate.close();
    this.#client.close();
  }

  /**
   * Every request goes through the printer's `LinkGate`: one at a time, and while the printer keeps
   * failing to answer, further requests are refused at once (`open-failed`, nothing sent) until
   * the backoff has passed, so a dead printer is not asked again on every poll.
   */
  #request(...args: Parameters<IppClient['request']>): Promise<IppMessage> {
    return this.#gate.exclusive(async () => {
      this.#gate.admit();
      try {
        const response = await this.#client.request(...args);
        this.#gate.succeeded();
        return response;
      } catch (error) {
        if (error instanceof TransportError && (error.code === 'open-failed' || error.code === 'timeout' || error.code === 'disconnected')) this.#gate.failed(error.message);
        throw error;
      }
    }, args[3]?.signal);
  }

  // -------------------------------------------------------------------------------------------

  #assertOpen(): void {
    if (this.#closed) throw new TransportError('closed', this.uri, `IPP driver for ${this.uri} is closed.`);
  }

  #statusError(operation: string, code: number): IppError {
    if (code === IPP_STATUS.serverErrorOperationNotSupported) {
      return new IppError('not-supported', this.uri, `Printer at ${this.uri} does not support ${operation} (${statusHex(code)}).`, {
        ippStatus: code,
      });
    }
    if (code >= IPP_STATUS.clientErrorForbidden && code <= IPP_STATUS.clientErrorNotAuthorized) {
      return new IppError(
        'not-authorized',
        this.uri,
        `Printer at ${this.uri} refused ${operation} for lack of rights (${statusHex(code)}); CUPS needs an admin user for it.`,
        { ippStatus: code },
      );
    }
    return new IppError('ipp-status', this.uri, `Printer at ${this.uri} answered ${operation} with status ${statusHex(code)}.`, {
      ippStatus: code,
    });
  }

  async #printerAttributes(names: readonly string[], options: IoOptions): Promise<IppMessage> {
    this.#assertOpen();
    const response = await this.#request(
      IPP_OPERATIONS.getPrinterAttributes,
      { operation: [{ name: 'requested-attributes', values: names.map(ippKeyword) }] },
      undefined,
      options,
    );
    if (!isIppSuccess(response.code)) throw this.#statusError('Get-Printer-Attributes', response.code);
    return response;
  }

  /** Printer status, or undefined when it cannot be read (used only to enrich outcomes). */
  async #statusQuietly(options: IoOptions): Promise<PrinterStatus | undefined> {
    try {
      return await this.status(options);
    } catch {
      return undefined;
    }
  }

  #cancelJob(jobId: number, options: IoOptions): Promise<IppMessage> {
    return this.#request(IPP_OPERATIONS.cancelJob, { operation: [{ name: 'job-id', values: [ippInteger(jobId)] }] }, undefined, options);
  }

  async #jobSnapshot(jobId: number, options: IoOptions): Promise<JobSnapshot | 'not-found'> {
    const response = await this.#request(
      IPP_OPERATIONS.getJobAttributes,
      {
        operation: [
          { name: 'job-id', values: [ippInteger(jobId)] },
          { name: 'requested-attributes', values: JOB_ATTRIBUTES.map(ippKeyword) },
        ],
      },
      undefined,
      options,
    );
    if (response.code === IPP_STATUS.clientErrorNotFound) return 'not-found';
    if (!isIppSuccess(response.code)) throw this.#statusError('Get-Job-Attributes', response.code);
    return snapshotFrom(response);
  }

  async #print(job: PrintJob, document: Buffer, options: IoOptions): Promise<PrintResult> {
    const { clock } = this.#config;
    const timeoutMs = options.timeoutMs ?? this.#config.jobTimeoutMs;
    const deadline = clock.now() + timeoutMs;
    const signal = options.signal;
    const remaining = (): number => Math.max(1, deadline - clock.now());
    const io = (): IoOptions => ({ ...(signal ? { signal } : {}), timeoutMs: Math.min(this.#config.requestTimeoutMs, remaining()) });

    // 1. Refuse up front when the printer cannot take a card, so no job is left queued behind a fault.
    let before: PrinterStatus;
    try {
      before = await this.status(io());
    } catch (error) {
      const aborted = error instanceof TransportError && error.code === 'aborted';
      return result(
        'not-consumed',
        [aborted ? 'aborted' : 'offline'],
        `Printer at ${this.uri} could not be checked before printing; job ${job.id} was not sent: ${describe(error)}`,
      );
    }
    const blocking = before.reasons.filter((r) => IPP_BLOCKING_REASONS.has(r) || r === 'not-accepting-jobs');
    if (before.state === 'stopped' || blocking.length > 0) {
      return result(
        'not-consumed',
        before.reasons.length > 0 ? before.reasons : ['paused'],
        `Printer at ${this.uri} is ${before.state} (${before.reasons.join(', ') || 'no reason given'}); job ${job.id} was not sent.`,
      );
    }

    // 2. Submit.
    let response: IppMessage;
    try {
      response = await this.#request(
        IPP_OPERATIONS.printJob,
        {
          operation: [
            { name: 'job-name', values: [ippName(`cetak-${job.id}`)] },
            { name: 'ipp-attribute-fidelity', values: [ippBoolean(false)] },
            { name: 'document-format', values: [ippMimeType('image/png')] },
          ],
        },
        document,
        io(),
      );
    } catch (error) {
      if (error instanceof TransportError && error.code === 'open-failed') {
        return result('not-consumed', ['offline'], `Printer at ${this.uri} was unreachable; job ${job.id} was not sent (${error.message})`);
      }
      if (error instanceof IppError && error.code === 'http-status') {
        return result('not-consumed', ['other'], `Printer at ${this.uri} rejected job ${job.id} at the HTTP level: ${error.message}`);
      }
      return result('unknown', ['offline'], `Job ${job.id} may or may not have reached ${this.uri}: ${describe(error)}`);
    }
    if (!isIppSuccess(response.code)) {
      const after = await this.#statusQuietly({ timeoutMs: Math.min(remaining(), 2000) });
      const refusal = REFUSAL_REASONS[response.code] ?? 'other';
      return result(
        'not-consumed',
        [refusal, ...(after?.reasons ?? [])],
        `Printer at ${this.uri} refused job ${job.id} with status ${statusHex(response.code)}.`,
      );
    }
    const jobId = ippNumbers(findIppAttribute(response, 'job-id', IPP_GROUP_TAGS.job))[0];
    if (jobId === undefined) {
      return result('unknown', ['other'], `Printer at ${this.uri} accepted job ${job.id} without a job-id; it cannot be followed.`);
    }
    this.#currentJobId = jobId;

    // 3. Follow the job.
    let snapshot: JobSnapshot = snapshotFrom(response);
    let lastContactMs = clock.now();
    let processed = snapshot.processed;
    while (!TERMINAL_JOB_STATES.has(snapshot.state)) {
      if (clock.now() >= deadline) return this.#timedOut(job, jobId, snapshot, processed, signal);
      try {
        await clock.sleep(Math.min(this.#config.pollIntervalMs, remaining()), signal);
      } catch {
        return result('unknown', snapshot.reasons, `Stopped following IPP job ${jobId} (card ${job.id}) on request; its outcome is unknown.`);
      }
      let next: JobSnapshot | 'not-found';
      try {
        next = await this.#jobSnapshot(jobId, io());
      } catch (error) {
        if (error instanceof TransportError && (error.code === 'aborted' || error.code === 'closed')) {
          return result('unknown', snapshot.reasons, `Stopped following IPP job ${jobId} (card ${job.id}): ${error.message}`);
        }
        const silentMs = clock.now() - lastContactMs;
        if (silentMs >= this.#config.unreachableAfterMs) {
          return result(
            'unknown',
            ['offline', ...snapshot.reasons],
            `Lost contact with ${this.uri} for ${Math.round(silentMs / 1000)} s while IPP job ${jobId} (card ${job.id}) was not finished: ${describe(error)}`,
          );
        }
        continue;
      }
      lastContactMs = clock.now();
      if (next === 'not-found') {
        return result('unknown', ['other'], `IPP job ${jobId} (card ${job.id}) disappeared from ${this.uri} before it finished.`);
      }
      snapshot = next;
      processed ||= snapshot.processed;
      if (!processed && isPending(snapshot.state)) {
        // A CUPS queue stopped behind our job would hold it forever: take it back while nothing was fed.
        const printer = await this.#statusQuietly(io());
        if (printer?.state === 'stopped') {
          return this.#withdraw(job, jobId, printer.reasons, signal, `printer at ${this.uri} stopped before the job started`);
        }
      }
    }
    // The deadline may be spent by now; reading the reasons still deserves a short budget of its own.
    return this.#finished(job, jobId, snapshot, processed, { ...(signal ? { signal } : {}), timeoutMs: Math.max(remaining(), 2000) });
  }

  async #finished(job: PrintJob, jobId: number, snapshot: JobSnapshot, processed: boolean, io: IoOptions): Promise<PrintResult> {
    if (snapshot.state === IPP_JOB_STATES.completed) {
      return { outcome: 'printed', reasons: [], detail: `IPP job ${jobId} (card ${job.id}) completed on ${this.uri}.` };
    }
    const printer = await this.#statusQuietly(io);
    const reasons = [...(printer?.reasons ?? []), ...snapshot.reasons];
    const ended = snapshot.state === IPP_JOB_STATES.canceled ? 'was canceled' : 'was aborted';
    if (!processed) {
      return result('not-consumed', reasons, `IPP job ${jobId} (card ${job.id}) ${ended} before it started printing.`);
    }
    const jammed = reasons.includes('media-jam');
    const nothingFed = reasons.some((r) => IPP_NOTHING_PRINTED_REASONS.has(r)) && snapshot.impressionsCompleted === 0;
    if (!jammed && nothingFed) {
      return result('not-consumed', reasons, `IPP job ${jobId} (card ${job.id}) ${ended} before a card was fed (${reasons.join(', ')}).`);
    }
    return result('spoiled', reasons, `IPP job ${jobId} (card ${job.id}) ${ended} after printing started (${reasons.join(', ') || 'no reason given'}).`);
  }

  async #timedOut(job: PrintJob, jobId: number, snapshot: JobSnapshot, processed: boolean, signal?: AbortSignal): Promise<PrintResult> {
    if (!processed && isPending(snapshot.state)) {
      const printer = await this.#statusQuietly({ ...(signal ? { signal } : {}), timeoutMs: 2000 });
      return this.#withdraw(job, jobId, ['timed-out', ...(printer?.reasons ?? [])], signal, 'the job did not start in time');
    }
    return result(
      'unknown',
      ['timed-out', ...snapshot.reasons],
      `IPP job ${jobId} (card ${job.id}) on ${this.uri} was still ${jobStateName(snapshot.state)} when the time ran out.`,
    );
  }

  /** Cancels a job that never processed; not-consumed only once the printer confirms it is canceled and unprocessed. */
  async #withdraw(job: PrintJob, jobId: number, reasons: readonly string[], signal: AbortSignal | undefined, why: string): Promise<PrintResult> {
    const io: IoOptions = { ...(signal ? { signal } : {}), timeoutMs: 5000 };
    try {
      await this.#cancelJob(jobId, io);
      const after = await this.#jobSnapshot(jobId, io);
      if (after !== 'not-found' && !after.processed && (after.state === IPP_JOB_STATES.canceled || after.state === IPP_JOB_STATES.aborted)) {
        return result('not-consumed', [...reasons, ...after.reasons], `IPP job ${jobId} (card ${job.id}) was canceled because ${why}.`);
      }
    } catch {
      // Fall through: without confirmation the card's fate is not known.
    }
    return result('unknown', reasons, `IPP job ${jobId} (card ${job.id}) could not be confirmed canceled after ${why}.`);
  }
}

function isPending(state: number): boolean {
  return state === IPP_JOB_STATES.pending || state === IPP_JOB_STATES.pendingHeld;
}

function jobStateName(state: number): string {
  const entry = Object.entries(IPP_JOB_STATES).find(([, v]) => v === state);
  return entry ? entry[0] : `state ${state}`;
}

function snapshotFrom(message: IppMessage): JobSnapshot {
  const jobAttr = (name: string) => findIppAttribute(message, name, IPP_GROUP_TAGS.job);
  const state = ippNumbers(jobAttr('job-state'))[0] ?? IPP_JOB_STATES.pending;
  const timeAtProcessing = jobAttr('time-at-processing')?.values[0];
  const dateAtProcessing = jobAttr('date-time-at-processing')?.values[0];
  const impressionsCompleted = ippNumbers(jobAttr('job-impressions-completed'))[0] ?? 0;
  const processed =
    state === IPP_JOB_STATES.processing ||
    state === IPP_JOB_STATES.processingStopped ||
    state === IPP_JOB_STATES.completed ||
    timeAtProcessing?.type === 'integer' ||
    dateAtProcessing?.type === 'dateTime' ||
    impressionsCompleted > 0;
  return { state, reasons: normalizeIppReasons(ippStrings(jobAttr('job-state-reasons'))), processed, impressionsCompleted };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
