import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VirtualCard } from '../../../hardware/smartcard-emulator/index.js';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const answer = (card: VirtualCard, apdu: string) => card.respond(hex(apdu)).toString('hex').toUpperCase();

describe('VirtualCard', () => {
  it('answers GET UID (FF CA 00 00 00) with its UID and 90 00, and 6C xx to a short Le', () => {
    const card = new VirtualCard({ uidHex: '04a1b2c3d4e5f6' });
    expect(answer(card, 'FF CA 00 00 00')).toBe('04A1B2C3D4E5F69000');
    expect(answer(card, 'FF CA 00 00 04')).toBe('6C07');
    expect(answer(card, 'FF CA 01 00 00')).toBe('6A81');
    expect(card.uidHex).toBe('04A1B2C3D4E5F6');
  });

  it('refuses a UID that is not 4, 7 or 10 bytes', () => {
    expect(() => new VirtualCard({ uidHex: '04A1B2' })).toThrow(/4, 7 or 10 bytes/);
  });

  it('keeps a transparent file: select, update, read, with ISO 7816-4 status words', () => {
    const card = new VirtualCard({ uidHex: 'A1B2C3D4' });
    expect(answer(card, '00 B0 00 00 04')).toBe('6986'); // no EF selected
    expect(answer(card, '00 A4 00 0C 02 12 34')).toBe('6A82');
    expect(answer(card, '00 A4 00 0C 02 2F 01')).toBe('9000');
    expect(answer(card, '00 D6 00 02 03 41 42 43')).toBe('9000');
    expect(answer(card, '00 B0 00 00 05')).toBe('00004142439000');
    expect(answer(card, '00 B0 00 FE 04')).toBe('00006282'); // end of file before Le bytes
    expect(answer(card, '00 D6 00 FF 02 01 02')).toBe('6A80'); // past the end
    expect(answer(card, '00 B0 02 00 01')).toBe('6B00');
    expect(answer(card, '00 20 00 00')).toBe('6D00');
    expect(answer(card, '80 CA 00 00 00')).toBe('6E00');
    expect(answer(card, '00 D6')).toBe('6700');
    expect(card.file(0x2f01)!.subarray(0, 6)).toEqual(hex('000041424300'));
    card.reset();
    expect(answer(card, '00 B0 00 00 01')).toBe('6986'); // selection lost, content kept
    expect(card.file(0x2f01)!.subarray(2, 5).toString()).toBe('ABC');
  });

  it('a write-protected card refuses UPDATE BINARY with 69 82', () => {
    const card = new VirtualCard({ uidHex: 'A1B2C3D4', writeProtected: true });
    answer(card, '00 A4 00 0C 02 2F 01');
    expect(answer(card, '00 D6 00 00 01 41')).toBe('6982');
  });
});

// style.md house rule 7: the emulator is a peer with its own parsing, sharing nothing with the code it tests.
describe('hardware/smartcard-emulator', () => {
  it('imports nothing from hardware/smartcard/', () => {
    const dir = fileURLToPath(new URL('../../../hardware/smartcard-emulator/', import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const imports = [...readFileSync(`${dir}${file}`, 'utf8').matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
      expect(imports.filter((i) => i?.includes('smartcard/') || i?.startsWith('../')), file).toEqual([]);
    }
  });
});
