// The real PC/SC stack for a test file: a private pcscd with the vpcd driver, one card emulator on
// each of its two readers, and a PcscEncoder. Cards are inserted and removed through the emulators;
// pcscd notices within its polling interval, so helpers wait for the reader's state.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { VpcdCardEmulator } from '../../../hardware/smartcard-emulator/index.js';
import { VirtualCard } from '../../../hardware/smartcard-emulator/index.js';
import { PcscEncoder } from '../../../hardware/smartcard/index.js';
import { startPcscd } from '../../support/pcscd-server.js';
import type { PcscdServer } from '../../support/pcscd-server.js';

export interface SmartCardTestStack {
  readonly pcscd: PcscdServer;
  readonly encoder: PcscEncoder;
  /** The emulator on reader 0 / 1. */
  readonly slots: readonly [VpcdCardEmulator, VpcdCardEmulator];
  readonly readerNames: readonly [string, string];
  /** Inserts a card with this UID on reader `slot` and waits until pcscd reports it present. */
  insert(uidHex: string, slot?: 0 | 1, options?: { writeProtected?: boolean }): Promise<VirtualCard>;
  /** Removes the card from reader `slot` and waits until pcscd reports the reader empty. */
  remove(slot?: 0 | 1): Promise<void>;
  waitForPresence(slot: 0 | 1, present: boolean): Promise<void>;
}

export function useSmartCardStack(): () => SmartCardTestStack {
  let stack: SmartCardTestStack | undefined;
  beforeAll(async () => {
    const pcscd = await startPcscd();
    const encoder = new PcscEncoder({ defaultTimeoutMs: 3_000 });
    const slots = [new VpcdCardEmulator({ port: pcscd.readers[0]!.port }), new VpcdCardEmulator({ port: pcscd.readers[1]!.port })] as const;
    const readerNames = [pcscd.readers[0]!.name, pcscd.readers[1]!.name] as const;
    const waitForPresence = async (slot: 0 | 1, present: boolean) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const readers = await encoder.listReaders().catch(() => []);
        if (readers.find((r) => r.name === readerNames[slot])?.cardPresent === present) return;
        if (Date.now() > deadline) throw new Error(`reader ${readerNames[slot]} did not become ${present ? 'occupied' : 'empty'} within 15 s\n${pcscd.log()}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    stack = {
      pcscd,
      encoder,
      slots,
      readerNames,
      waitForPresence,
      async insert(uidHex, slot = 0, options = {}) {
        const card = new VirtualCard({ uidHex, ...(options.writeProtected === undefined ? {} : { writeProtected: options.writeProtected }) });
        await slots[slot].insert(card);
        await waitForPresence(slot, true);
        return card;
      },
      async remove(slot = 0) {
        await slots[slot].remove();
        await waitForPresence(slot, false);
      },
    };
  });
  afterEach(async () => {
    if (stack === undefined) return;
    for (const slot of [0, 1] as const) {
      stack.slots[slot].setFault(undefined);
      await stack.slots[slot].remove();
      // Also after a card that removed itself (a fault): pcscd must have seen it go before the next test.
      await stack.waitForPresence(slot, false).catch(() => undefined);
      stack.slots[slot].clearLog();
    }
  });
  afterAll(async () => {
    for (const slot of stack?.slots ?? []) await slot.remove();
    await stack?.pcscd.stop();
  });
  return () => {
    if (stack === undefined) throw new Error('the smart-card stack did not start');
    return stack;
  };
}
