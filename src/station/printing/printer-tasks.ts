import type { PrintResult } from '../../../hardware/types.js';
import { isoNow } from '../clock.js';
import { NotReadyError } from '../jobs/attempts.js';
import { StationError } from '../station-error.js';
import { pausePrinter, type StageEnv } from './card-stages.js';
import { blockingReasons, describeBlocking, type PrinterHandle, type PrinterTask } from './printer-handle.js';
import { recordCleaning } from './printer-care.js';
import { testCardPanels } from './test-card-panels.js';
import { beginTestCard, finishTestCard } from './test-cards.js';

/**
 * The operator's tasks on a printer that are not a job's card, run by the printer's own loop
 * between two cards (printer-loop.ts), so they never meet a card on the printer. A test card is
 * exactly-once like a job's card: committed with its blank and images before any byte goes out,
 * its outcome recorded after; a cleaning is recorded once the printer has done it.
 */

/** Why the printer cannot do `kind` now, in words, or null when it can. The runtime asks first; the loop again. */
export function taskRefusal(h: PrinterHandle, kind: PrinterTask['kind']): string | null {
  const name = h.config.name;
  if (!h.online) return `${name} is offline: it cannot do a ${kind === 'cleaning' ? 'cleaning' : 'test card'} until it answers again`;
  if (h.current) return `${name} is printing a card: wait until it is idle (pause it to stop it taking the next one)`;
  if (h.busyWith || h.task) return `${name} is busy with a ${h.busyWith ?? h.task!.kind}: wait until it is done`;
  if (h.status?.state === 'printing') return `${name} is printing: wait until it is idle`;
  // A cleaning card goes through the same path as a blank: a printer that cannot move a card cannot clean either.
  if (blockingReasons(h.status).length > 0) return `${name} is stopped (${describeBlocking(h.status)}): put that right first`;
  return null;
}

/** Runs the task the loop found on its printer. Never throws: every failure is told and the task's `started` settled. */
export async function runPrinterTask(env: StageEnv, task: PrinterTask): Promise<void> {
  const h = env.printer;
  h.task = null;
  const refusal = taskRefusal(h, task.kind);
  if (refusal) {
    task.started.reject(new StationError('printer-busy', refusal, { printer: h.config.id }));
    return;
  }
  h.busyWith = task.kind;
  env.onChange('printers');
  try {
    if (task.kind === 'test-card') await printTestCard(env, task);
    else await clean(env, task);
  } finally {
    h.busyWith = null;
    env.onChange('printers');
    await env.refreshPrinter(h).catch(() => undefined);
  }
}

async function printTestCard(env: StageEnv, task: PrinterTask): Promise<void> {
  const { ctx, printer: h } = env;
  let began;
  try {
    began = await beginTestCard(ctx, { printerId: h.config.id, needsFilm: h.driver.capabilities.retransfer, actor: task.by });
  } catch (error) {
    const e = error instanceof NotReadyError || error instanceof StationError ? error : new StationError('test-card-failed', `${h.config.name}: could not start the test card: ${(error as Error).message.split('\n')[0]}`);
    task.started.reject(e);
    return;
  }
  task.started.resolve();
  env.onChange('stock');
  env.onChange('lastEvent', `${h.config.name}: test card ${began.testCardId} started by ${task.by}`, { printer: h.config.id, testCard: began.testCardId });
  let result: PrintResult;
  try {
    result = await h.driver.print({ id: began.testCardId, front: testCardPanels(env.layout.cardWidthDots, env.layout.cardHeightDots) });
  } catch (error) {
    // As for a job's card: bytes may have gone out, so the only safe outcome is unknown.
    result = { outcome: 'unknown', reasons: ['other'], detail: (error as Error).message };
  }
  const detail = result.detail ?? (result.reasons.length ? result.reasons.join(', ') : undefined);
  const recorded = await recordTestOutcome(env, began.testCardId, result, detail);
  h.lastOutcome = { outcome: result.outcome, at: isoNow(ctx.clock), detail: `test card${detail ? `: ${detail}` : ''}` };
  if (result.outcome === 'printed' || result.outcome === 'spoiled') h.cardsSinceCleaning += 1;
  env.onChange('stock');
  env.onChange('lastEvent', `${h.config.name}: test card ${began.testCardId} ${result.outcome === 'printed' ? 'printed' : result.outcome}${detail ? ` (${detail})` : ''}`, { printer: h.config.id, testCard: began.testCardId, outcome: result.outcome });
  if (result.outcome === 'unknown' || !recorded) {
    pausePrinter(env, `test card ${began.testCardId} in doubt: look in the printer, then say whether it came out (cetak printers test-card-resolve)`);
  }
}

/** Writes the test card's outcome, retrying a while: its card is on the printer's side already. */
async function recordTestOutcome(env: StageEnv, testCardId: string, result: PrintResult, detail: string | undefined): Promise<boolean> {
  const { ctx, printer: h } = env;
  for (let tries = 1; ; tries++) {
    try {
      await finishTestCard(ctx, { testCardId, outcome: result.outcome, ...(detail ? { detail } : {}) });
      return true;
    } catch (error) {
      const text = `could not record that test card ${testCardId} ended ${result.outcome}: ${(error as Error).message.split('\n')[0]}`;
      h.lastError = { at: isoNow(ctx.clock), text };
      ctx.log.error({ printer: h.config.id, testCard: testCardId, outcome: result.outcome }, text);
      // Left printing, recovery puts it in doubt at the next start.
      if (tries >= 5 || !env.running() || (error as { code?: string }).code === 'test-card-state-changed') return false;
      await ctx.clock.sleep(500 * tries);
    }
  }
}

async function clean(env: StageEnv, task: PrinterTask): Promise<void> {
  const { ctx, printer: h } = env;
  task.started.resolve();
  env.onChange('lastEvent', `${h.config.name}: cleaning started by ${task.by}`, { printer: h.config.id });
  try {
    await h.driver.clean({ timeoutMs: 180_000 });
  } catch (error) {
    const text = `${h.config.name}: the cleaning failed: ${(error as Error).message.split('\n')[0]}`;
    h.lastError = { at: isoNow(ctx.clock), text };
    env.onChange('lastEvent', text, { printer: h.config.id });
    return;
  }
  try {
    const before = await recordCleaning(ctx, task.by, h.config.id);
    h.cardsSinceCleaning = 0;
    env.onChange('lastEvent', `${h.config.name} cleaned by ${task.by} after ${before} card(s)`, { printer: h.config.id, cards: String(before) });
  } catch (error) {
    const text = `${h.config.name} was cleaned but the cleaning could not be recorded: ${(error as Error).message.split('\n')[0]}`;
    h.lastError = { at: isoNow(ctx.clock), text };
    env.onChange('lastEvent', text, { printer: h.config.id });
  }
}
