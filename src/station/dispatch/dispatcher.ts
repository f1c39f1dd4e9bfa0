import type { PrintResult } from '../../../hardware/types.js';
import { isConnectionError, writeTransaction } from '../../../db/index.js';
import { maskNik } from '../../domain/masking.js';
import { beginAttempt, finishAttempt, NotReadyError } from '../attempts.js';
import { isoNow } from '../clock.js';
import { newId } from '../ids.js';
import type { StationContext } from '../context.js';
import { transitionJob } from '../job-transition.js';
import { canTakeCard, describeBlocking, type PrinterHandle } from '../printers/printer-handle.js';
import type { PrinterManager } from '../printers/printer-manager.js';
import { renderJob, type RenderedJob } from '../render-job.js';
import type { CardLayout } from '../render/index.js';

export interface DispatcherOptions {
  readonly layout: CardLayout;
  /** Told when jobs, stock or a printer changed because of dispatching. */
  readonly onChange: (part: 'queue' | 'printers' | 'stock' | 'lastEvent', text?: string, fields?: Readonly<Record<string, string>>) => void;
  /** How long a printer that cannot work waits before looking again without being nudged. */
  readonly idleRecheckMs?: number;
  /** How long to keep retrying an outcome the database will not take (disk full, busy). */
  readonly commitRetryMs?: number;
  /**
   * Told whether the database answered (true) or could not be reached (false), on every try that
   * tells: the runtime turns it into "database unreachable since hh:mm".
   */
  readonly onDatabase?: (reachable: boolean) => void;
  /** How often a printer waiting for an unreachable database looks again, in ms. Default 1000. */
  readonly databaseRecheckMs?: number;
}

/** The waiting reason a printer shows while the database cannot be reached. */
export const DATABASE_UNREACHABLE = 'database unreachable';

const CANDIDATES = 32;
/**
 * On a shared (PostgreSQL) queue every printer of every station would otherwise render the same
 * head-of-queue job, and all but one would lose the race for it. So a printer claims the job it
 * picks (jobs.claimed_by / claimed_until, one small UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP
 * LOCKED)), and the others skip claimed rows until the claim expires. The claim only steers
 * choice: beginAttempt's row lock and state check still decide who takes the job. The lease
 * covers rendering plus the card before it (about 25 s on a 150 cards/h printer); a claim that
 * lapses early costs at most a lost race. A station that dies leaves claims that lapse within the
 * lease, and clears its own at restart (markInterruptedAttempts).
 */
const CLAIM_LEASE_MS = 60_000;

/** Failed cards in a row after which a printer is paused for a person to look at it. */
export const MAX_FAILURES_IN_A_ROW = 2;

/**
 * Keeps every printer busy: takes queued jobs in priority order (then age), renders the next card
 * while the current one prints, commits each attempt before the first byte goes out and its
 * outcome after the printer answers. A printer that cannot work waits with its reason in words.
 * Nothing is ever reprinted by itself: an unknown outcome leaves the card in doubt for a person.
 */
export class Dispatcher {
  readonly #ctx: StationContext;
  readonly #printers: PrinterManager;
  readonly #options: DispatcherOptions;
  /** Jobs one of our printers has rendered or is printing: no other printer of ours takes them. */
  readonly #claimed = new Set<string>();
  readonly #wakers = new Set<() => void>();
  readonly #outcomeNotes = new Set<Promise<void>>();
  readonly #loops: Promise<void>[] = [];
  /**
   * Attempts whose begin transaction was sent when the connection broke: the commit may or may not
   * have happened, but certainly no byte went to a printer. Once the database answers again each
   * one found `printing` is finished as not-consumed, so the blank and the job go back.
   */
  readonly #unsure = new Map<string, string>();
  #running = false;

  constructor(ctx: StationContext, printers: PrinterManager, options: DispatcherOptions) {
    this.#ctx = ctx;
    this.#printers = printers;
    this.#options = Object.freeze({ ...options });
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    for (const h of this.#printers.handles) {
      this.#loops.push(
        this.#loop(h).catch((error: unknown) => {
          // Not expected (each step catches); if it happens the printer stops taking cards, visibly.
          this.#ctx.log.fatal({ printer: h.config.id, err: (error as Error).message }, 'dispatcher loop ended');
          this.#autoPause(h, 'the station stopped dispatching to this printer after an internal error: restart the station');
        }),
      );
    }
  }

  /** Something changed (a job queued, a roll loaded, a printer came back): look again now. */
  nudge(): void {
    for (const wake of [...this.#wakers]) wake();
  }

  /** Stops taking new cards and waits for the cards on the printers to finish. */
  async stop(): Promise<void> {
    this.#running = false;
    this.nudge();
    await Promise.allSettled(this.#loops);
    // The last cards' log lines, so they are written before the database closes.
    await Promise.allSettled(this.#outcomeNotes);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#wakers.add(wake);
    });
  }

  #setWaiting(h: PrinterHandle, reason: string | null): void {
    if (h.waitingReason === reason) return;
    h.waitingReason = reason;
    this.#options.onChange('printers');
  }

  async #nextJobId(h: PrinterHandle): Promise<string | null> {
    if (this.#ctx.dialect === 'postgres') return this.#claimNextJob(h);
    const rows = await this.#ctx.db
      .selectFrom('jobs')
      .select('id')
      .where('state', '=', 'queued')
      .orderBy('priority_rank')
      .orderBy('queued_at')
      .orderBy('id')
      .limit(CANDIDATES + this.#claimed.size)
      .execute();
    return rows.find((r) => !this.#claimed.has(r.id))?.id ?? null;
  }

  #claimKey(h: PrinterHandle): string {
    return `${this.#ctx.stationId}/${h.config.id}`;
  }

  /** PostgreSQL: the first queued job nobody else has claimed, claimed for this printer in one statement. */
  async #claimNextJob(h: PrinterHandle): Promise<string | null> {
    const now = this.#ctx.clock.now();
    const nowIso = now.toISOString();
    const key = this.#claimKey(h);
    const claimed = [...this.#claimed];
    const row = await this.#ctx.db
      .updateTable('jobs')
      .set({ claimed_by: key, claimed_until: new Date(now.getTime() + CLAIM_LEASE_MS).toISOString() })
      .where('id', '=', (eb) =>
        eb
          .selectFrom('jobs as j')
          .select('j.id')
          .where('j.state', '=', 'queued')
          .where((w) => w.or([w('j.claimed_until', 'is', null), w('j.claimed_until', '<', nowIso), w('j.claimed_by', '=', key)]))
          .$if(claimed.length > 0, (q) => q.where('j.id', 'not in', claimed))
          .orderBy('j.priority_rank')
          .orderBy('j.queued_at')
          .orderBy('j.id')
          .limit(1)
          .forUpdate()
          .skipLocked(),
      )
      .returning('id')
      .executeTakeFirst();
    return row?.id ?? null;
  }

  /**
   * Picks and renders the next card for a printer, claiming the job. Null when nothing waits.
   * Rejects only when the database cannot be reached (the caller waits and tries again).
   */
  async #prepare(h: PrinterHandle): Promise<RenderedJob | null> {
    const jobId = await this.#nextJobId(h);
    this.#options.onDatabase?.(true);
    if (!jobId) return null;
    this.#claimed.add(jobId);
    try {
      const rendered = await renderJob(this.#ctx, jobId, this.#options.layout);
      // Encode for the wire now too, while the printer is busy with the card before.
      if (rendered.ok) h.driver.prepare?.({ id: jobId, front: rendered.front });
      return rendered;
    } catch (error) {
      this.#claimed.delete(jobId);
      if (isConnectionError(error)) throw error;
      this.#ctx.log.error({ job: jobId, printer: h.config.id, err: (error as Error).message }, 'rendering failed');
      return null;
    }
  }

  /** The database is gone: say so on the printer and to the runtime, then wait a little. */
  async #waitForDatabase(h: PrinterHandle, error: unknown): Promise<void> {
    this.#ctx.log.warn({ printer: h.config.id, err: (error as Error).message?.split('\n')[0] }, 'database unreachable');
    this.#options.onDatabase?.(false);
    this.#setWaiting(h, DATABASE_UNREACHABLE);
    await this.#sleep(this.#options.databaseRecheckMs ?? 1_000);
  }

  /** Finishes as not-consumed the attempts a broken connection may have committed (see #unsure). */
  async #settleUnsure(): Promise<void> {
    for (const [attemptId, printerId] of [...this.#unsure]) {
      const row = await this.#ctx.db.selectFrom('attempts').select('state').where('id', '=', attemptId).executeTakeFirst();
      if (row?.state === 'printing') {
        await finishAttempt(this.#ctx, { attemptId, outcome: 'not-consumed', reasons: ['other'] }).catch((error: { code?: string }) => {
          if (error.code !== 'attempt-state-changed') throw error;
        });
        this.#ctx.log.warn({ attempt: attemptId, printer: printerId }, 'attempt committed while the database connection broke; nothing was sent, returned as not consumed');
        this.#options.onChange('queue');
        this.#options.onChange('stock');
      }
      this.#unsure.delete(attemptId);
    }
  }

  async #hold(job: RenderedJob & { ok: false }): Promise<void> {
    try {
      await writeTransaction(this.#ctx.db, (trx) => transitionJob(trx, 'system:dispatcher', isoNow(this.#ctx.clock), job.jobId, 'hold', { reason: job.holdReason, expect: 'queued' }));
      this.#options.onChange('queue', `job ${job.jobId} held: ${job.holdReason}`);
    } catch (error) {
      this.#ctx.log.warn({ job: job.jobId, err: (error as Error).message }, 'could not hold job');
    } finally {
      this.#claimed.delete(job.jobId);
    }
  }

  /**
   * Writes the outcome, retrying while the database refuses; the card is on the printer's side
   * already. Returns false when it could not be written: someone else changed the attempt (it is in
   * doubt now) or the database refused for too long. The caller then pauses the printer, because
   * what the printer said must reach the person who resolves that card.
   */
  async #commitOutcome(h: PrinterHandle, attemptId: string, result: PrintResult): Promise<boolean> {
    const deadline = Date.now() + (this.#options.commitRetryMs ?? 24 * 3600_000);
    for (let delay = 250; ; delay = Math.min(delay * 2, 10_000)) {
      try {
        await finishAttempt(this.#ctx, { attemptId, outcome: result.outcome, reasons: result.reasons });
        return true;
      } catch (error) {
        const text = `could not record that attempt ${attemptId} ended ${result.outcome}: ${(error as Error).message.split('\n')[0]}`;
        h.lastError = { at: isoNow(this.#ctx.clock), text };
        this.#ctx.log.error({ printer: h.config.id, attempt: attemptId, outcome: result.outcome }, text);
        this.#options.onChange('printers');
        if (Date.now() > deadline || (error as { code?: string }).code === 'attempt-state-changed') return false;
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  async #print(h: PrinterHandle, job: RenderedJob & { ok: true }, attemptId: string): Promise<PrintResult> {
    try {
      return await h.driver.print({ id: attemptId, front: job.front });
    } catch (error) {
      // Drivers resolve every printer or link problem to an outcome; a throw here is a bug, and
      // since bytes may have gone out, the only safe outcome is unknown.
      this.#ctx.log.error({ printer: h.config.id, attempt: attemptId, err: (error as Error).message }, 'driver threw during print');
      return { outcome: 'unknown', reasons: ['other'], detail: (error as Error).message };
    }
  }

  /** The job's NIK as the logs may carry it (masked); '?' when the database cannot say. */
  async #maskedNik(jobId: string): Promise<string> {
    const row = await this.#ctx.db.selectFrom('jobs').innerJoin('records', 'records.id', 'jobs.record_id').select('records.nik').where('jobs.id', '=', jobId).executeTakeFirst().catch(() => undefined);
    return row ? maskNik(row.nik) : '?';
  }

  #autoPause(h: PrinterHandle, reason: string): void {
    h.paused = true;
    h.pausedReason = reason;
    this.#options.onChange('lastEvent', `${h.config.name} paused: ${reason}`, { printer: h.config.id, reason });
  }

  #release(job: RenderedJob | null, h?: PrinterHandle): null {
    if (!job) return null;
    this.#claimed.delete(job.jobId);
    if (h) this.#releaseClaim(job.jobId, h);
    return null;
  }

  /** Gives a shared-queue claim back at once, so another printer need not wait for it to lapse. */
  #releaseClaim(jobId: string, h: PrinterHandle): void {
    if (this.#ctx.dialect !== 'postgres') return;
    void this.#ctx.db
      .updateTable('jobs')
      .set({ claimed_by: null, claimed_until: null })
      .where('id', '=', jobId)
      .where('claimed_by', '=', this.#claimKey(h))
      .execute()
      .catch(() => undefined);
  }

  async #loop(h: PrinterHandle): Promise<void> {
    const recheckMs = this.#options.idleRecheckMs ?? 5_000;
    let next: RenderedJob | null = null;
    while (this.#running) {
      try {
        if (!canTakeCard(h)) {
          next = this.#release(next, h);
          const blocking = describeBlocking(h.status);
          this.#setWaiting(h, !h.online ? 'printer offline' : h.paused ? (h.pausedReason ?? 'paused by an operator') : blocking ? `printer stopped: ${blocking}` : 'printer stopped');
          await this.#sleep(recheckMs);
          continue;
        }
        try {
          if (this.#unsure.size > 0) await this.#settleUnsure();
          next ??= await this.#prepare(h);
        } catch (error) {
          if (!isConnectionError(error)) throw error;
          await this.#waitForDatabase(h, error);
          continue;
        }
        if (!next) {
          this.#setWaiting(h, 'no card waiting');
          await this.#sleep(recheckMs);
          continue;
        }
        if (!next.ok) {
          await this.#hold(next);
          next = null;
          continue;
        }
        let began;
        const attemptId = newId('att');
        try {
          began = await beginAttempt(this.#ctx, { jobId: next.jobId, printerId: h.config.id, sides: 1, needsFilm: h.driver.capabilities.retransfer, attemptId });
          this.#options.onDatabase?.(true);
        } catch (error) {
          if (isConnectionError(error)) {
            // No card without a committed intent: nothing is sent; the attempt is checked once we reconnect.
            this.#unsure.set(attemptId, h.config.id);
            next = this.#release(next, h);
            await this.#waitForDatabase(h, error);
            continue;
          }
          if (!(error instanceof NotReadyError)) {
            this.#ctx.log.error({ printer: h.config.id, err: (error as Error).message }, 'could not start an attempt');
          }
          next = this.#release(next, h);
          this.#setWaiting(h, error instanceof NotReadyError ? error.message : `database: ${(error as Error).message.split('\n')[0]}`);
          await this.#sleep(recheckMs);
          continue;
        }
        if (!began) {
          this.#ctx.log.debug({ job: next.jobId, printer: h.config.id }, 'job no longer queued or taken by another printer');
          next = this.#release(next, h); // held, canceled or taken elsewhere meanwhile
          continue;
        }
        const job = next;
        next = null;
        h.current = { jobId: job.jobId, attemptId: began.attemptId };
        this.#setWaiting(h, null);
        this.#options.onChange('printers');
        this.#options.onChange('queue');
        const printing = this.#print(h, job, began.attemptId);
        // Render the next card while this one prints, so the printer never waits for us.
        // A database lost meanwhile shows at the next #prepare in the loop, so a failure here is just "nothing ready".
        const preparing = this.#running ? this.#prepare(h).catch(() => null) : Promise.resolve(null);
        const result = await printing;
        await this.#commitOutcome(h, began.attemptId, result);
        h.current = null;
        this.#claimed.delete(job.jobId);
        // A job back in the queue (not consumed) is free for any printer, not just this one.
        if (result.outcome !== 'printed') this.#releaseClaim(job.jobId, h);
        h.lastOutcome = { outcome: result.outcome, at: isoNow(this.#ctx.clock), ...(result.detail ? { detail: result.detail } : {}) };
        if (result.outcome === 'printed') this.#printers.countPrinted(h);
        this.#options.onChange('printers');
        this.#options.onChange('queue');
        this.#options.onChange('stock');
        const told = `${h.config.name} ${result.outcome === 'printed' ? 'printed a card' : `${result.outcome}${result.reasons.length ? ` (${result.reasons.join(', ')})` : ''}`}`;
        const fields = { printer: h.config.id, job: job.jobId, attempt: began.attemptId, outcome: result.outcome };
        // The NIK lookup must not hold this printer's loop (a database that stalls would stall printing).
        const note = this.#maskedNik(job.jobId).then((nik) => this.#options.onChange('lastEvent', told, { ...fields, nik }));
        this.#outcomeNotes.add(note);
        void note.finally(() => this.#outcomeNotes.delete(note));
        next = await preparing;
        if (result.outcome === 'printed') {
          h.failuresInARow = 0;
        } else {
          h.failuresInARow++;
          // A card in doubt is in or near the printer: a person must look before it takes another,
          // or the next card could be mistaken for it. Two failures in a row mean the printer,
          // not the card, is the problem: stop feeding it blanks until someone has looked.
          if (result.outcome === 'unknown') this.#autoPause(h, 'card in doubt on this printer: check it, resolve the card, then resume');
          else if (h.failuresInARow >= MAX_FAILURES_IN_A_ROW) this.#autoPause(h, `${h.failuresInARow} cards failed in a row (${result.detail ?? result.reasons.join(', ')}): check the printer, then resume`);
          await this.#printers.refresh(h.config.id);
        }
      } catch (error) {
        // One printer's loop must never end on a surprise (a busy database past its retries, a bug):
        // that would stop its cards for the day. Say what happened and look again shortly.
        this.#ctx.log.error({ printer: h.config.id, err: (error as Error).message?.split('\n')[0] }, 'dispatcher step failed');
        next = this.#release(next, h);
        this.#setWaiting(h, `station error: ${(error as Error).message?.split('\n')[0] ?? 'unknown'}`);
        await this.#sleep(recheckMs);
      }
    }
    this.#release(next, h);
  }
}
