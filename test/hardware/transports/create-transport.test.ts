import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parsePrinterUri, PrinterUriError } from '../../../hardware/printer-uri.js';
import { createTransport, NotAByteTransportError } from '../../../hardware/transports/create-transport.js';
import { SerialTransport } from '../../../hardware/transports/serial-transport.js';
import { TcpTransport } from '../../../hardware/transports/tcp-transport.js';
import { UsbTransport } from '../../../hardware/transports/usb-transport.js';
import { FakeWebUsb, FakeWebUsbDevice, printerConfiguration } from './fake-webusb-device.js';

describe('createTransport', () => {
  it('makes a TCP transport that reaches the host and port of the URI', async () => {
    const received: Buffer[] = [];
    const server = createServer((socket) => socket.on('data', (chunk) => received.push(chunk)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const transport = createTransport(`tcp://127.0.0.1:${port}`, { tcp: { connectTimeoutMs: 2000 } });
    try {
      expect(transport).toBeInstanceOf(TcpTransport);
      await transport.open();
      await transport.write(Uint8Array.of(0x1b, 0x50, 0x0d));
      for (let i = 0; i < 200 && Buffer.concat(received).length < 3; i += 1) await new Promise((r) => setTimeout(r, 5));
      expect([...Buffer.concat(received)]).toEqual([0x1b, 0x50, 0x0d]);
    } finally {
      await transport.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('makes a serial transport with the URI line settings', () => {
    const transport = createTransport(parsePrinterUri('serial:///dev/ttyUSB0?baud=115200&flow=rtscts'));
    expect(transport).toBeInstanceOf(SerialTransport);
    expect(transport.description).toBe('serial:///dev/ttyUSB0?baud=115200');
  });

  it('makes a USB transport that honours serial and interface from the URI', async () => {
    const wrong = new FakeWebUsbDevice({ serialNumber: 'A' });
    const right = new FakeWebUsbDevice({ serialNumber: 'B', configurations: [printerConfiguration({ interfaceNumber: 3 })] });
    const transport = createTransport('usb://0f49:0a00?serial=B&interface=3', { usb: { usb: new FakeWebUsb([wrong, right]) } });
    try {
      expect(transport).toBeInstanceOf(UsbTransport);
      await transport.open();
      expect(wrong.calls).toEqual([]);
      expect(right.callsOf('claimInterface')[0]?.args).toEqual([3]);
    } finally {
      await transport.close();
    }
  });

  it.each(['ipp://localhost:631/printers/fargo1', 'ipps://cups/ipp/print', 'sim://fargo-hdp5000'])('refuses %s and points to the driver factory', (uri) => {
    let caught: unknown;
    try {
      createTransport(uri);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NotAByteTransportError);
    expect((caught as NotAByteTransportError).code).toBe('not-a-byte-transport');
    expect((caught as Error).message).toMatch(/driver factory/);
  });

  it('passes URI syntax errors through', () => {
    expect(() => createTransport('tcp://host:99999')).toThrow(PrinterUriError);
  });
});
