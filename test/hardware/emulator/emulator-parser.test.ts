import { describe, expect, it } from 'vitest';
import { EmulatorParser } from '../../../hardware/emulator/emulator-parser.js';
import type { EmulatorCommand } from '../../../hardware/emulator/emulator-parser.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');
const summary = (commands: EmulatorCommand[]): string[] =>
  commands.map((c) => (c.payload ? `${[c.name, ...c.params].join('|')}+${Buffer.from(c.payload).toString('hex')}` : [c.name, ...c.params].join('|')));

// Payloads deliberately contain CR, ESC and ';' (§1.2): only counted reads survive them.
const DBC_PAYLOAD = Buffer.from([0x0d, 0x1b, 0x3b, 0x00, 0x41]);
const STREAM = Buffer.concat([
  b('\x1bPr;ymcko\r'),
  b('Ss\r'), // ESC omitted after CR (§1.1)
  b('\0\0\0'), // NUL padding (§1.2)
  b('\x1bDbc;k;2;5;'),
  DBC_PAYLOAD,
  b('\r'),
  Buffer.alloc(7),
  b('\x1bSe\r'),
]);
const EXPECTED = ['Pr|ymcko', 'Ss', 'Dbc|k|2|5+0d1b3b0041', 'Se'];

describe('EmulatorParser', () => {
  it('parses a stream with a missing ESC, NUL padding and a binary Dbc payload', () => {
    expect(summary(new EmulatorParser().push(STREAM))).toEqual(EXPECTED);
  });

  it('gives the same commands however the stream is split', () => {
    for (let cut = 0; cut <= STREAM.length; cut += 1) {
      const parser = new EmulatorParser();
      expect(summary([...parser.push(STREAM.subarray(0, cut)), ...parser.push(STREAM.subarray(cut))]), `cut at ${cut}`).toEqual(EXPECTED);
    }
    const parser = new EmulatorParser();
    expect(summary([...STREAM].flatMap((byte) => parser.push(Uint8Array.of(byte))))).toEqual(EXPECTED);
  });

  it('reads Db by the fixed panel size of §3.3 whatever the payload holds', () => {
    const payload = Buffer.alloc(82_296, 0x0d);
    payload[100] = 0x1b;
    const [command, next] = new EmulatorParser().push(Buffer.concat([b('\x1bDb;k;2;'), payload, b('\r\x1bSe\r')]));
    expect(command?.name).toBe('Db');
    expect(command?.payload?.length).toBe(82_296);
    expect(command?.payload?.[100]).toBe(0x1b);
    expect(next?.name).toBe('Se');
  });

  it('honours Psc at once and a bare Psc restores the defaults (§1.3)', () => {
    const parser = new EmulatorParser();
    const commands = parser.push(b('\x1bPsc;60;47;62\r<Pc/m/+><Psc>\x1bRsc\r'));
    expect(summary(commands)).toEqual(['Psc|60|47|62', 'Pc|m|+', 'Psc', 'Rsc']);
    expect([parser.start, parser.separator, parser.end]).toEqual([27, 59, 13]);
  });

  it('ignores garbage that is not after a CR and discards over-long commands', () => {
    const parser = new EmulatorParser();
    expect(summary(parser.push(b('\xff\x80xyzRtp\x1bRsn\r')))).toEqual(['Rsn']);
    const long = parser.push(Buffer.concat([b('\x1bW'), Buffer.alloc(5000, 0x41), b('\r\x1bRtp\r')]));
    expect(summary(long)).toEqual(['', 'Rtp']);
  });
});
