import { afterEach, describe, expect, it } from 'vitest';
import { createSimulatedPrinter } from '../../../hardware/sim/sim-printer.js';
import type { SimulatedPrinter } from '../../../hardware/sim/sim-printer.js';
import { allEqual, compareCardToSide, makeTestJob } from '../evolis/evolis-test-card.js';

const made: SimulatedPrinter[] = [];
function sim(uri: string): SimulatedPrinter {
  const printer = createSimulatedPrinter(uri);
  made.push(printer);
  return printer;
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((p) => p.close()));
});

describe('createSimulatedPrinter', () => {
  it('runs the real Evolis driver against the emulator for sim://evolis-primacy', async () => {
    const printer = sim('sim://evolis-primacy?speedup=10000&cards=2&ribbon=300');
    const identity = await printer.identify();
    expect(identity).toMatchObject({ vendor: 'Evolis', simulated: true });
    expect(identity.model).toMatch(/SIMULATED/);
    const job = makeTestJob('sim-1', 1);
    await expect(printer.print(job)).resolves.toMatchObject({ outcome: 'printed' });
    expect(compareCardToSide(printer.simulator.cards[0]!.front, job.front)).toEqual(allEqual(job.front));
    await expect(printer.status()).resolves.toMatchObject({ levels: [{ remainingImages: 299, capacityImages: 300 }] });
    await printer.print(makeTestJob('sim-2', 2));
    await expect(printer.print(makeTestJob('sim-3', 3))).resolves.toMatchObject({ outcome: 'not-consumed', reasons: ['media-empty'] });
  });

  it('reconnects the Evolis sim after a dropped connection', async () => {
    const printer = sim('sim://evolis-primacy?speedup=10000');
    printer.simulator.inject({ kind: 'drop-mid-job' });
    await expect(printer.print(makeTestJob('drop', 1))).resolves.toMatchObject({ outcome: 'unknown' });
    await printer.reset();
    await expect(printer.print(makeTestJob('after', 1))).resolves.toMatchObject({ outcome: 'printed' });
  });

  it.each(['sim://fargo-hdp5000', 'sim://datacard-cd800'])('simulates %s with the same outcome model', async (base) => {
    const printer = sim(`${base}?speedup=100000&cards=3&ribbon=50&film=40`);
    const identity = await printer.identify();
    expect(identity.simulated).toBe(true);
    expect(identity.model).toMatch(/SIMULATED/);
    const retransfer = base.includes('fargo');
    expect(printer.capabilities.retransfer).toBe(retransfer);

    const job = makeTestJob('r-1', 1);
    await expect(printer.print(job)).resolves.toEqual({ outcome: 'printed', reasons: [] });
    const status = await printer.status();
    expect(status.levels.find((l) => l.kind === 'ribbon')).toMatchObject({ remainingImages: 49, capacityImages: 50 });
    expect(status.levels.some((l) => l.kind === 'film')).toBe(retransfer);
    if (retransfer) expect(status.levels.find((l) => l.kind === 'film')).toMatchObject({ remainingImages: 39 });

    printer.simulator.inject({ kind: 'jam-after-pick' });
    await expect(printer.print(makeTestJob('r-2', 2))).resolves.toMatchObject({ outcome: 'spoiled', reasons: ['media-jam'] });
    await expect(printer.print(makeTestJob('r-3', 3))).resolves.toMatchObject({ outcome: 'not-consumed', reasons: ['media-jam'] });
    await printer.reset();
    printer.simulator.inject({ kind: 'feeder-empty' });
    await expect(printer.print(makeTestJob('r-4', 4))).resolves.toMatchObject({ outcome: 'not-consumed', reasons: ['media-empty'] });
    printer.simulator.loadCards(5);
    printer.simulator.inject({ kind: 'drop-mid-job' });
    await expect(printer.print(makeTestJob('r-5', 5))).resolves.toMatchObject({ outcome: 'unknown' });
    await expect(printer.status()).rejects.toMatchObject({ code: 'disconnected' });
    await printer.reset();
    printer.simulator.inject({ kind: 'garbage-replies' });
    await expect(printer.identify()).rejects.toMatchObject({ code: 'resynchronised' });
    printer.simulator.inject({ kind: 'slow-replies', delayMs: 5_000 });
    await expect(printer.identify({ timeoutMs: 1_000 })).rejects.toMatchObject({ code: 'timeout' });
    printer.simulator.clearFaults();

    const cards = printer.simulator.cards;
    expect(cards.map((c) => c.outcome)).toEqual(['printed', 'jammed']);
    expect(cards[0]?.sha256).not.toBe(cards[1]?.sha256);
  });

  it('refuses unknown models and bad parameters', () => {
    expect(() => createSimulatedPrinter('sim://zebra-zxp9')).toThrow(/Unknown simulated printer/);
    expect(() => createSimulatedPrinter('sim://evolis-primacy?cards=-1')).toThrow(/cards=-1/);
    expect(() => createSimulatedPrinter('sim://evolis-primacy?colour=1')).toThrow(/Unknown query parameter colour/);
    expect(() => createSimulatedPrinter('tcp://1.2.3.4:9100')).toThrow(/sim:\/\//);
  });
});
