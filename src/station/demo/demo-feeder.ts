import { blockingReasons } from '../printing/printer-handle.js';
import type { Operator } from '../operators.js';
import type { StationRuntime } from '../runtime/station-runtime.js';

/**
 * The demo's pair of hands at the feeders. A simulated feeder holds 100 blanks, so a demo office
 * would end with every printer stopped "put blank cards in the feeder" and thousands of blanks on the
 * shelf. The console shows the prompt (and the key f to refill); when nobody has pressed it after
 * `afterMs`, the demo operator fills the feeder, through the same refill an operator would use, so
 * the refill shows on the status line and in the audit log. Real printers are never touched.
 */
export function startDemoFeeder(runtime: StationRuntime, by: Operator, options: { afterMs?: number; everyMs?: number } = {}): () => void {
  const afterMs = options.afterMs ?? 30_000;
  const emptySince = new Map<string, number>();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void (async () => {
      for (const h of runtime.printers.handles) {
        if (!('simulator' in h.driver)) continue;
        const empty = blockingReasons(h.status).some((r) => r.startsWith('media-empty'));
        if (!empty) {
          emptySince.delete(h.config.id);
          continue;
        }
        const since = emptySince.get(h.config.id) ?? Date.now();
        emptySince.set(h.config.id, since);
        if (Date.now() - since < afterMs) continue;
        emptySince.delete(h.config.id);
        await runtime.printerAction(by, h.config.id, 'refill').catch((error: Error) => runtime.event(`demo: could not refill ${h.config.name}: ${error.message}`));
      }
    })().finally(() => {
      busy = false;
    });
  }, options.everyMs ?? 2_000);
  timer.unref();
  return () => clearInterval(timer);
}
