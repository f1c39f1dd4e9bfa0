import { describe, expect, it } from 'vitest';
import { createMemoryTransportPair } from '../../hardware/memory-transport.js';
import { PrinterSession } from '../../hardware/printer-session.js';
import type { IoOptions, Transport } from '../../hardware/types.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

async function connected() {
  const pair = createMemoryTransportPair('session');
  await pair.device.open();
  const session = new PrinterSession(pair.host, { commandTimeoutMs: 200 });
  return { pair, session };
}

describe('PrinterSession', () => {
  it('opens the transport once, on first use', async () => {
    let opens = 0;
    const pair = createMemoryTransportPair();
    const counting: Transport = {
      description: 'counting',
      open: async (o?: IoOptions) => {
        opens += 1;
        await pair.host.open(o);
      },
      write: (d, o) => pair.host.write(d, o),
      read: (o) => pair.host.read(o),
      close: () => pair.host.close(),
    };
    const session = new PrinterSession(counting);
    await session.exclusive(async () => undefined);
    await session.exclusive(async () => undefined);
    expect(opens).toBe(1);
  });

  it('keeps one caller at a time, in order', async () => {
    const { session } = await connected();
    const events: string[] = [];
    const slow = session.exclusive(async () => {
      events.push('a-start');
      await new Promise((r) => setTimeout(r, 30));
      events.push('a-end');
    });
    const fast = session.exclusive(async () => {
      events.push('b');
    });
    expect(session.busy).toBe(true);
    await Promise.all([slow, fast]);
    expect(events).toEqual(['a-start', 'a-end', 'b']);
    expect(session.busy).toBe(false);
  });

  it('times out a read but keeps its bytes for the next read', async () => {
    const { pair, session } = await connected();
    await session.exclusive(async (link) => {
      await expect(link.read({ timeoutMs: 20 })).rejects.toMatchObject({ code: 'timeout' });
      await pair.device.write(b('late'));
      expect(text(await link.read())).toBe('late');
      expect(await link.tryRead(10)).toBeUndefined();
    });
  });

  it('honours an AbortSignal while waiting for a reply', async () => {
    const { session } = await connected();
    const controller = new AbortController();
    const pending = session.exclusive((link) => link.read({ timeoutMs: 5_000 }), { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
  });

  it('an aborted waiter does not let the next caller overtake the running one', async () => {
    const { session } = await connected();
    const events: string[] = [];
    const first = session.exclusive(async () => {
      await new Promise((r) => setTimeout(r, 40));
      events.push('first-done');
    });
    const controller = new AbortController();
    const aborted = session.exclusive(async () => events.push('aborted-ran'), { signal: controller.signal });
    const third = session.exclusive(async () => events.push('third'));
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'aborted' });
    await Promise.all([first, third]);
    expect(events).toEqual(['first-done', 'third']);
  });

  it('rejects everything with closed once closed', async () => {
    const { session } = await connected();
    const reading = session.exclusive((link) => link.read({ timeoutMs: 5_000 }));
    await new Promise((r) => setTimeout(r, 10));
    await session.close();
    await expect(reading).rejects.toMatchObject({ code: 'closed' });
    await expect(session.exclusive(async () => 1)).rejects.toMatchObject({ code: 'closed' });
  });

  it('surfaces a disconnect and tries to reopen on the next use', async () => {
    const { pair, session } = await connected();
    await session.exclusive(async (link) => {
      pair.disconnect();
      await expect(link.read()).rejects.toMatchObject({ code: 'disconnected' });
    });
    // A memory end cannot reopen, so the reopen attempt is what fails.
    await expect(session.exclusive(async () => 1)).rejects.toMatchObject({ code: 'open-failed' });
  });

  it('checks its options', () => {
    expect(() => new PrinterSession(createMemoryTransportPair().host, { commandTimeoutMs: 0 })).toThrow(/commandTimeoutMs/);
  });
});

describe('PrinterSession with a transport factory', () => {
  it('starts afresh on a new transport after the link was lost', async () => {
    const pairs: ReturnType<typeof createMemoryTransportPair>[] = [];
    const session = new PrinterSession(() => {
      const pair = createMemoryTransportPair(`link-${pairs.length + 1}`);
      void pair.device.open();
      pairs.push(pair);
      return pair.host;
    });
    await session.exclusive(async (link) => {
      pairs[0]!.disconnect();
      await expect(link.write(b('x'))).rejects.toMatchObject({ code: 'disconnected' });
    });
    await session.exclusive(async (link) => {
      await link.write(b('again'));
    });
    expect(pairs).toHaveLength(2);
    expect(session.description).toBe('memory://link-2/host');
    expect(text(await pairs[1]!.device.read())).toBe('again');
    await session.close();
  });
});
