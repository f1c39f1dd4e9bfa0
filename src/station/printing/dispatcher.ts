import { maskNik } from '../../domain/masking.js';
import { attemptState, finishAttempt } from '../jobs/attempts.js';
import { jobHolders } from '../jobs/job-queue.js';
import type { StationContext } from '../context.js';
import type { CardLayout } from '../render/index.js';
import { pausePrinter, type StageEnv } from './card-stages.js';
import { PrinterLoop } from './printer-loop.js';
import type { PrinterManager } from './printer-manager.js';

export { DATABASE_UNREACHABLE } from './printer-loop.js';

export interface DispatcherOptions {
  readonly layout: CardLayout;
  /** Told when jobs, stock or a printer changed because of dispatching. */
  readonly onChange: StageEnv['onChange'];
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
  /** How long the operator has to carry an encoded card from a desk encoder to its printer. Default 120 s. */
  readonly deskHandoverMs?: number;
}

/**
 * Keeps every printer busy: one PrinterLoop per printer takes queued jobs in priority order (then
 * age) through the card stages (card-stages.ts). Nothing is ever reprinted by itself: an unknown
 * outcome leaves the card in doubt for a person.
 */
export class Dispatcher {
  readonly #ctx: StationContext;
  readonly #printers: PrinterManager;
  readonly #options: DispatcherOptions;
  readonly #claimed = new Set<string>();
  readonly #unsure = new Map<string, string>();
  readonly #nudges = new Set<AbortController>();
  /** Outcome log lines still looking up their masked NIK: written before the database closes. */
  readonly #outcomeNotes = new Set<Promise<void>>();
  readonly #loops: Promise<void>[] = [];
  #running = false;

  constructor(ctx: StationContext, printers: PrinterManager, options: DispatcherOptions) {
    this.#ctx = ctx;
    this.#printers = printers;
    this.#options = Object.freeze({ ...options });
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    const hooks = { running: () => this.#running, wait: (ms: number) => this.#wait(ms), settleUnsure: () => this.#settleUnsure() };
    const timing = { idleRecheckMs: this.#options.idleRecheckMs ?? 5_000, databaseRecheckMs: this.#options.databaseRecheckMs ?? 1_000 };
    for (const h of this.#printers.handles) {
      const env: StageEnv = {
        ctx: this.#ctx,
        printer: h,
        layout: this.#options.layout,
        encoder: h.encoder,
        deskHandoverMs: this.#options.deskHandoverMs ?? 120_000,
        claimed: this.#claimed,
        unsure: this.#unsure,
        commitRetryMs: this.#options.commitRetryMs ?? 24 * 3600_000,
        running: () => this.#running,
        onChange: this.#options.onChange,
        noteOutcome: (text, jobId, fields) => this.#noteOutcome(text, jobId, fields),
        onDatabase: (reachable) => this.#options.onDatabase?.(reachable),
        countPrinted: (printer) => this.#printers.countPrinted(printer),
        refreshPrinter: (printer) => this.#printers.refresh(printer.config.id),
      };
      this.#loops.push(
        new PrinterLoop(env, hooks, timing).run().catch((error: unknown) => {
          // Not expected (the loop catches each step); if it happens the printer stops taking cards, visibly.
          this.#ctx.log.fatal({ printer: h.config.id, err: (error as Error).message }, 'dispatcher loop ended');
          pausePrinter(env, 'the station stopped dispatching to this printer after an internal error: restart the station');
        }),
      );
    }
  }

  /** Something changed (a job queued, a roll loaded, a printer came back): look again now. */
  nudge(): void {
    for (const nudge of this.#nudges) nudge.abort();
    this.#nudges.clear();
  }

  /** Stops taking new cards and waits for the cards on the printers to finish. */
  async stop(): Promise<void> {
    this.#running = false;
    this.nudge();
    await Promise.allSettled(this.#loops);
    await Promise.allSettled(this.#outcomeNotes);
  }

  /** The NIK lookup must not hold the printer's loop: a database that stalls would stall printing. */
  #noteOutcome(text: string, jobId: string, fields: Readonly<Record<string, string>>): void {
    const note = jobHolders(this.#ctx, [jobId])
      .then(([holder]) => (holder ? maskNik(holder.nik) : '?'), () => '?')
      .then((nik) => this.#options.onChange('lastEvent', text, { ...fields, nik }));
    this.#outcomeNotes.add(note);
    void note.finally(() => this.#outcomeNotes.delete(note));
  }

  async #wait(ms: number): Promise<void> {
    const nudge = new AbortController();
    this.#nudges.add(nudge);
    await this.#ctx.clock.sleep(ms, nudge.signal);
    this.#nudges.delete(nudge);
  }

  /** Finishes as not-consumed the attempts a broken connection may have committed: nothing was sent for them. */
  async #settleUnsure(): Promise<void> {
    for (const [attemptId, printerId] of [...this.#unsure]) {
      if ((await attemptState(this.#ctx, attemptId)) === 'printing') {
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
}
