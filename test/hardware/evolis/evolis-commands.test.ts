import { describe, expect, it } from 'vitest';
import { evolisCommand, evolisDownloadCompressedPanel, evolisDownloadPanel, evolisMnemonic } from '../../../hardware/evolis/evolis-commands.js';

describe('evolisCommand (§1.1)', () => {
  it('frames Pc;m;+ as 1B 50 63 3B 6D 3B 2B 0D', () => {
    expect(evolisCommand('Pc', 'm', '+').toString('hex')).toBe('1b50633b6d3b2b0d');
  });

  it('frames a bare command and numbers', () => {
    expect(evolisCommand('Ss').toString('latin1')).toBe('\x1bSs\r');
    expect(evolisCommand('Pem', 2).toString('latin1')).toBe('\x1bPem;2\r');
  });

  it('refuses parameters that would break the frame', () => {
    expect(() => evolisCommand('Pr', 'k;x')).toThrow(TypeError);
    expect(() => evolisCommand('Pr', 'k\r')).toThrow(TypeError);
  });

  it('builds Db and Dbc headers around binary payloads (§3.5)', () => {
    const payload = Buffer.from([0x0d, 0x1b, 0x3b]);
    expect(evolisDownloadPanel('k', 2, payload).toString('latin1')).toBe('\x1bDb;k;2;\r\x1b;\r');
    expect(evolisDownloadCompressedPanel('y', 32, payload).toString('latin1')).toBe('\x1bDbc;y;32;3;\r\x1b;\r');
    expect(evolisMnemonic(evolisDownloadCompressedPanel('y', 32, payload))).toBe('Dbc;y;32;3');
  });
});
