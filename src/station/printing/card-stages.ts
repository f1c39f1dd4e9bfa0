import type { PrintResult, SidePanels } from '../../../hardware/types.js';
import { isConnectionError, writeTransaction } from '../../../db/index.js';
import { afterCard } from '../../domain/pause-policy.js';
import { backoffDelayMs } from '../../../hardware/backoff.js';
import { isoNow } from '../clock.js';
import type { StationContext } from '../context.js';
import { newId } from '../ids.js';
import { ENCODE_FAILED, spoilCategoryOf, spoilReason } from '../../domain/spoil-categories.js';
import { beginAttempt, bindChip, chipBinding, finishAttempt, NotReadyError } from '../jobs/attempts.js';
import { renderJob } from '../jobs/job-card.js';
import { takeNextQueuedJob } from '../jobs/job-queue.js';
import { transitionJob } from '../jobs/job-transition.js';
import type { CardLayout } from '../render/index.js';
import type { ChipEncoder } from './chip-encoder.js';
import type { PrinterHandle } from './printer-handle.js';

/**
 * One card's way through the station, as a table of stages. The `ahead` stages pick and make the
 * next card while the printer is still busy with the one before; the `card` stages take it from a
 * committed attempt to a recorded outcome. A stage either hands the card on (`next`) or says what
 * became of it; the printer loop (printer-loop.ts) only reads these answers.
 */

/** A card moving through the stages: each stage fills in what it made. */
export class Card {
  #jobId: string | null = null;
  front?: SidePanels;
  attemptId?: string;
  /** The chip UID bound to the attempt, once encoded. */
  chipUid?: string;
  /** Set by print, or earlier by encode when the card ends before its face is printed. */
  result?: PrintResult;

  get hasJob(): boolean {
    return this.#jobId !== null;
  }
  get jobId(): string {
    if (this.#jobId === null) throw new Error('a card has no job before the claim stage');
    return this.#jobId;
  }
  claim(jobId: string): void {
    this.#jobId = jobId;
  }
}

export type StageStep =
  /** Hand the card to the next stage. */
  | { readonly kind: 'next' }
  /** The card leaves this printer (held, taken elsewhere): look for the next job at once. */
  | { readonly kind: 'drop' }
  /** The card leaves this printer, which waits with the reason in words and then looks again. */
  | { readonly kind: 'wait'; readonly reason: string }
  /** The database could not be reached: nothing is sent; the printer waits for it. */
  | { readonly kind: 'database-lost'; readonly error: unknown };

/** What the stages may use and tell; one per printer, made by the dispatcher. */
export interface StageEnv {
  readonly ctx: StationContext;
  readonly printer: PrinterHandle;
  readonly layout: CardLayout;
  /** The chip encoder bound to this printer, or null: cards are then printed without a chip. */
  readonly encoder: ChipEncoder | null;
  /** How long the operator has to take an encoded card from the desk encoder to the printer. */
  readonly deskHandoverMs: number;
  /** Jobs one of our printers has picked or is printing: no other printer of ours takes them. */
  readonly claimed: Set<string>;
  /**
   * Attempts whose begin was sent when the connection broke: the commit may or may not have
   * happened, but certainly no byte went to a printer. The dispatcher settles them on reconnect.
   */
  readonly unsure: Map<string, string>;
  /** How long to keep retrying an outcome the database will not take (disk full, busy). */
  readonly commitRetryMs: number;
  /** False once the station is stopping: an outcome still refused then is left for recovery. */
  readonly running: () => boolean;
  /** Told when jobs, stock or a printer changed; `text` and `fields` make the event's log line. */
  readonly onChange: (part: 'queue' | 'printers' | 'stock' | 'lastEvent', text?: string, fields?: Readonly<Record<string, string>>) => void;
  /** Tells a card's outcome (status line and log, with the job's masked NIK) without holding the loop. */
  readonly noteOutcome: (text: string, jobId: string, fields: Readonly<Record<string, string>>) => void;
  readonly onDatabase: (reachable: boolean) => void;
  readonly countPrinted: (h: PrinterHandle) => void;
  readonly refreshPrinter: (h: PrinterHandle) => Promise<void>;
}

export interface Stage {
  readonly name: string;
  readonly phase: 'ahead' | 'card';
  /** What the stage makes, and how it can fail (the same words as docs/architecture.md). */
  readonly gives: string;
  readonly fails: string;
  readonly run: (env: StageEnv, card: Card) => Promise<StageStep>;
}

const NEXT: StageStep = { kind: 'next' };

/** The waiting reason of a printer with nothing queued for it. */
export const NOTHING_WAITING = 'no card waiting';

/** The job waiting longest at the highest priority that no other printer of ours holds. */
async function claim(env: StageEnv, card: Card): Promise<StageStep> {
  let jobId;
  try {
    jobId = await takeNextQueuedJob(env.ctx, env.printer.config.id, env.claimed);
  } catch (error) {
    if (isConnectionError(error)) return { kind: 'database-lost', error };
    throw error;
  }
  env.onDatabase(true);
  if (!jobId) return { kind: 'wait', reason: NOTHING_WAITING };
  env.claimed.add(jobId);
  card.claim(jobId);
  return NEXT;
}

async function render(env: StageEnv, card: Card): Promise<StageStep> {
  const { ctx, printer: h } = env;
  let rendered;
  try {
    rendered = await renderJob(ctx, card.jobId, env.layout);
  } catch (error) {
    if (isConnectionError(error)) return { kind: 'database-lost', error };
    ctx.log.error({ job: card.jobId, printer: h.config.id, err: (error as Error).message }, 'rendering failed');
    return { kind: 'wait', reason: 'could not make the next card: see the station log' };
  }
  if (!rendered.ok) {
    await holdJob(env, card.jobId, rendered.holdReason);
    return { kind: 'drop' };
  }
  card.front = rendered.front;
  // Encode for the wire now too, while the printer is busy with the card before.
  h.driver.prepare?.({ id: card.jobId, front: rendered.front });
  return NEXT;
}

async function holdJob(env: StageEnv, jobId: string, reason: string): Promise<void> {
  try {
    await writeTransaction(env.ctx.db, (trx) => transitionJob(trx, 'system:dispatcher', isoNow(env.ctx.clock), jobId, 'hold', { reason, expect: 'queued' }));
    env.onChange('queue', `job ${jobId} held: ${reason}`);
  } catch (error) {
    env.ctx.log.warn({ job: jobId, err: (error as Error).message }, 'could not hold job');
  }
}

async function commit(env: StageEnv, card: Card): Promise<StageStep> {
  const { ctx, printer: h } = env;
  const attemptId = newId('att');
  let began;
  try {
    began = await beginAttempt(ctx, { jobId: card.jobId, printerId: h.config.id, sides: 1, needsFilm: h.driver.capabilities.retransfer, attemptId, encodeFirst: env.encoder !== null });
    env.onDatabase(true);
  } catch (error) {
    if (isConnectionError(error)) {
      env.unsure.set(attemptId, h.config.id);
      return { kind: 'database-lost', error };
    }
    if (error instanceof NotReadyError) return { kind: 'wait', reason: error.message };
    ctx.log.error({ printer: h.config.id, err: (error as Error).message }, 'could not start an attempt');
    return { kind: 'wait', reason: `database: ${(error as Error).message.split('\n')[0]}` };
  }
  if (!began) {
    // Held, canceled or taken by another printer meanwhile.
    ctx.log.debug({ job: card.jobId, printer: h.config.id }, 'job no longer queued or taken by another printer');
    return { kind: 'drop' };
  }
  card.attemptId = began.attemptId;
  h.current = { jobId: card.jobId, attemptId: began.attemptId };
  h.waitingReason = null;
  env.onChange('printers');
  env.onChange('queue');
  return NEXT;
}

/**
 * Writes the chip and binds its UID to the attempt, reserving film and ribbon only then. The
 * card's result is set here when it ends without a face: not written (blank back in stock),
 * gagal encode (spoiled, no film or ribbon used) or unknown (in doubt).
 */
async function encodeChip(env: StageEnv, card: Card, encoder: ChipEncoder): Promise<boolean> {
  const { ctx, printer: h } = env;
  h.encoderActivity = encoder.at === 'desk' ? `place a blank on the encoder for ${h.config.name}` : 'encoding the chip';
  env.onChange('printers');
  let encoded;
  try {
    encoded = await encoder.encode({
      jobRef: card.jobId,
      refuseUid: async (uid) => {
        const bound = await chipBinding(ctx, uid);
        return bound ? `the card with chip ${uid} is already bound to job ${bound.jobId}` : null;
      },
    });
  } catch (error) {
    // Encoders resolve every card or reader problem to a result; a throw here is a bug.
    encoded = { kind: 'unknown', reason: (error as Error).message, uid: null } as const;
  } finally {
    h.encoderActivity = null;
  }
  ctx.log.info({ printer: h.config.id, attempt: card.attemptId, chip: encoded.uid ?? undefined, result: encoded.kind }, 'chip encode');
  if (encoded.kind === 'encoded') {
    try {
      await bindChip(ctx, { attemptId: card.attemptId!, uid: encoded.uid, needsFilm: h.driver.capabilities.retransfer });
      card.chipUid = encoded.uid;
      return true;
    } catch (error) {
      // Written for this job but not bound (used elsewhere meanwhile, film gone): a person must look.
      card.result = { outcome: 'unknown', reasons: ['other'], detail: `chip ${encoded.uid} written but not bound: ${(error as Error).message}` };
      return false;
    }
  }
  if (encoded.kind === 'not-written') {
    card.result = { outcome: 'not-consumed', reasons: ['other'], detail: encoded.reason };
    if (encoder.at === 'desk' && encoded.uid !== null) {
      // A card that must not be written (already someone's) lies on the encoder: it has to go before the next try.
      h.encoderActivity = `take the card off the encoder: ${encoded.reason}`;
      env.onChange('printers');
      await encoder.waitForRemoval(env.deskHandoverMs);
      h.encoderActivity = null;
    }
  }
  else if (encoded.kind === 'failed') card.result = { outcome: 'spoiled', reasons: [spoilReason(ENCODE_FAILED, encoded.reason)], detail: encoded.reason };
  else card.result = { outcome: 'unknown', reasons: ['other'], detail: `chip encoding: ${encoded.reason}` };
  return false;
}

/** A desk encoder: the chip first, then the operator carries that card to the printer. */
async function encode(env: StageEnv, card: Card): Promise<StageStep> {
  const encoder = env.encoder;
  if (!encoder || encoder.at !== 'desk') return NEXT;
  if (!(await encodeChip(env, card, encoder))) return NEXT;
  const h = env.printer;
  h.encoderActivity = `put the encoded card in ${h.config.name}'s feeder`;
  env.onChange('printers');
  const moved = await encoder.waitForRemoval(env.deskHandoverMs);
  h.encoderActivity = null;
  if (!moved) {
    // The chip is written for this job and bound: the card must reach the printer, or a person decides.
    card.result = { outcome: 'unknown', reasons: ['other'], detail: `the encoded card (chip ${card.chipUid}) was not taken to the printer` };
  }
  return NEXT;
}

async function print(env: StageEnv, card: Card): Promise<StageStep> {
  const { ctx, printer: h } = env;
  if (card.result) return NEXT; // ended at the encoder: no face for a chip not proven written
  const encoder = env.encoder;
  try {
    const printed = await h.driver.print({
      id: card.attemptId!,
      front: card.front!,
      // In the printer: the driver moves the card to the contactless station and asks for the chip there.
      ...(encoder?.at === 'printer' ? { encodeChip: () => encodeChip(env, card, encoder) } : {}),
    });
    // A card the driver ended at the contactless station ends as the encoder said (set by encodeChip).
    card.result ??= printed;
  } catch (error) {
    // Drivers resolve every printer or link problem to an outcome; a throw here is a bug, and
    // since bytes may have gone out, the only safe outcome is unknown.
    ctx.log.error({ printer: h.config.id, attempt: card.attemptId, err: (error as Error).message }, 'driver threw during print');
    card.result = { outcome: 'unknown', reasons: ['other'], detail: (error as Error).message };
  }
  return NEXT;
}

/**
 * Writes the outcome, retrying while the database refuses: the card is on the printer's side
 * already. False when it could not be written (someone else changed the attempt, or the database
 * refused for too long).
 */
async function recordOutcome(env: StageEnv, attemptId: string, result: PrintResult): Promise<boolean> {
  const { ctx, printer: h } = env;
  const deadline = ctx.clock.now().getTime() + env.commitRetryMs;
  for (let failures = 1; ; failures++) {
    try {
      await finishAttempt(ctx, { attemptId, outcome: result.outcome, reasons: result.reasons });
      return true;
    } catch (error) {
      const text = `could not record that attempt ${attemptId} ended ${result.outcome}: ${(error as Error).message.split('\n')[0]}`;
      h.lastError = { at: isoNow(ctx.clock), text };
      ctx.log.error({ printer: h.config.id, attempt: attemptId, outcome: result.outcome }, text);
      env.onChange('printers');
      // Stopping with the outcome unwritten: at the next start recovery puts the card in doubt,
      // and the log line above says what the printer answered.
      if (!env.running() || ctx.clock.now().getTime() > deadline || (error as { code?: string }).code === 'attempt-state-changed') return false;
      await ctx.clock.sleep(backoffDelayMs(failures, { firstMs: 250, maxMs: 10_000 }));
    }
  }
}

async function settle(env: StageEnv, card: Card): Promise<StageStep> {
  const { ctx, printer: h } = env;
  const result = card.result!;
  const recorded = await recordOutcome(env, card.attemptId!, result);
  h.current = null;
  h.lastOutcome = { outcome: result.outcome, at: isoNow(ctx.clock), ...(result.detail ? { detail: result.detail } : {}) };
  if (result.outcome === 'printed') env.countPrinted(h);
  // A blank spoiled at a desk encoder never went through the printer.
  if (result.outcome === 'printed' || (result.outcome === 'spoiled' && !(env.encoder?.at === 'desk' && spoilCategoryOf(result.reasons[0] ?? null) === ENCODE_FAILED))) h.cardsSinceCleaning += 1;
  env.onChange('printers');
  env.onChange('queue');
  env.onChange('stock');
  const told = `${h.config.name} ${result.outcome === 'printed' ? 'printed a card' : `${result.outcome}${result.reasons.length ? ` (${result.reasons.join(', ')})` : ''}`}`;
  env.noteOutcome(told, card.jobId, { printer: h.config.id, job: card.jobId, attempt: card.attemptId!, outcome: result.outcome, ...(card.chipUid ? { chip: card.chipUid } : {}) });
  const next = afterCard(h.failuresInARow, { ...result, recorded });
  h.failuresInARow = next.failuresInARow;
  if (next.pause) pausePrinter(env, next.pause);
  if (result.outcome !== 'printed') await env.refreshPrinter(h);
  return NEXT;
}

/** The dispatcher stops feeding this printer until a person resumes it. */
export function pausePrinter(env: Pick<StageEnv, 'printer' | 'onChange'>, reason: string): void {
  env.printer.paused = true;
  env.printer.pausedReason = reason;
  env.onChange('lastEvent', `${env.printer.config.name} paused: ${reason}`, { printer: env.printer.config.id, reason });
}

/** The stages in order. A new stage (the chip's encode, between commit and print) is one more row. */
export const CARD_STAGES: readonly Stage[] = [
  { name: 'claim', phase: 'ahead', run: claim, gives: 'a queued job, claimed for this printer', fails: 'nothing queued: the printer waits; database lost: it waits for the database' },
  { name: 'render', phase: 'ahead', run: render, gives: "the card's panels, encoded for the wire", fails: 'record cannot be printed: the job is held with the reason' },
  { name: 'commit', phase: 'card', run: commit, gives: 'a committed attempt: job, blank, film and ribbon images reserved', fails: 'no film, ribbon or blanks: the printer waits with the reason; job taken elsewhere: the next job; database lost: the attempt is checked on reconnect' },
  { name: 'encode', phase: 'card', run: encode, gives: 'the chip written for this job and its UID bound to the attempt (desk encoder; an encoder in the printer works inside print)', fails: 'no card or a used card: blank back in stock; not proven written: spoiled as gagal encode, no film or ribbon used; reader lost mid-write: in doubt' },
  { name: 'print', phase: 'card', run: print, gives: "the printer's outcome", fails: 'never throws: every printer or link problem is an outcome (unknown when bytes may have gone out)' },
  { name: 'settle', phase: 'card', run: settle, gives: 'outcome, consumption and job state committed; the pause policy applied', fails: 'outcome not recordable: retried with backoff, then the printer pauses' },
];

/** The next card's `ahead` stages start once this stage of the current card is done. */
export const AHEAD_STARTS_AFTER = 'commit';
