import { isConnectionError } from '../../../db/index.js';
import { releaseClaim } from '../jobs/job-queue.js';
import { AHEAD_STARTS_AFTER, Card, CARD_STAGES, NOTHING_WAITING, type StageEnv, type StageStep } from './card-stages.js';
import { StationError } from '../station-error.js';
import { runPrinterTask } from './printer-tasks.js';
import { canTakeCard, describeBlocking, type PrinterHandle } from './printer-handle.js';

/** The waiting reason a printer shows while the database cannot be reached. */
export const DATABASE_UNREACHABLE = 'database unreachable';

const AHEAD = CARD_STAGES.filter((s) => s.phase === 'ahead');
const ON_CARD = CARD_STAGES.filter((s) => s.phase === 'card');

/** Held jobs in a row after which the ahead stages give the loop a rest instead of spinning. */
const MAX_DROPS_AHEAD = 8;

export interface LoopTiming {
  /** How long a printer that cannot work waits before looking again without being nudged. */
  readonly idleRecheckMs: number;
  /** How often a printer waiting for an unreachable database looks again. */
  readonly databaseRecheckMs: number;
}

export interface LoopHooks {
  readonly running: () => boolean;
  /** Waits up to `ms`; a nudge (a job queued, a roll loaded, a printer back) ends it early. */
  readonly wait: (ms: number) => Promise<void>;
  /** Settles attempts a broken connection may have committed (see StageEnv.unsure). */
  readonly settleUnsure: () => Promise<void>;
}

/** Why a printer takes no card, in words for the queue screen. */
function blockedReason(h: PrinterHandle): string {
  if (h.encoderProblem) return `chip encoder: ${h.encoderProblem}`;
  if (!h.online) return 'printer offline';
  if (h.paused) return h.pausedReason ?? 'paused by an operator';
  const blocking = describeBlocking(h.status);
  return blocking ? `printer stopped: ${blocking}` : 'printer stopped';
}

/**
 * Drives one printer: runs the stages of CARD_STAGES for each card, with the next card's ahead
 * stages running while this card's later stages do, so the printer never waits for rendering.
 * It holds no rule of its own beyond the order: what each answer means is in the stages.
 */
export class PrinterLoop {
  readonly #env: StageEnv;
  readonly #hooks: LoopHooks;
  readonly #timing: LoopTiming;

  constructor(env: StageEnv, hooks: LoopHooks, timing: LoopTiming) {
    this.#env = env;
    this.#hooks = hooks;
    this.#timing = timing;
  }

  get #printer(): PrinterHandle {
    return this.#env.printer;
  }

  async run(): Promise<void> {
    const h = this.#printer;
    let ahead: Card | null = null;
    while (this.#hooks.running()) {
      try {
        // An operator's test card or cleaning goes between two cards, even on a paused printer.
        if (h.task) {
          ahead = this.#release(ahead);
          await runPrinterTask(this.#env, h.task);
          continue;
        }
        if (!canTakeCard(h)) {
          ahead = this.#release(ahead);
          await this.#pause(blockedReason(h));
          continue;
        }
        if (this.#env.unsure.size > 0) {
          try {
            await this.#hooks.settleUnsure();
          } catch (error) {
            if (!isConnectionError(error)) throw error;
            await this.#waitForDatabase(error);
            continue;
          }
        }
        if (!ahead) {
          const made = await this.#runAhead();
          if (!(made instanceof Card)) {
            await this.#obey(made);
            continue;
          }
          ahead = made;
        }
        const card = ahead;
        ahead = null;
        const { step, preparing } = await this.#runCard(card);
        ahead = await preparing;
        await this.#obey(step);
      } catch (error) {
        // One printer's loop must never end on a surprise (a busy database past its retries, a bug):
        // that would stop its cards for the day. Say what happened and look again shortly.
        const text = (error as Error).message?.split('\n')[0] ?? 'unknown';
        this.#env.ctx.log.error({ printer: h.config.id, err: text }, 'dispatcher step failed');
        ahead = this.#release(ahead);
        await this.#pause(`station error: ${text}`);
      }
    }
    this.#release(ahead);
    h.task?.started.reject(new StationError('station-stopping', `the station is stopping: ${h.config.name} takes no test card or cleaning now`));
    h.task = null;
  }

  /** The ahead stages for the next job; a held job is skipped for the one after it. */
  async #runAhead(): Promise<Card | StageStep> {
    for (let drops = 0; drops < MAX_DROPS_AHEAD; drops++) {
      const card = new Card();
      const step = await this.#runStages(AHEAD, card);
      if (step.kind === 'next') return card;
      this.#release(card);
      if (step.kind !== 'drop') return step;
    }
    return { kind: 'wait', reason: NOTHING_WAITING };
  }

  /** The card stages for a committed card, starting the next card's ahead stages on the way. */
  async #runCard(card: Card): Promise<{ step: StageStep; preparing: Promise<Card | null> }> {
    let preparing: Promise<Card | null> = Promise.resolve(null);
    for (const stage of ON_CARD) {
      const step = await stage.run(this.#env, card);
      if (step.kind !== 'next') {
        this.#release(card);
        return { step, preparing };
      }
      if (stage.name === AHEAD_STARTS_AFTER && this.#hooks.running()) {
        // A database lost meanwhile shows at the next ahead run of the loop: here it is just "nothing ready".
        preparing = this.#runAhead().then((made) => (made instanceof Card ? made : null), () => null);
      }
    }
    this.#env.claimed.delete(card.jobId);
    // A job back in the queue (not consumed) is free for any printer, not just this one.
    if (card.result?.outcome !== 'printed') this.#releaseClaim(card.jobId);
    return { step: { kind: 'next' }, preparing };
  }

  async #runStages(stages: typeof CARD_STAGES, card: Card): Promise<StageStep> {
    for (const stage of stages) {
      const step = await stage.run(this.#env, card);
      if (step.kind !== 'next') return step;
    }
    return { kind: 'next' };
  }

  /** Does what a stage's answer asks of the printer. */
  async #obey(step: StageStep): Promise<void> {
    if (step.kind === 'wait') await this.#pause(step.reason);
    else if (step.kind === 'database-lost') await this.#waitForDatabase(step.error);
  }

  async #pause(reason: string): Promise<void> {
    this.#setWaiting(reason);
    await this.#hooks.wait(this.#timing.idleRecheckMs);
  }

  async #waitForDatabase(error: unknown): Promise<void> {
    this.#env.ctx.log.warn({ printer: this.#printer.config.id, err: (error as Error).message?.split('\n')[0] }, 'database unreachable');
    this.#env.onDatabase(false);
    this.#setWaiting(DATABASE_UNREACHABLE);
    await this.#hooks.wait(this.#timing.databaseRecheckMs);
  }

  #setWaiting(reason: string | null): void {
    if (this.#printer.waitingReason === reason) return;
    this.#printer.waitingReason = reason;
    this.#env.onChange('printers');
  }

  /** The card leaves this printer before its attempt: its job is free again. */
  #release(card: Card | null): null {
    if (!card?.hasJob) return null;
    this.#env.claimed.delete(card.jobId);
    this.#releaseClaim(card.jobId);
    return null;
  }

  #releaseClaim(jobId: string): void {
    void releaseClaim(this.#env.ctx, jobId, this.#printer.config.id).catch(() => undefined);
  }
}
