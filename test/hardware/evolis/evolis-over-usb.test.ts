import { describe, expect, it } from 'vitest';
import { EvolisDriver } from '../../../hardware/evolis/index.js';
import { UsbTransport } from '../../../hardware/transports/index.js';
import { FakeWebUsb, FakeWebUsbDevice } from '../transports/fake-webusb-device.js';
import { makeTestJob } from './evolis-test-card.js';

/**
 * The Evolis driver on the USB printer-class transport, against a scripted printer behind the
 * recorded WebUSB fake: what a printer unplugged in the middle of a card looks like to the station.
 */

const ESC = 0x1b;

/** Answers the status and set-up commands like an idle printer; stays silent during downloads. */
function idlePrinter(chunk: Uint8Array): Uint8Array | undefined {
  if (chunk[0] !== ESC || chunk.length > 64) return undefined;
  const command = Buffer.from(chunk.subarray(1)).toString('latin1').replace(/\r$/, '');
  const answers: Record<string, string> = { 'Sk;f': '0', 'Rlr;p': 'OK', Rcr: 'OK', 'Rco;l': '400', 'Rrt;count': '400', Rtp: 'Primacy', Rsn: 'USB-1', Rfv: '1.0' };
  if (command.startsWith('Db')) return undefined;
  return Buffer.from(`${answers[command] ?? 'OK'}\0`, 'latin1');
}

function usbDriver(device: FakeWebUsbDevice): EvolisDriver {
  const usb = new FakeWebUsb([device]);
  return new EvolisDriver({
    uri: 'usb://0f49:0a00',
    transport: () => new UsbTransport({ vendorId: 0x0f49, productId: 0x0a00, usb, readPollMs: 10 }),
    downloadReplyTimeoutMs: 100,
    replyGapMs: 30,
    commandTimeoutMs: 2_000,
  });
}

describe('Evolis over USB', () => {
  it('prints a card through the printer-class bulk pipes', async () => {
    const device = new FakeWebUsbDevice({ respond: idlePrinter });
    const driver = usbDriver(device);
    const result = await driver.print(makeTestJob('usb-1'));
    expect(result.outcome).toBe('printed');
    const sent = Buffer.concat(device.written);
    expect(sent.includes(Buffer.from('\x1bSs\r'))).toBe(true);
    expect(sent.includes(Buffer.from('\x1bSe\r'))).toBe(true);
    await driver.close();
  });

  it('gives unknown when the printer is unplugged in the middle of a card', async () => {
    const device = new FakeWebUsbDevice({ respond: idlePrinter });
    const driver = usbDriver(device);
    // Past the set-up commands and the pick, inside the first colour panel.
    device.unplugAfterBytes(150_000);
    const result = await driver.print(makeTestJob('usb-2'));
    expect(result.outcome).toBe('unknown');
    await driver.close();
  });
});
