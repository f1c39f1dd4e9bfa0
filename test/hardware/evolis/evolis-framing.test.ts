import { describe, expect, it } from 'vitest';
import { EvolisFramer } from '../../../hardware/evolis/evolis-framing.js';
import type { EvolisFrame } from '../../../hardware/evolis/evolis-framing.js';

const ascii = (s: string): Buffer => Buffer.from(s, 'latin1');
const texts = (frames: EvolisFrame[]): string[] => frames.map((f) => Buffer.from(f.bytes).toString('latin1'));

// Replies as an Evolis printer sends them (§1.4): NUL-terminated, with stray NUL padding.
const STREAM = ascii('OK\0\0Evolis Primacy\0ERROR CDE\r\n\0\0\x001234\0FEEDER EMPTY\0');
const EXPECTED = ['OK', 'Evolis Primacy', 'ERROR CDE\r\n', '1234', 'FEEDER EMPTY'];

describe('EvolisFramer', () => {
  it('finds the same frames however the stream is split in two', () => {
    for (let cut = 0; cut <= STREAM.length; cut += 1) {
      const framer = new EvolisFramer();
      const frames = [...framer.push(STREAM.subarray(0, cut)), ...framer.push(STREAM.subarray(cut))];
      expect(texts(frames), `cut at ${cut}`).toEqual(EXPECTED);
      expect(framer.hasPartial).toBe(false);
    }
  });

  it('finds the same frames however the stream is split in three', () => {
    for (let a = 0; a <= STREAM.length; a += 1) {
      for (let b = a; b <= STREAM.length; b += 1) {
        const framer = new EvolisFramer();
        const frames = [STREAM.subarray(0, a), STREAM.subarray(a, b), STREAM.subarray(b)].flatMap((chunk) => framer.push(chunk));
        expect(texts(frames)).toEqual(EXPECTED);
      }
    }
  });

  it('keeps a reply without its NUL as partial, however long, and completes it only at the NUL', () => {
    const framer = new EvolisFramer();
    expect(texts(framer.push(ascii('OK\0NO CA')))).toEqual(['OK']);
    expect(framer.hasPartial).toBe(true);
    expect(framer.push(ascii('RD'))).toHaveLength(0);
    expect(framer.pendingBytes).toBe(7);
    expect(texts(framer.push(ascii('\0')))).toEqual(['NO CARD']);
    expect(framer.hasPartial).toBe(false);
  });

  it('never holds more than maxFrameBytes of garbage, and flags the overflow', () => {
    const framer = new EvolisFramer({ maxFrameBytes: 64 });
    const junk = Buffer.alloc(1_000_000, 0xa5);
    expect(framer.push(junk)).toEqual([]);
    expect(framer.pendingBytes).toBe(64);
    const [frame] = framer.push(ascii('\0OK\0'));
    expect(frame?.overflow).toBe(true);
    expect(frame?.bytes.length).toBe(64);
    expect(texts(framer.push(ascii('OK\0')))).toEqual(['OK']);
  });

  it('rejects a bad maxFrameBytes', () => {
    expect(() => new EvolisFramer({ maxFrameBytes: 0 })).toThrow(TypeError);
  });
});
