// The chip stage through the real PC/SC stack: a private pcscd with the vpcd reader driver and the
// project's own virtual cards (test/hardware/smartcard/smartcard-test-stack.ts), a station runtime
// with a simulated FARGO printer and a desk encoder. The operator's hands are the test: it places a
// blank on the encoder and carries it to the printer when the station asks.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startEmulatorTcpServer } from '../../../hardware/emulator/emulator-tcp-server.js';
import { VirtualCard } from '../../../hardware/smartcard-emulator/index.js';
import { REFERENCE_FILE_ID } from '../../../hardware/smartcard/index.js';
import { verifyAuditLog } from '../../../src/station/audit/audit-verify.js';
import { verifyLedger } from '../../../src/station/stock/ledger-verify.js';
import { stockSummary } from '../../../src/station/stock/stock-summary.js';
import { useSmartCardStack } from '../../hardware/smartcard/smartcard-test-stack.js';
import { createRuntimeFixture, type RuntimeFixture } from '../runtime/runtime-fixture.js';

const stack = useSmartCardStack();
let fx: RuntimeFixture | undefined;
const scripts = mkdtemp(join(tmpdir(), 'cetak-personaliser-'));
afterEach(async () => {
  await fx?.cleanup();
  fx = undefined;
});
afterAll(async () => rm(await scripts, { recursive: true, force: true }));

async function deskStation(options: { records: number; personaliser?: unknown; placeCardMs?: number }): Promise<RuntimeFixture> {
  fx = await createRuntimeFixture({
    records: options.records,
    printers: [{ id: 'f1', uri: 'sim://fargo-hdp5000?speedup=400', family: 'fargo-hdp', encoder: `pcsc://${stack().readerNames[0]}` }],
    placeCardMs: options.placeCardMs ?? 20_000,
    deskHandoverMs: 20_000,
    ...(options.personaliser ? { personaliser: options.personaliser } : {}),
  });
  await fx.loadNew('f1', 'fargo-hdp', 'film', 100);
  await fx.loadNew('f1', 'fargo-hdp', 'ribbon', 100);
  return fx;
}

async function attempts(f: RuntimeFixture) {
  return f.station.db.selectFrom('attempts').select(['id', 'job_id', 'state', 'chip_uid', 'reason']).orderBy('started_at').orderBy('id').execute();
}

async function imageMovementsOf(f: RuntimeFixture, attemptId: string): Promise<number> {
  const rows = await f.station.db.selectFrom('movements').select('id').where('attempt_id', '=', attemptId).where('item', '=', 'images').execute();
  return rows.length;
}

async function accountsHold(f: RuntimeFixture): Promise<void> {
  expect(await verifyLedger(f.station)).toEqual([]);
  expect((await verifyAuditLog(f.station)).ok).toBe(true);
}

/** The operator: places a blank, waits until the station has bound its chip, carries it to the printer. */
async function placeAndCarry(f: RuntimeFixture, uid: string): Promise<void> {
  await stack().insert(uid, 0);
  await f.waitFor(`chip ${uid} bound`, async () => (await attempts(f)).some((a) => a.chip_uid === uid), 30_000);
  await stack().remove(0);
}

describe('a desk encoder beside a simulated FARGO printer', () => {
  it('encodes each blank, prints that card only, and binds every attempt to its chip UID', async () => {
    const f = await deskStation({ records: 3 });
    const uids = ['04A1B2C3D4E501', '04A1B2C3D4E502', '04A1B2C3D4E503'];
    const cards = [];
    for (const uid of uids) {
      const card = await stack().insert(uid, 0);
      cards.push(card);
      await f.waitFor(`chip ${uid} bound`, async () => (await attempts(f)).some((a) => a.chip_uid === uid), 30_000);
      await stack().remove(0);
      await f.waitFor(`card ${uid} printed`, async () => (await attempts(f)).some((a) => a.chip_uid === uid && a.state === 'printed'), 30_000);
    }
    // The fixture's clock stands still, so attempts are told apart by their chips, not their times.
    const all = (await attempts(f)).sort((a, b) => (a.chip_uid ?? '').localeCompare(b.chip_uid ?? ''));
    expect(all.map((a) => [a.state, a.chip_uid])).toEqual(uids.map((uid) => ['printed', uid]));
    expect(new Set(all.map((a) => a.job_id)).size).toBe(3);
    // The reference personaliser wrote its test file on each chip, naming that card's job.
    for (const [i, card] of cards.entries()) expect(card.file(REFERENCE_FILE_ID)?.toString('latin1')).toContain(`job=${all[i]!.job_id}`);
    expect(f.runtime.printers.get('f1')!.encoder?.reference).toBe(true);
    await accountsHold(f);
  }, 120_000);

  it('refuses a chip UID already bound to a job, and the next blank prints', async () => {
    const f = await deskStation({ records: 2 });
    await placeAndCarry(f, '04CCCCCCCCCC01');
    await f.waitFor('first printed', async () => (await f.jobStates())['printed'] === 1, 30_000);
    const first = (await attempts(f)).find((a) => a.state === 'printed')!;
    // The same card again (taken back from the output tray): it must not be written for the second job.
    await stack().insert('04CCCCCCCCCC01', 0);
    const h = f.runtime.printers.get('f1')!;
    await f.waitFor('the station asks to take it off', async () => (h.encoderActivity ?? '').includes(`already bound to job ${first.job_id}`), 30_000).catch(async (e: Error) => {
      throw new Error(`${e.message}: activity ${h.encoderActivity}, waiting ${h.waitingReason}, last ${JSON.stringify(h.lastOutcome)}, attempts ${JSON.stringify(await attempts(f))}`);
    });
    await stack().remove(0);
    await f.waitFor('second attempt returned', async () => (await attempts(f)).some((a) => a.state === 'not-consumed'), 30_000);
    const refused = (await attempts(f)).find((a) => a.state === 'not-consumed')!;
    expect(refused.chip_uid).toBeNull();
    expect(await imageMovementsOf(f, refused.id)).toBe(0);
    await placeAndCarry(f, '04CCCCCCCCCC02');
    await f.waitFor('both printed', async () => (await f.jobStates())['printed'] === 2, 30_000);
    expect((await attempts(f)).filter((a) => a.state === 'printed').map((a) => a.chip_uid).sort()).toEqual(['04CCCCCCCCCC01', '04CCCCCCCCCC02']);
    await accountsHold(f);
  }, 120_000);

  it('returns the blank when none is placed, and pauses after two in a row', async () => {
    const f = await deskStation({ records: 2, placeCardMs: 1_500 });
    const h = f.runtime.printers.get('f1')!;
    await f.waitFor('paused after two', async () => h.paused, 30_000);
    const all = await attempts(f);
    expect(all.map((a) => a.state)).toEqual(['not-consumed', 'not-consumed']);
    expect(h.lastOutcome?.detail).toMatch(/no blank was placed on the encoder/);
    for (const a of all) expect(await imageMovementsOf(f, a.id)).toBe(0);
    expect((await stockSummary(f.station, '2026-12-04')).blanks.spoiled).toBe(0);
    await accountsHold(f);
  }, 60_000);

  it('spoils a blank pulled off mid-encode as gagal encode, before any film or ribbon', async () => {
    const f = await deskStation({ records: 1 });
    // The card leaves the reader on the personaliser's first UPDATE BINARY (0xD6): half written.
    stack().slots[0].setFault('remove-on-next-apdu', { instruction: 0xd6 });
    await stack().insert('04DDDDDDDDDD01', 0);
    await f.waitFor('spoiled', async () => (await f.jobStates())['spoiled'] === 1, 30_000);
    const [a] = await attempts(f);
    expect(a!.state).toBe('spoiled');
    expect(a!.reason).toMatch(/^gagal encode: /);
    expect(a!.chip_uid).toBeNull();
    expect(await imageMovementsOf(f, a!.id)).toBe(0);
    const summary = await stockSummary(f.station, '2026-12-04');
    expect(summary.blanks.spoiled).toBe(1);
    expect(summary.blanksEncodeFailed).toBe(1);
    // No face was printed for it.
    expect(f.runtime.printers.get('f1')!.cardsToday).toBe(0);
    await accountsHold(f);
  }, 60_000);

  it('spoils the blank as gagal encode when the personaliser hangs, and when it crashes', async () => {
    const dir = await scripts;
    const hang = join(dir, 'hang.sh');
    await writeFile(hang, '#!/bin/sh\nsleep 60\n');
    await chmod(hang, 0o755);
    const crash = join(dir, 'crash.sh');
    await writeFile(crash, '#!/bin/sh\nexit 3\n');
    await chmod(crash, 0o755);
    for (const [command, words] of [[hang, /did not finish within 2000 ms/], [crash, /exit|crash|status/i]] as const) {
      const f = await deskStation({ records: 1, personaliser: { command, timeoutMs: 2_000 } });
      expect(f.runtime.printers.get('f1')!.encoder?.reference).toBe(false);
      await stack().insert('04EEEEEEEEEE01', 0);
      await f.waitFor('spoiled', async () => (await f.jobStates())['spoiled'] === 1, 30_000);
      const [a] = await attempts(f);
      expect(a!.reason).toMatch(/^gagal encode: /);
      expect(a!.reason).toMatch(words);
      expect(await imageMovementsOf(f, a!.id)).toBe(0);
      await accountsHold(f);
      await stack().remove(0);
      await f.cleanup();
      fx = undefined;
    }
  }, 120_000);

  it('starts no card while pcscd is stopped, says so, and goes on once it is back', async () => {
    const f = await deskStation({ records: 1 });
    await stack().pcscd.kill();
    const h = f.runtime.printers.get('f1')!;
    await f.waitFor('the printer waits for the encoder', async () => /chip encoder: .*pcscd/.test(h.waitingReason ?? ''), 30_000);
    // The card already waiting for a blank when pcscd went came back unused; none starts while it is gone.
    const meanwhile = await attempts(f);
    expect(meanwhile.every((a) => a.state === 'not-consumed' && a.chip_uid === null)).toBe(true);
    for (const a of meanwhile) expect(await imageMovementsOf(f, a.id)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await attempts(f)).toHaveLength(meanwhile.length);
    await stack().pcscd.restart();
    await placeAndCarry(f, '04FFFFFFFFFF01');
    await f.waitFor('printed', async () => (await f.jobStates())['printed'] === 1, 30_000);
    await accountsHold(f);
  }, 90_000);
});

describe('an emulated Evolis printer with its own contactless station', () => {
  it('moves each card to the station, encodes it there, prints it, and binds the attempt to its UID', async () => {
    const uidOf = (n: number) => `04E7015000${n.toString(16).toUpperCase().padStart(4, '0')}`;
    const visits: string[] = [];
    // The emulator puts a virtual card with its own UID on the vpcd reader while the card sits at the station.
    const printer = await startEmulatorTcpServer({
      port: 0,
      printerOptions: {
        speedup: 10_000,
        contactlessStation: {
          async cardArrived(n) {
            visits.push(uidOf(n));
            await stack().slots[0].insert(new VirtualCard({ uidHex: uidOf(n) }));
          },
          async cardLeft() {
            await stack().slots[0].remove();
          },
        },
      },
    });
    try {
      fx = await createRuntimeFixture({ records: 3, printers: [{ id: 'e1', uri: printer.uri, family: 'evolis', encoder: `pcsc://${stack().readerNames[0]}` }] });
      const f = fx;
      expect(f.runtime.printers.get('e1')!.encoder?.at).toBe('printer');
      await f.loadNew('e1', 'evolis', 'ribbon', 100);
      await f.waitFor('all printed', async () => (await f.jobStates())['printed'] === 3, 60_000);
      const all = await attempts(f);
      const printed = all.filter((a) => a.state === 'printed');
      expect(printed).toHaveLength(3);
      expect(new Set(printed.map((a) => a.job_id)).size).toBe(3);
      // Every printed card carries the UID of a card that visited the station, each a different one.
      expect(new Set(printed.map((a) => a.chip_uid)).size).toBe(3);
      for (const a of printed) expect(visits).toContain(a.chip_uid);
      // A card the reader did not see in time (a loaded machine) went back unwritten: no chip, no film or ribbon.
      for (const a of all.filter((x) => x.state !== 'printed')) {
        expect(a).toMatchObject({ state: 'not-consumed', chip_uid: null });
        expect(await imageMovementsOf(f, a.id)).toBe(0);
      }
      expect(printer.printer.contactlessVisits).toBe(all.length);
      await accountsHold(f);
    } finally {
      await fx?.cleanup();
      fx = undefined;
      await printer.close();
    }
  }, 120_000);
});
