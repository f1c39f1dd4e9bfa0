import { sql } from 'kysely';
import { writeTransaction } from '../../../db/transaction.js';
import { attemptSettlement, RESOLUTION_STATE, type AttemptState, type Resolution } from '../../domain/job-states.js';
import type { PrintOutcomeKind } from '../../../hardware/types.js';
import { isoNow } from '../clock.js';
import type { Actor, StationContext, Trx } from '../context.js';
import { appendAudit } from '../audit/audit-log.js';
import { diskFullReason } from '../disk-space.js';
import { newId } from '../ids.js';
import { transitionJob } from './job-transition.js';
import { StationError } from '../station-error.js';
import { balanceOf, recordMovement } from '../stock/stock-ledger.js';

/**
 * The exactly-once core. An attempt is committed as `printing`, with the blank and the images it
 * takes, before a single byte goes to the printer; its outcome, the consumption and the audit rows
 * are one transaction after the printer answers. No printer I/O ever happens in here.
 */

export interface BeganAttempt {
  readonly attemptId: string;
  readonly jobId: string;
  readonly filmRollId: string | null;
  readonly ribbonRollId: string | null;
}

/** Why a job cannot start on a printer right now, in words for the queue screen. */
export class NotReadyError extends StationError {}

async function loadedRoll(trx: Trx, printerId: string, kind: 'film' | 'ribbon') {
  return trx
    .selectFrom('rolls')
    .select(['id', 'type_id'])
    .where('printer_id', '=', printerId)
    .where('kind', '=', kind)
    .where('state', '=', 'loaded')
    .executeTakeFirst();
}

/** The loaded roll of `kind` with images for `sides`, or NotReadyError saying what is missing (test cards use it too). */
export async function usableRoll(trx: Trx, printer: { id: string; family: string; name: string }, kind: 'film' | 'ribbon', sides: number) {
  const roll = await loadedRoll(trx, printer.id, kind);
  if (!roll) throw new NotReadyError('no-roll-loaded', `no ${kind} loaded for ${printer.family} on ${printer.name}`, { kind, printer: printer.id });
  const remaining = await balanceOf(trx, 'images', roll.id, 'remaining');
  if (remaining < sides) {
    throw new NotReadyError('roll-empty', `${kind} for ${printer.family} on ${printer.name} is used up (${remaining} images left)`, { kind, printer: printer.id });
  }
  return roll;
}

/**
 * Takes a queued job onto a printer: job → printing, a blank → printing, film and ribbon images
 * reserved, attempt row written, all in one transaction. Throws NotReadyError (nothing written)
 * when the printer lacks a consumable or no blank is left; returns null when the job is not
 * queued or another dispatcher (of this or another station) took it first, on both engines.
 *
 * On PostgreSQL the job row is taken with `SELECT … FOR UPDATE SKIP LOCKED`: a job another
 * station is taking right now is skipped (null) instead of waited for, and the unique index on
 * live attempts backs it up. `attemptId` may be chosen by the caller, so that after a lost
 * connection it can ask whether the attempt was committed.
 */
export async function beginAttempt(
  ctx: StationContext,
  input: {
    jobId: string;
    printerId: string;
    sides: 1 | 2;
    needsFilm: boolean;
    actor?: Actor;
    attemptId?: string;
    /**
     * The blank's chip is encoded first: film and ribbon are checked but not reserved yet, so a
     * blank that fails encoding uses none (bindChip reserves them once the chip is written).
     */
    encodeFirst?: boolean;
  },
): Promise<BeganAttempt | null> {
  // Checked before the transaction: on a full disk the outcome of a card begun now could not be written.
  const diskFull = diskFullReason(ctx);
  if (diskFull) throw new NotReadyError('disk-full', `${diskFull}: no new card until there is room`);
  const actor = input.actor ?? 'system:dispatcher';
  try {
    return await writeTransaction(ctx.db, async (trx) => {
      const job = await lockQueuedJob(ctx, trx, input.jobId);
      if (!job) return null;
      const printer = await trx.selectFrom('printers').select(['id', 'family', 'name']).where('id', '=', input.printerId).executeTakeFirst();
      if (!printer) throw new StationError('printer-unknown', `no printer "${input.printerId}"`);
      const at = isoNow(ctx.clock);
      const attemptId = input.attemptId ?? newId('att');
      if ((await balanceOf(trx, 'blank', '', 'in-stock')) < 1) {
        throw new NotReadyError('no-blanks', 'no blank cards left in stock');
      }
      const film = input.needsFilm ? await usableRoll(trx, printer, 'film', input.sides) : null;
      const ribbon = await usableRoll(trx, printer, 'ribbon', input.sides);
      await transitionJob(trx, actor, at, input.jobId, 'dispatch', { expect: 'queued' });
      const reserve = !input.encodeFirst;
      // The attempt row first: the movements below reference it.
      await trx
        .insertInto('attempts')
        .values({ id: attemptId, job_id: input.jobId, printer_id: printer.id, station_id: ctx.stationId, state: 'printing', sides: input.sides, film_roll_id: reserve ? (film?.id ?? null) : null, ribbon_roll_id: reserve ? ribbon.id : null, started_at: at, finished_at: null, reason: null, resolved_by: null })
        .execute();
      await recordMovement(trx, actor, at, 'print.take-blank', { item: 'blank', from: 'in-stock', to: 'printing', quantity: 1, attemptId, printerId: printer.id });
      if (!reserve) return { attemptId, jobId: input.jobId, filmRollId: null, ribbonRollId: null };
      await reserveImages(trx, actor, at, attemptId, printer.id, input.sides, [film, ribbon]);
      return { attemptId, jobId: input.jobId, filmRollId: film?.id ?? null, ribbonRollId: ribbon.id };
    });
  } catch (error) {
    if (lostRace(error)) return null;
    throw error;
  }
}

async function reserveImages(trx: Trx, actor: Actor, at: string, attemptId: string, printerId: string, sides: number, rolls: readonly ({ id: string; type_id: string } | null)[]): Promise<void> {
  for (const roll of rolls) {
    if (!roll) continue;
    await recordMovement(trx, actor, at, 'print.reserve-images', { item: 'images', from: 'remaining', to: 'in-use', quantity: sides, rollId: roll.id, typeId: roll.type_id, attemptId, printerId });
  }
}

/** Which attempt, and so which job, a chip UID is bound to, if any. */
export async function chipBinding(ctx: StationContext, uid: string): Promise<{ attemptId: string; jobId: string } | null> {
  const row = await ctx.db.selectFrom('attempts').select(['id', 'job_id']).where('chip_uid', '=', uid).executeTakeFirst();
  return row ? { attemptId: row.id, jobId: row.job_id } : null;
}

/**
 * The chip is written and its UID read back: binds the UID to the attempt (for ever: a UID is one
 * physical blank) and only now reserves the film and ribbon images for the face. Refuses a UID
 * already bound to an attempt (`chip-uid-used`) and a printer that lost its film or ribbon
 * meanwhile (NotReadyError); nothing is written then.
 */
export async function bindChip(ctx: StationContext, input: { attemptId: string; uid: string; needsFilm: boolean; actor?: Actor }): Promise<void> {
  const actor = input.actor ?? 'system:dispatcher';
  try {
    await writeTransaction(ctx.db, async (trx) => {
      const attempt = await requireAttempt(trx, input.attemptId);
      if (attempt.state !== 'printing' || attempt.chip_uid !== null) {
        throw new StationError('attempt-state-changed', `attempt ${attempt.id} is ${attempt.state}${attempt.chip_uid ? ' and has its chip already' : ''}`, { attempt: attempt.id });
      }
      const used = await trx.selectFrom('attempts').select(['job_id']).where('chip_uid', '=', input.uid).executeTakeFirst();
      if (used) throw chipUsed(input.uid, used.job_id);
      const printer = await trx.selectFrom('printers').select(['id', 'family', 'name']).where('id', '=', attempt.printer_id).executeTakeFirstOrThrow();
      const film = input.needsFilm ? await usableRoll(trx, printer, 'film', attempt.sides) : null;
      const ribbon = await usableRoll(trx, printer, 'ribbon', attempt.sides);
      const at = isoNow(ctx.clock);
      await trx.updateTable('attempts').set({ chip_uid: input.uid, film_roll_id: film?.id ?? null, ribbon_roll_id: ribbon.id }).where('id', '=', attempt.id).execute();
      await reserveImages(trx, actor, at, attempt.id, printer.id, attempt.sides, [film, ribbon]);
      await appendAudit(trx, { actor, at, action: 'chip.bind', entityKind: 'attempt', entityId: attempt.id, details: { uid: input.uid, job: attempt.job_id } });
    });
  } catch (error) {
    // Two stations binding the same UID at once: the unique index decides.
    if (isUniqueViolation(error, 'chip_uid')) throw chipUsed(input.uid, null);
    throw error;
  }
}

function chipUsed(uid: string, jobId: string | null): StationError {
  return new StationError('chip-uid-used', `the card with chip ${uid} is already bound to ${jobId ? `job ${jobId}` : 'another job'}: place a new blank`, { uid, ...(jobId ? { job: jobId } : {}) });
}

function isUniqueViolation(error: unknown, column: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e?.code === '23505') return typeof e.constraint === 'string' && e.constraint.includes(column);
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof e.message === 'string' && e.message.includes(column);
}

/** The job row if it is queued, locked for this transaction on PostgreSQL; null if not queued or locked by another. */
async function lockQueuedJob(ctx: StationContext, trx: Trx, jobId: string): Promise<{ state: string } | undefined> {
  const query = trx.selectFrom('jobs').select(['state']).where('id', '=', jobId).where('state', '=', 'queued');
  // SQLite's BEGIN IMMEDIATE already holds the only write lock, and it has no row locks to ask for.
  return ctx.dialect === 'postgres' ? query.forUpdate().skipLocked().executeTakeFirst() : query.executeTakeFirst();
}

/** Someone else moved the job between our read and our write, or already holds a live attempt for it. */
function lostRace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'job-state-changed') return true;
  // PostgreSQL unique_violation on the one-live-attempt index; SQLite reports SQLITE_CONSTRAINT_UNIQUE.
  const constraint = (error as { constraint?: unknown }).constraint;
  if (code === '23505' && constraint === 'attempts_one_live_per_job') return true;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' && /attempts\.job_id/.test((error as Error).message);
}

const OUTCOME_TO_STATE: Readonly<Record<PrintOutcomeKind, Exclude<AttemptState, 'printing'>>> = {
  printed: 'printed',
  spoiled: 'spoiled',
  'not-consumed': 'not-consumed',
  unknown: 'in-doubt',
};

async function settle(
  trx: Trx,
  actor: Actor,
  at: string,
  attempt: { id: string; job_id: string; printer_id: string; sides: number; film_roll_id: string | null; ribbon_roll_id: string | null },
  from: 'printing' | 'in-doubt',
  to: Exclude<AttemptState, 'printing'>,
  reason: string | null,
): Promise<void> {
  const plan = attemptSettlement(from, to);
  const result = await trx
    .updateTable('attempts')
    .set({ state: to, finished_at: to === 'in-doubt' ? null : at, reason, ...(from === 'in-doubt' ? { resolved_by: actor } : {}) })
    .where('id', '=', attempt.id)
    .where('state', '=', from)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    throw new StationError('attempt-state-changed', `attempt ${attempt.id} is no longer ${from}`, { attempt: attempt.id });
  }
  await recordMovement(trx, actor, at, `print.${to}`, { item: 'blank', from, to: plan.blank, quantity: 1, attemptId: attempt.id, printerId: attempt.printer_id, reason });
  if (plan.images) {
    for (const rollId of [attempt.film_roll_id, attempt.ribbon_roll_id]) {
      if (!rollId) continue;
      await recordMovement(trx, actor, at, `print.${to}-images`, { item: 'images', from: 'in-use', to: plan.images, quantity: attempt.sides, rollId, attemptId: attempt.id, printerId: attempt.printer_id });
    }
  }
  await transitionJob(trx, actor, at, attempt.job_id, plan.jobEvent, { reason: reason ?? (to === 'spoiled' ? 'spoiled' : null) });
}

async function requireAttempt(trx: Trx, attemptId: string) {
  const attempt = await trx.selectFrom('attempts').selectAll().where('id', '=', attemptId).executeTakeFirst();
  if (!attempt) throw new StationError('attempt-unknown', `no attempt "${attemptId}"`);
  return attempt;
}

/** Records what the printer said, with the consumption, in one transaction. */
export async function finishAttempt(
  ctx: StationContext,
  input: { attemptId: string; outcome: PrintOutcomeKind; reasons?: readonly string[]; actor?: Actor },
): Promise<Exclude<AttemptState, 'printing'>> {
  const to = OUTCOME_TO_STATE[input.outcome];
  await writeTransaction(ctx.db, async (trx) => {
    const attempt = await requireAttempt(trx, input.attemptId);
    if (attempt.state !== 'printing') {
      throw new StationError('attempt-state-changed', `attempt ${attempt.id} is ${attempt.state}, not printing`, { attempt: attempt.id });
    }
    const reason = input.reasons && input.reasons.length > 0 ? input.reasons.join(', ') : null;
    await settle(trx, input.actor ?? 'system:dispatcher', isoNow(ctx.clock), attempt, 'printing', to, reason);
  });
  return to;
}

export { RESOLUTIONS, type Resolution } from '../../domain/job-states.js';

/** A person says what became of an in-doubt card. Nothing is reprinted by itself. */
export async function resolveInDoubt(
  ctx: StationContext,
  by: Actor,
  input: { attemptId: string; resolution: Resolution; reason?: string },
): Promise<void> {
  await writeTransaction(ctx.db, async (trx) => {
    const attempt = await requireAttempt(trx, input.attemptId);
    if (attempt.state !== 'in-doubt') {
      throw new StationError('attempt-not-in-doubt', `attempt ${attempt.id} is ${attempt.state}, not in doubt`, { attempt: attempt.id });
    }
    const to = RESOLUTION_STATE[input.resolution];
    if (to === 'spoiled' && !input.reason?.trim()) {
      throw new StationError('job-reason-required', 'say why the card is spoiled');
    }
    await settle(trx, by, isoNow(ctx.clock), attempt, 'in-doubt', to, input.reason?.trim() || null);
  });
}

/**
 * At start, a station cannot know what became of attempts it left `printing`: the power may have
 * gone while the card was under the head. They all become in-doubt for a person to resolve.
 * Also drops the queue claims its printers held. Returns how many attempts were marked.
 */
export async function markInterruptedAttempts(ctx: StationContext): Promise<number> {
  return writeTransaction(ctx.db, async (trx) => {
    // Shared-queue claims this station's printers held before it stopped (see jobs/job-queue.ts): void now.
    const prefix = `${ctx.stationId}/`;
    await trx
      .updateTable('jobs')
      .set({ claimed_by: null, claimed_until: null })
      .where(sql<string>`substr(claimed_by, 1, ${prefix.length})`, '=', prefix)
      .execute();
    const stuck = await trx.selectFrom('attempts').selectAll().where('state', '=', 'printing').where('station_id', '=', ctx.stationId).execute();
    const at = isoNow(ctx.clock);
    for (const attempt of stuck) {
      await settle(trx, 'system:recovery', at, attempt, 'printing', 'in-doubt', 'station restarted during print');
    }
    return stuck.length;
  });
}

/**
 * Quality control found a printed card bad (or it was damaged before hand-over): the card is
 * spoiled and the job waits for a reprint order.
 */
export async function failQualityCheck(ctx: StationContext, by: Actor, input: { jobId: string; reason: string }): Promise<void> {
  if (!input.reason.trim()) throw new StationError('job-reason-required', 'say why the card is spoiled');
  await writeTransaction(ctx.db, async (trx) => {
    const attempt = await trx.selectFrom('attempts').selectAll().where('job_id', '=', input.jobId).where('state', '=', 'printed').executeTakeFirst();
    if (!attempt) throw new StationError('job-no-printed-card', `job ${input.jobId} has no printed card to spoil`);
    const at = isoNow(ctx.clock);
    const plan = attemptSettlement('printed', 'spoiled');
    await trx.updateTable('attempts').set({ state: 'spoiled', reason: input.reason.trim() }).where('id', '=', attempt.id).where('state', '=', 'printed').execute();
    await recordMovement(trx, by, at, 'qc.spoil', { item: 'blank', from: 'printed', to: plan.blank, quantity: 1, attemptId: attempt.id, printerId: attempt.printer_id, reason: input.reason.trim() });
    await transitionJob(trx, by, at, input.jobId, plan.jobEvent, { reason: input.reason });
  });
}

/** An attempt's state now, or null when no such attempt was committed. */
export async function attemptState(ctx: StationContext, attemptId: string): Promise<AttemptState | null> {
  const row = await ctx.db.selectFrom('attempts').select('state').where('id', '=', attemptId).executeTakeFirst();
  return (row?.state as AttemptState | undefined) ?? null;
}

/** The latest attempts on a printer, newest first (job ids only: no personal data). */
export async function recentAttemptsOn(ctx: StationContext, printerId: string, limit: number) {
  const rows = await ctx.db.selectFrom('attempts').selectAll().where('printer_id', '=', printerId).orderBy('started_at', 'desc').limit(limit).execute();
  return rows.map((a) => ({ id: a.id, jobId: a.job_id, state: a.state, startedAt: a.started_at, finishedAt: a.finished_at, reason: a.reason }));
}
