import { describe, expect, it } from 'vitest';
import {
  EmulatorDecodeError,
  emulatorDecodePanel,
  emulatorDecompressCounter,
  emulatorDecompressMono,
  emulatorUnpack,
  emulatorWireToLandscape,
} from '../../../hardware/emulator/emulator-decode.js';

const bytes = (hex: string): Uint8Array => Uint8Array.from(hex.split(' ').map((h) => parseInt(h, 16)));

describe('emulator decoders (§3.4, §3.6, §3.7 worked examples)', () => {
  it('unpacks the packing examples', () => {
    expect([...emulatorUnpack(bytes('08 86 42 98 E8'), 5, 8)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...emulatorUnpack(bytes('FC 08 01'), 6, 4)]).toEqual([63, 0, 32, 1]);
    expect([...emulatorUnpack(bytes('FE 04 00 00 00 00 40'), 7, 8)]).toEqual([127, 1, 0, 0, 0, 0, 0, 64]);
  });

  it.each([
    [128, 100, '85 04 64 80 FF 80 FF 80 85'],
    [64, 40, '85 04 28 C0 FF 80 84'],
    [32, 20, '85 04 14 E0 83'],
  ])('decodes the %i-level counter example', (levels, v, hex) => {
    const line = emulatorDecompressCounter(bytes(hex), levels, 1);
    expect([...line.subarray(0, 6)]).toEqual([5, 5, 5, 5, v, 0]);
    expect(line.subarray(5).every((p) => p === 0)).toBe(true);
  });

  it('treats count 0 as "blank the rest of the line"', () => {
    const two = emulatorDecompressCounter(bytes('85 03 80 00 80 00'), 32, 2);
    expect([...two.subarray(0, 4)]).toEqual([5, 5, 5, 0]);
    expect(two.subarray(3).every((p) => p === 0)).toBe(true);
  });

  it('decodes the K/O example stream 03 FF 00 80 00 FF', () => {
    const packed = emulatorDecompressMono(bytes('03 FF 00 80 00 FF'), 3);
    expect([...packed.subarray(0, 4)]).toEqual([0xff, 0x00, 0x80, 0x00]);
    expect(packed.subarray(81, 162).every((p) => p === 0)).toBe(true);
    expect(packed.subarray(162).every((p) => p === 0xff)).toBe(true);
  });

  it('rejects inconsistent streams instead of guessing', () => {
    expect(() => emulatorDecompressMono(bytes('03 FF 00'), 1)).toThrow(EmulatorDecodeError);
    expect(() => emulatorDecompressMono(bytes('52'), 1)).toThrow(/at most 81/);
    expect(() => emulatorDecompressMono(bytes('00 00'), 1)).toThrow(/left after/);
    expect(() => emulatorDecompressCounter(bytes('85 FF 85 FF 85 FF'), 128, 1)).toThrow(/overruns/);
    expect(() => emulatorDecodePanel('k', 32, new Uint8Array(10), false)).toThrow(EmulatorDecodeError);
  });

  it('maps wire line x / index 647 - y back to landscape (§3.2)', () => {
    const wire = new Uint8Array(1016 * 648);
    wire[647] = 9; // line 0, last index → x 0, y 0
    wire[5 * 648] = 7; // line 5, index 0 → x 5, y 647
    const plane = emulatorWireToLandscape(wire);
    expect(plane[0]).toBe(9);
    expect(plane[647 * 1016 + 5]).toBe(7);
  });
});
