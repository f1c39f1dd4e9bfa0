import { describe, expect, it } from 'vitest';
import type { PrinterStatus } from '../../../hardware/types.js';
import { consumableDiscrepancy } from '../../../src/api/runtime/printer-views.js';
import type { PrinterHandle } from '../../../src/station/printing/printer-handle.js';

const handle = (status: PrinterStatus, printing = false) => ({ status, current: printing ? { jobId: 'j', attemptId: 'a' } : null }) as unknown as PrinterHandle;
const ribbonAt = (remainingImages: number): PrinterStatus => ({ state: 'idle', reasons: [], levels: [{ kind: 'ribbon', name: 'ribbon', remainingImages }] });
const roll = (remaining: number) => ({ rollId: 'r1', lot: 'L', remaining, capacity: 500 });

describe('consumption reconciliation', () => {
  it('stays quiet while the printer and the ledger agree within the tolerance', () => {
    expect(consumableDiscrepancy(handle(ribbonAt(300)), { ribbon: roll(298) })).toBeNull();
    // The card on the printer is reserved in the ledger but not yet counted by the printer.
    expect(consumableDiscrepancy(handle(ribbonAt(301), true), { ribbon: roll(300) })).toBeNull();
  });

  it('says so in words when they disagree, or when the printer has a roll cetak does not know', () => {
    expect(consumableDiscrepancy(handle(ribbonAt(310)), { ribbon: roll(298) })).toBe('ribbon: printer says 310 left, ledger 298');
    expect(consumableDiscrepancy(handle(ribbonAt(120)), {})).toBe('ribbon: printer reports 120 left but no ribbon roll is loaded in cetak');
  });
});
