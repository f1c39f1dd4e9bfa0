import { afterEach, describe, expect, it } from 'vitest';
import { UsbTransport } from '../../../hardware/transports/usb-transport.js';
import type { UsbTransportOptions } from '../../../hardware/transports/usb-transport.js';
import { TransportError } from '../../../hardware/types.js';
import { FakeWebUsb, FakeWebUsbDevice, printerConfiguration, withLengthPrefix } from './fake-webusb-device.js';
import type { FakeWebUsbDeviceOptions } from './fake-webusb-device.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function setup(
  deviceOptions: FakeWebUsbDeviceOptions = {},
  transportOptions: Partial<UsbTransportOptions> = {},
): { usb: FakeWebUsb; device: FakeWebUsbDevice; transport: UsbTransport } {
  const device = new FakeWebUsbDevice(deviceOptions);
  const usb = new FakeWebUsb([device]);
  const transport = new UsbTransport({ vendorId: 0x0f49, productId: 0x0a00, usb, readPollMs: 50, ...transportOptions });
  cleanups.push(() => transport.close());
  return { usb, device, transport };
}

async function rejection(promise: Promise<unknown>): Promise<TransportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransportError);
  return error as TransportError;
}

function bytes(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i * 7) & 0xff);
}

async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('UsbTransport opening (§5.4 flow)', () => {
  it('opens, detaches usblp where bound, and claims the printer interface', async () => {
    const { device, transport } = setup();
    expect(transport.description).toBe('usb://0f49:0a00');
    await transport.open();
    expect(device.calls.map((c) => c.method)).toEqual(['open', 'detachKernelDriver', 'claimInterface']);
    expect(device.callsOf('claimInterface')[0]?.args).toEqual([0]);
    expect(transport.printerInterface).toMatchObject({ interfaceNumber: 0, alternateSetting: 0, protocol: 2 });
  });

  it('selects configuration 1 when the device is unconfigured, and the preferred alternate', async () => {
    const configuration = printerConfiguration({ interfaceNumber: 1 });
    const iface = configuration.interfaces[0];
    if (iface === undefined) throw new Error('fixture');
    const twoAlternates = {
      ...configuration,
      interfaces: [{ ...iface, alternates: [{ ...iface.alternates[0]!, interfaceProtocol: 1 }, { ...iface.alternates[0]!, alternateSetting: 1, interfaceProtocol: 2 }] }],
    };
    const { device, transport } = setup({ configured: false, configurations: [twoAlternates] });
    await transport.open();
    expect(device.callsOf('selectConfiguration')[0]?.args).toEqual([1]);
    expect(device.callsOf('claimInterface')[0]?.args).toEqual([1]);
    expect(device.callsOf('selectAlternateInterface')[0]?.args).toEqual([1, 1]);
  });

  it('matches VID/PID and serial, and says what is missing', async () => {
    const other = new FakeWebUsbDevice({ serialNumber: 'OTHER' });
    const wanted = new FakeWebUsbDevice({ serialNumber: 'WANTED' });
    const usb = new FakeWebUsb([other, wanted]);
    const transport = new UsbTransport({ vendorId: 0x0f49, productId: 0x0a00, serial: 'WANTED', usb });
    cleanups.push(() => transport.close());
    await transport.open();
    expect(other.calls).toEqual([]);
    expect(wanted.callsOf('claimInterface')).toHaveLength(1);

    const missing = new UsbTransport({ vendorId: 0x0f49, productId: 0x0a00, serial: 'NOPE', usb });
    const error = await rejection(missing.open());
    expect(error.code).toBe('open-failed');
    expect(error.message).toBe('No USB device matching usb://0f49:0a00?serial=NOPE is connected.');
  });

  it('reports open-failed through the real usb library when the device is absent (or there is no USB bus)', async () => {
    const transport = new UsbTransport({ vendorId: 0xffff, productId: 0xfffe });
    cleanups.push(() => transport.close());
    const error = await rejection(transport.open());
    expect(error.code).toBe('open-failed');
    expect(error.message).toMatch(/usb:\/\/ffff:fffe/);
  });

  it('refuses a device without a printer-class interface', async () => {
    const { transport } = setup({ configurations: [{ configurationValue: 1, interfaces: [{ interfaceNumber: 0, alternates: [{ alternateSetting: 0, interfaceClass: 8, interfaceSubclass: 6, interfaceProtocol: 80, endpoints: [] }] }] }] });
    const error = await rejection(transport.open());
    expect(error.code).toBe('open-failed');
    expect(error.message).toMatch(/no usable printer-class interface/);
  });
});

describe('UsbTransport class requests (§5.2)', () => {
  it('sends GET_DEVICE_ID with class/interface, request 0, value 0 and index (interface << 8) | alternate', async () => {
    const configuration = printerConfiguration({ interfaceNumber: 2 });
    const iface = configuration.interfaces[0]!;
    const alt1 = { ...configuration, interfaces: [{ ...iface, alternates: [{ ...iface.alternates[0]!, alternateSetting: 1 }] }] };
    const { device, transport } = setup({ configurations: [alt1], deviceId: 'MANUFACTURER:Evolis;MODEL:Primacy 2;COMMAND SET:EVOLIS;SN:P2-0042;' });
    await transport.open();
    const id = await transport.readDeviceId();
    const [call] = device.callsOf('controlTransferIn');
    expect(call?.args[0]).toEqual({ requestType: 'class', recipient: 'interface', request: 0, value: 0, index: (2 << 8) | 1 });
    expect(call?.args[1]).toBe(1024);
    expect(id).toMatchObject({ manufacturer: 'Evolis', model: 'Primacy 2', commandSet: 'EVOLIS', serial: 'P2-0042' });
  });

  it('reads a little-endian length and falls back to the string descriptors for an empty ID', async () => {
    const le = setup({ deviceId: withLengthPrefix('MFG:Magicard;MDL:Rio Pro;', true) });
    await le.transport.open();
    expect(await le.transport.readDeviceId()).toMatchObject({ manufacturer: 'Magicard', model: 'Rio Pro' });

    const empty = setup({ deviceId: Uint8Array.of(0, 2), manufacturerName: 'Evolis', productName: 'Zenius', serialNumber: 'Z1' });
    await empty.transport.open();
    expect(await empty.transport.readDeviceId()).toEqual({ raw: '', fields: {}, manufacturer: 'Evolis', model: 'Zenius', serial: 'Z1' });
  });

  it('decodes GET_PORT_STATUS', async () => {
    const { device, transport } = setup({ portStatus: 0x38 });
    await transport.open();
    expect((await transport.portStatus()).reasons).toEqual(['media-empty']);
    const [call] = device.callsOf('controlTransferIn');
    expect(call?.args.slice(0, 2)).toEqual([{ requestType: 'class', recipient: 'interface', request: 1, value: 0, index: 0 }, 1]);
  });

  it('sends SOFT_RESET to recipient other, retrying with recipient interface when that stalls', async () => {
    const { device, transport } = setup({ stallSoftResetRecipient: 'other' });
    await transport.open();
    await transport.softReset();
    expect(device.callsOf('controlTransferOut').map((c) => c.args[0])).toEqual([
      { requestType: 'class', recipient: 'other', request: 2, value: 0, index: 0 },
      { requestType: 'class', recipient: 'interface', request: 2, value: 0, index: 0 },
    ]);
  });
});

describe('UsbTransport bulk transfers', () => {
  it('writes in chunkBytes pieces to bulk OUT', async () => {
    const { device, transport } = setup({}, { chunkBytes: 16_384 });
    await transport.open();
    const payload = bytes(40_000);
    await transport.write(payload);
    expect(device.callsOf('transferOut').map((c) => [c.args[0], (c.args[1] as Uint8Array).length])).toEqual([
      [1, 16_384],
      [1, 16_384],
      [1, 7_232],
    ]);
    expect(Buffer.compare(device.writtenBytes(), payload)).toBe(0);
  });

  it('reads a reply from bulk IN, polling until it arrives', async () => {
    const { device, transport } = setup({ respond: (chunk) => (chunk[1] === 0x52 ? new TextEncoder().encode('OK\r') : undefined) });
    await transport.open();
    await transport.write(new TextEncoder().encode('\x1bRfv\r'));
    expect(new TextDecoder().decode(await transport.read({ timeoutMs: 1000 }))).toBe('OK\r');
    const later = transport.read({ timeoutMs: 2000 });
    setTimeout(() => device.queueReply(Uint8Array.of(0x06)), 120);
    expect([...(await later)]).toEqual([0x06]);
    expect(device.callsOf('transferIn').every((c) => c.args[0] === 2)).toBe(true);
  });

  it('times a silent read out as timeout and stays attached', async () => {
    const { transport } = setup();
    await transport.open();
    expect((await rejection(transport.read({ timeoutMs: 120 }))).code).toBe('timeout');
    expect(transport.attached).toBe(true);
  });

  it('aborts a read on the signal', async () => {
    const { transport } = setup();
    await transport.open();
    const controller = new AbortController();
    const pending = transport.read({ signal: controller.signal, timeoutMs: 5000 });
    setTimeout(() => controller.abort(), 20);
    expect((await rejection(pending)).code).toBe('aborted');
  });

  it('stops sending the rest of a write once it is aborted', async () => {
    const { device, transport } = setup({}, { chunkBytes: 1024 });
    await transport.open();
    device.holdWrites();
    const controller = new AbortController();
    const pending = transport.write(bytes(10 * 1024), { signal: controller.signal });
    await until(() => device.callsOf('transferOut').length === 1);
    controller.abort();
    expect((await rejection(pending)).code).toBe('aborted');
    device.holdWrites(false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(device.callsOf('transferOut')).toHaveLength(1);
  });

  it('refuses to read from a unidirectional interface', async () => {
    const { transport } = setup({ configurations: [printerConfiguration({ protocol: 1 })] });
    await transport.open();
    await expect(transport.read()).rejects.toThrow(/unidirectional/);
  });
});

describe('UsbTransport unplug and re-attach', () => {
  it('rejects with disconnected when the cable goes mid-write', async () => {
    const { device, transport } = setup({}, { chunkBytes: 16_384 });
    await transport.open();
    device.unplugAfterBytes(20_000);
    const error = await rejection(transport.write(bytes(64_000)));
    expect(error.code).toBe('disconnected');
    expect(device.writtenBytes().length).toBe(20_000);
    expect(transport.attached).toBe(false);
  });

  it('rejects a hanging transfer as soon as the disconnect event arrives', async () => {
    const { device, transport } = setup();
    await transport.open();
    device.holdWrites();
    const pending = transport.write(bytes(100), { timeoutMs: 10_000 });
    await until(() => device.callsOf('transferOut').length === 1);
    device.unplug({ eventFirst: true });
    expect((await rejection(pending)).code).toBe('disconnected');
  });

  it('treats a failed transfer without any event as disconnected', async () => {
    const { device, transport } = setup();
    await transport.open();
    const pending = transport.read({ timeoutMs: 5000 });
    await until(() => device.callsOf('transferIn').length === 1);
    device.unplug({ silent: true });
    const error = await rejection(pending);
    expect(error.code).toBe('disconnected');
    expect(error.message).toMatch(/device disconnected/);
  });

  it('fails fast while the device is away and re-attaches when it comes back', async () => {
    const { device, transport } = setup();
    await transport.open();
    device.unplug();
    expect(transport.attached).toBe(false);
    const away = await rejection(transport.write(bytes(10)));
    expect(away.code).toBe('disconnected');
    expect(away.message).toMatch(/No USB device matching/);
    device.replug();
    await until(() => transport.attached);
    expect(device.callsOf('claimInterface')).toHaveLength(2);
    await transport.write(bytes(10));
    expect(device.writtenBytes()).toEqual(bytes(10));
  });

  it('re-attaches on the next call when the connect event was missed', async () => {
    const { device, transport } = setup();
    await transport.open();
    device.unplug({ silent: true });
    expect((await rejection(transport.write(bytes(1)))).code).toBe('disconnected');
    device.replug();
    await transport.write(bytes(3));
    expect(device.writtenBytes().length).toBe(3);
  });

  it('ignores connect and disconnect events of other devices', async () => {
    const { usb, device, transport } = setup();
    await transport.open();
    const stranger = new FakeWebUsbDevice({ vendorId: 0x09b0, productId: 0x2400 });
    usb.plug(stranger);
    stranger.replug();
    stranger.unplug();
    expect(transport.attached).toBe(true);
    await transport.write(bytes(4));
    expect(device.writtenBytes().length).toBe(4);
    expect(stranger.calls).toEqual([]);
  });
});

describe('UsbTransport close', () => {
  it('rejects pending and later calls with closed, releases the interface and stops listening', async () => {
    const { usb, device, transport } = setup();
    await transport.open();
    expect(usb.listenerCount).toBe(2);
    const pending = rejection(transport.read({ timeoutMs: 5000 }));
    await until(() => device.callsOf('transferIn').length === 1);
    await transport.close();
    expect((await pending).code).toBe('closed');
    expect(device.callsOf('releaseInterface')[0]?.args).toEqual([0]);
    expect(device.opened).toBe(false);
    expect(usb.listenerCount).toBe(0);
    expect((await rejection(transport.write(bytes(1)))).code).toBe('closed');
    expect((await rejection(transport.open())).code).toBe('closed');
    await transport.close();
  });

  it('rejects calls before open() as closed', async () => {
    const { transport } = setup();
    expect((await rejection(transport.write(bytes(1)))).code).toBe('closed');
  });
});
