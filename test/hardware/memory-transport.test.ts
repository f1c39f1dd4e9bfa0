import { describe, expect, it } from 'vitest';
import { createMemoryTransportPair } from '../../hardware/memory-transport.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

describe('createMemoryTransportPair', () => {
  it('carries bytes both ways and coalesces queued writes into one read', async () => {
    const { host, device } = createMemoryTransportPair();
    await host.open();
    await device.open();
    const pending = device.read();
    await host.write(b('Rtp\r'));
    expect(text(await pending)).toBe('Rtp\r');
    await device.write(b('OK'));
    await device.write(b('\0'));
    expect(text(await host.read())).toBe('OK\0');
  });

  it('copies written data so the writer may reuse its buffer', async () => {
    const { host, device } = createMemoryTransportPair();
    await host.open();
    await device.open();
    const buffer = b('abc');
    await host.write(buffer);
    buffer.fill(0);
    expect(text(await device.read())).toBe('abc');
  });

  it('rejects with closed after close(), and the peer sees disconnected after draining', async () => {
    const { host, device } = createMemoryTransportPair();
    await host.open();
    await device.open();
    const pending = host.read();
    await device.write(b('last'));
    await device.close();
    expect(text(await pending)).toBe('last');
    await expect(host.read()).rejects.toMatchObject({ code: 'disconnected' });
    await expect(device.read()).rejects.toMatchObject({ code: 'closed' });
    await expect(device.write(b('x'))).rejects.toMatchObject({ code: 'closed' });
    await expect(device.open()).rejects.toMatchObject({ code: 'open-failed' });
  });

  it('fails a pending read on both ends with disconnected when the cable is pulled', async () => {
    const pair = createMemoryTransportPair();
    await pair.host.open();
    await pair.device.open();
    const hostRead = pair.host.read();
    const deviceRead = pair.device.read();
    pair.disconnect();
    await expect(hostRead).rejects.toMatchObject({ code: 'disconnected' });
    await expect(deviceRead).rejects.toMatchObject({ code: 'disconnected' });
    await expect(pair.host.write(b('x'))).rejects.toMatchObject({ code: 'disconnected' });
  });

  it('honours read timeouts and abort signals', async () => {
    const { host, device } = createMemoryTransportPair();
    await host.open();
    await device.open();
    await expect(host.read({ timeoutMs: 20 })).rejects.toMatchObject({ code: 'timeout' });
    const controller = new AbortController();
    const pending = host.read({ signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
    await device.write(b('ok'));
    expect(text(await host.read())).toBe('ok');
  });

  it('refuses I/O before open', async () => {
    const { host } = createMemoryTransportPair();
    await expect(host.write(b('x'))).rejects.toMatchObject({ code: 'closed' });
  });
});
