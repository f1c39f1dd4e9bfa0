import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../hardware/backoff.js';
import { LinkGate } from '../../hardware/link-gate.js';

describe('backoffDelayMs', () => {
  it('is zero without failures, then doubles from firstMs up to maxMs', () => {
    expect([0, 1, 2, 3, 4, 10, 60].map((n) => backoffDelayMs(n, { firstMs: 100, maxMs: 1_000 }))).toEqual([0, 100, 200, 400, 800, 1_000, 1_000]);
    expect(backoffDelayMs(1)).toBe(500);
    expect(backoffDelayMs(40)).toBe(30_000);
  });
});

describe('LinkGate', () => {
  it('admits the first retry at once, then only after the backoff, and forgets failures on success', () => {
    let nowMs = 0;
    const gate = new LinkGate('test-link', { backoff: { firstMs: 100, maxMs: 400 }, now: () => nowMs });
    gate.admit();
    gate.failed('refused');
    expect(() => gate.admit()).not.toThrow();
    gate.failed('refused again');
    expect(() => gate.admit()).toThrow(/test-link is unreachable \(refused again\); next try in 100 ms/);
    expect(gate.consecutiveFailures).toBe(2);
    nowMs = 100;
    gate.admit();
    gate.failed('still refused');
    nowMs = 299;
    expect(() => gate.admit()).toThrow(expect.objectContaining({ code: 'open-failed' }));
    nowMs = 300;
    gate.admit();
    gate.succeeded();
    gate.failed('once more');
    expect(() => gate.admit()).not.toThrow();
  });

  it('runs callers one at a time in order, lets a waiter abort, and refuses after close', async () => {
    const gate = new LinkGate('test-link');
    const events: string[] = [];
    let release!: () => void;
    const first = gate.exclusive(async () => {
      events.push('a-start');
      await new Promise<void>((resolve) => (release = resolve));
      events.push('a-end');
    });
    const controller = new AbortController();
    const aborted = gate.exclusive(async () => events.push('never'), controller.signal);
    const second = gate.exclusive(async () => events.push('b'));
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'aborted' });
    expect(gate.busy).toBe(true);
    release();
    await Promise.all([first, second]);
    expect(events).toEqual(['a-start', 'a-end', 'b']);
    gate.close();
    await expect(gate.exclusive(async () => undefined)).rejects.toMatchObject({ code: 'closed' });
  });
});
