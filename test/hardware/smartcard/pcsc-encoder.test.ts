// PcscEncoder through the real stack: libpcsclite → pcscd → vpcd → our card emulator over TCP.
import { describe, expect, it } from 'vitest';
import { discoverPrinters } from '../../../hardware/discovery/index.js';
import { GET_UID_APDU, SmartCardError, readBinaryApdu, selectFileApdu, updateBinaryApdu } from '../../../hardware/smartcard/index.js';
import { useSmartCardStack } from './smartcard-test-stack.js';

async function failure(work: Promise<unknown>): Promise<SmartCardError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SmartCardError);
  return error as SmartCardError;
}

describe('PcscEncoder on pcscd + vpcd', () => {
  const stack = useSmartCardStack();

  it('lists both vpcd readers, with card presence and the ATR', async () => {
    const s = stack();
    await s.insert('04A1B2C3D4E5F6', 1);
    const readers = await s.encoder.listReaders();
    expect(readers.map((r) => r.name)).toEqual([...s.readerNames]);
    expect(readers[0]).toMatchObject({ cardPresent: false, atrHex: undefined });
    expect(readers[1]).toMatchObject({ cardPresent: true, atrHex: '3B8880010000000000000000' });
  });

  it('joins printer discovery: reader names, card present and ATR, with the pcsc:// URI', async () => {
    const s = stack();
    await s.insert('04A1B2C3D4E5F6', 0);
    const result = await discoverPrinters({ usbDevices: async () => [], serialPorts: async () => [], lpstat: async () => '' });
    expect(result.readers).toEqual([
      { name: s.readerNames[0], cardPresent: true, atrHex: '3B8880010000000000000000', uri: `pcsc://${s.readerNames[0]}` },
      { name: s.readerNames[1], cardPresent: false, uri: `pcsc://${s.readerNames[1]}` },
    ]);
    expect(result.notes).toEqual([]);
  });

  it('reads the UID with FF CA 00 00 00, for 4-, 7- and 10-byte UIDs', async () => {
    const s = stack();
    for (const uid of ['A1B2C3D4', '04A1B2C3D4E5F6', '0102030405060708090A']) {
      await s.insert(uid, 0);
      expect(await s.encoder.readUid(s.readerNames[0])).toBe(uid);
      expect(s.slots[0].exchanges.at(-1)?.command).toEqual(GET_UID_APDU);
      await s.remove(0);
    }
  });

  it('talks to two cards on two readers independently', async () => {
    const s = stack();
    await s.insert('04000000000001', 0);
    await s.insert('04000000000002', 1);
    const [a, b] = await Promise.all([s.encoder.readUid(s.readerNames[0]), s.encoder.readUid(s.readerNames[1])]);
    expect([a, b]).toEqual(['04000000000001', '04000000000002']);
  });

  it('selects, writes and reads back a file through a session', async () => {
    const s = stack();
    const card = await s.insert('04A1B2C3D4E5F6');
    const session = await s.encoder.connect(s.readerNames[0]);
    try {
      expect(session.atrHex).toBe('3B8880010000000000000000');
      expect((await session.transmit(selectFileApdu(0x2f01))).sw).toBe(0x9000);
      expect((await session.transmit(updateBinaryApdu(4, Buffer.from('cetak')))).sw).toBe(0x9000);
      const read = await session.transmit(readBinaryApdu(4, 5));
      expect(read).toEqual({ data: Buffer.from('cetak'), sw: 0x9000 });
      // An unknown file is a status word, not an exception: the session stays usable.
      expect((await session.transmit(selectFileApdu(0x1234))).sw).toBe(0x6a82);
      expect(await session.readUid()).toBe('04A1B2C3D4E5F6');
    } finally {
      session.close();
    }
    expect(card.file(0x2f01)?.subarray(4, 9).toString()).toBe('cetak');
  });

  it('says no card when the reader is empty, and waits for one when asked', async () => {
    const s = stack();
    const empty = await failure(s.encoder.readUid(s.readerNames[0]));
    expect(empty.code).toBe('no-card');
    expect(empty.message).toBe(`No card on reader "${s.readerNames[0]}": place the blank on it.`);

    const waited = await failure(s.encoder.readUid(s.readerNames[0], { waitForCardMs: 300 }));
    expect(waited.code).toBe('no-card');

    const reading = s.encoder.readUid(s.readerNames[0], { waitForCardMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await s.slots[0].insert(new (await import('../../../hardware/smartcard-emulator/index.js')).VirtualCard({ uidHex: '04CAFE00000001' }));
    expect(await reading).toBe('04CAFE00000001');
  });

  it('reports a card removed in the middle of a command, and closes the session', async () => {
    const s = stack();
    await s.insert('04A1B2C3D4E5F6');
    const session = await s.encoder.connect(s.readerNames[0]);
    s.slots[0].setFault('remove-on-next-apdu');
    const removed = await failure(session.transmit(selectFileApdu(0x2f01)));
    expect(removed.code).toBe('card-removed');
    expect(removed.message).toBe(`The card was taken off reader "${s.readerNames[0]}" during SELECT.`);
    expect(session.closed).toBe(true);
    expect((await failure(session.readUid())).code).toBe('card-removed');
  });

  it('gives up on a card that stops answering by the time limit, and the other reader still works', async () => {
    const s = stack();
    await s.insert('04A1B2C3D4E5F6', 0);
    await s.insert('04B1B2C3D4E5F6', 1);
    const session = await s.encoder.connect(s.readerNames[0]);
    s.slots[0].setFault('hang');
    const started = Date.now();
    const hung = await failure(session.readUid({ timeoutMs: 400 }));
    // Either our limit fires, or (now and then) vpcd gives up first and PC/SC says the transaction failed.
    if (hung.code === 'timeout') {
      expect(Date.now() - started).toBeGreaterThanOrEqual(390);
      expect(hung.message).toBe(`The card on reader "${s.readerNames[0]}" did not answer in time during GET UID.`);
    } else {
      expect(hung.code, hung.pcsc).toBe('card-unresponsive');
      expect(hung.message).toBe(`The card on reader "${s.readerNames[0]}" stopped answering during GET UID: take it off and place it again.`);
    }
    expect(session.closed).toBe(true);
    expect(await s.encoder.readUid(s.readerNames[1])).toBe('04B1B2C3D4E5F6');
  });

  it('names an unknown reader and lists the ones there are', async () => {
    const s = stack();
    const gone = await failure(s.encoder.readUid('ACS ACR1252 1S CL Reader 00 00'));
    expect(gone.code).toBe('reader-not-found');
    expect(gone.message).toContain('Reader "ACS ACR1252 1S CL Reader 00 00" is not connected');
    expect(gone.message).toContain(`"${s.readerNames[0]}"`);
  });

  it('honours an abort signal while waiting for a card', async () => {
    const s = stack();
    const controller = new AbortController();
    const waiting = failure(s.encoder.readUid(s.readerNames[0], { waitForCardMs: 20_000, signal: controller.signal }));
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    expect((await waiting).code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  // Last in the file: these stop and restart the daemon (one pcscd per test process: libpcsclite
  // reads PCSCLITE_CSOCK_NAME once).
  it('reports the reader unplugged, then pcscd stopped, then works again after a restart', async () => {
    const s = stack();
    await s.insert('04A1B2C3D4E5F6');
    expect(await s.encoder.readUid(s.readerNames[0])).toBe('04A1B2C3D4E5F6');

    // The configured reader is no longer there (pcscd now knows other readers only).
    await s.pcscd.restartWithReaders('Other PCD');
    const unplugged = await failure(s.encoder.readUid(s.readerNames[0]));
    expect(unplugged.code).toBe('reader-not-found');
    expect(unplugged.message).toContain('"Other PCD 00 00"');

    await s.pcscd.kill();
    const stopped = await failure(s.encoder.readUid(s.readerNames[0]));
    expect(stopped.code).toBe('pcscd-unavailable');
    expect(stopped.message).toBe('The smart-card service (pcscd) is not running during connect: start it (systemctl start pcscd) and try again.');
    expect((await failure(s.encoder.listReaders())).code).toBe('pcscd-unavailable');
    const discovered = await discoverPrinters({ usbDevices: async () => [], serialPorts: async () => [], lpstat: async () => '' });
    expect(discovered.readers).toEqual([]);
    expect(discovered.notes).toEqual([expect.stringMatching(/^no smart-card readers listed: The smart-card service \(pcscd\) is not running/)]);

    await s.pcscd.restartWithReaders('Virtual PCD');
    await s.insert('04A1B2C3D4E5F7');
    expect(await s.encoder.readUid(s.readerNames[0])).toBe('04A1B2C3D4E5F7');
  });

  it('reports pcscd stopped in the middle of a session', async () => {
    const s = stack();
    await s.insert('04A1B2C3D4E5F6');
    const session = await s.encoder.connect(s.readerNames[0]);
    await s.pcscd.kill();
    const stopped = await failure(session.readUid());
    expect(['pcscd-unavailable', 'card-removed']).toContain(stopped.code);
    expect(session.closed).toBe(true);
    await s.pcscd.restart();
  });
});
