import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evolisCommand } from '../../../hardware/evolis/evolis-commands.js';
import {
  evolisCompressCounter,
  evolisCompressMono,
  evolisEncodePanel,
  evolisLandscapeToWire,
  evolisPackPixels,
  evolisReduceLevels,
} from '../../../hardware/evolis/evolis-panels.js';
import { emulatorDecodePanel, emulatorDecompressCounter, emulatorDecompressMono } from '../../../hardware/emulator/emulator-decode.js';
import { makeGrayPlane, makeMonoPlane } from '../../../hardware/types.js';
import { firstDifference, makeTestSide, monoBits, reduced } from './evolis-test-card.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1 ');

/** One 648-pixel line: 4 pixels of 5, one of `v`, then blank (§3.6 worked examples). */
function exampleLine(v: number): Uint8Array {
  const line = new Uint8Array(648);
  line.fill(5, 0, 4);
  line[4] = v;
  return line;
}

describe('evolisPackPixels (§3.4 worked packing examples)', () => {
  it.each([
    [1, [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], 'FF 00 80'],
    [5, [31, 0, 0, 0, 0, 0, 0, 1], 'F8 00 00 00 01'],
    [5, [1, 2, 3, 4, 5, 6, 7, 8], '08 86 42 98 E8'],
    [6, [63, 0, 32, 1], 'FC 08 01'],
    [7, [127, 1, 0, 0, 0, 0, 0, 64], 'FE 04 00 00 00 00 40'],
  ])('packs %i-bit values', (bits, values, expected) => {
    expect(hex(evolisPackPixels(Uint8Array.from(values), bits))).toBe(expected);
  });

  it('rejects a pixel count that does not fill whole bytes', () => {
    expect(() => evolisPackPixels(new Uint8Array(3), 5)).toThrow(RangeError);
  });
});

describe('evolisCompressCounter (§3.6 worked examples)', () => {
  it.each([
    [128, 100, '85 04 64 80 FF 80 FF 80 85'],
    [64, 40, '85 04 28 C0 FF 80 84'],
    [32, 20, '85 04 14 E0 83'],
  ] as const)('encodes the %i-level example line', (levels, v, expected) => {
    const encoded = evolisCompressCounter(exampleLine(v), levels);
    expect(hex(encoded)).toBe(expected);
    expect(emulatorDecompressCounter(encoded, levels, 1)).toEqual(exampleLine(v));
  });

  it('writes a blank line as 80 00', () => {
    expect(hex(evolisCompressCounter(new Uint8Array(648), 32))).toBe('80 00');
  });

  it('never emits a count byte of 0 for runs of 256 and 512', () => {
    const line = new Uint8Array(648);
    line.fill(3, 0, 256);
    line.fill(4, 256, 256 + 392);
    const encoded = evolisCompressCounter(line, 128);
    expect(emulatorDecompressCounter(encoded, 128, 1)).toEqual(line);
    const line32 = new Uint8Array(648).fill(7);
    line32.fill(2, 0, 512);
    expect(emulatorDecompressCounter(evolisCompressCounter(line32, 32), 32, 1)).toEqual(line32);
  });
});

describe('evolisCompressMono (§3.7 worked example)', () => {
  it('encodes three lines as 03 FF 00 80 00 FF', () => {
    const packed = new Uint8Array(81 * 3);
    packed[0] = 0xff;
    packed[2] = 0x80;
    packed.fill(0xff, 162, 243);
    const encoded = evolisCompressMono(packed);
    expect(hex(encoded)).toBe('03 FF 00 80 00 FF');
    expect(emulatorDecompressMono(encoded, 3)).toEqual(packed);
  });

  it('makes a white panel into Dbc;k;2;1016; and 1016 zero bytes', () => {
    const encoded = evolisEncodePanel('k', makeMonoPlane(), { compressed: true });
    const expected = Buffer.concat([Buffer.from('\x1bDbc;k;2;1016;', 'ascii'), Buffer.alloc(1016), Buffer.of(0x0d)]);
    expect(encoded.frame.equals(expected)).toBe(true);
  });
});

describe('panel geometry (§3.2, §3.3, §4.1)', () => {
  it('sends column x as line x with row y at index 647 - y', () => {
    const plane = makeGrayPlane();
    plane.data[0] = 11; // x 0, y 0 (top-left)
    plane.data[647 * 1016 + 1015] = 22; // x 1015, y 647 (bottom-right)
    plane.data[10 * 1016 + 3] = 33; // x 3, y 10
    const wire = evolisLandscapeToWire(plane);
    expect(wire[647]).toBe(11);
    expect(wire[1015 * 648 + 0]).toBe(22);
    expect(wire[3 * 648 + 637]).toBe(33);
  });

  it('rejects a plane of the wrong size', () => {
    expect(() => evolisLandscapeToWire(makeGrayPlane(1011, 638))).toThrow(/1016x648/);
  });

  it('adds up to the 1,399,102 bytes of the uncompressed YMCKO job in §4.1', () => {
    const side = makeTestSide();
    const panels = (['y', 'm', 'c', 'k', 'o'] as const).map((p) => evolisEncodePanel(p, side[p], { compressed: false }));
    expect(panels.map((p) => p.dataBytes)).toEqual([411_480, 411_480, 411_480, 82_296, 82_296]);
    const frames = [evolisCommand('Pr', 'ymcko'), evolisCommand('Ss'), evolisCommand('Sr'), ...panels.map((p) => p.frame), evolisCommand('Se')];
    expect(frames.reduce((sum, f) => sum + f.length, 0)).toBe(1_399_102);
  });

  it('reduces 8-bit ink by keeping the top bits', () => {
    expect([...evolisReduceLevels(Uint8Array.from([0, 7, 8, 255]), 32)]).toEqual([0, 0, 1, 31]);
    expect([...evolisReduceLevels(Uint8Array.from([255, 128]), 128)]).toEqual([127, 64]);
  });
});

describe('encode → emulator decode round trips', () => {
  it('keeps every pixel of a card-like side, compressed and not, at every level count', () => {
    const side = makeTestSide(3);
    for (const compressed of [true, false]) {
      for (const levels of [32, 64, 128] as const) {
        const y = evolisEncodePanel('y', side.y, { compressed, colourLevels: levels });
        const payload = y.frame.subarray(y.frame.indexOf(0x3b, y.frame.indexOf(0x3b, y.frame.indexOf(0x3b) + 1) + 1) + 1 + (compressed ? String(y.dataBytes).length + 1 : 0), -1);
        expect(payload.length).toBe(y.dataBytes);
        expect(firstDifference(emulatorDecodePanel('y', levels, payload, compressed), reduced(side.y, levels))).toBe('equal');
      }
      const k = evolisEncodePanel('k', side.k, { compressed });
      expect(firstDifference(emulatorDecodePanel('k', 2, k.frame.subarray(k.frame.length - 1 - k.dataBytes, -1), compressed), monoBits(side.k))).toBe('equal');
    }
  });

  it('property: counter compression decodes to the same values (any runs, any levels)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(32 as const, 64 as const, 128 as const),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.record({ value: fc.integer({ min: 0, max: 127 }), length: fc.integer({ min: 1, max: 900 }) }), { minLength: 1, maxLength: 40 }),
        (levels, lines, runs) => {
          const values = new Uint8Array(lines * 648);
          let at = 0;
          for (let r = 0; at < values.length; r = (r + 1) % runs.length) {
            const run = runs[r]!;
            const end = Math.min(values.length, at + run.length);
            values.fill(run.value % levels, at, end);
            at = end;
          }
          const encoded = evolisCompressCounter(values, levels);
          expect(emulatorDecompressCounter(encoded, levels, lines)).toEqual(values);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('property: K/O compression decodes to the same packed lines', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(0), fc.constant(0xff), fc.integer({ min: 0, max: 255 })), { minLength: 81 * 4, maxLength: 81 * 4 }), (bytes) => {
        const packed = Uint8Array.from(bytes);
        // Blank some whole lines so the 00 shortcut is exercised.
        packed.fill(0, 81, 162);
        const encoded = evolisCompressMono(packed);
        expect(emulatorDecompressMono(encoded, 4)).toEqual(packed);
      }),
      { numRuns: 100 },
    );
  });
});
