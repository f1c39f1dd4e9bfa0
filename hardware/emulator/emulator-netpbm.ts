import type { EmulatorPanelRecord } from './emulator-printer.js';

/**
 * A decoded panel as a Netpbm file for eyeballing (printer-protocols.md §8: the Perl simulator writes
 * PBM for K/O; PGM for Y/M/C): P4 for 2 levels (1 = black), P5 with maxval `levels - 1` otherwise.
 * Throws when the record no longer holds pixels (only recent cards keep them).
 */
export function emulatorPanelToNetpbm(panel: EmulatorPanelRecord): Buffer {
  const { width, height, levels, data } = panel;
  if (!data) throw new Error(`Panel ${panel.sha256.slice(0, 12)} kept only its hash; raise retainPixelsCards to keep pixels.`);
  if (levels === 2) {
    const rowBytes = Math.ceil(width / 8);
    const body = Buffer.alloc(rowBytes * height);
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) if (data[y * width + x]) body[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
    }
    return Buffer.concat([Buffer.from(`P4\n${width} ${height}\n`, 'ascii'), body]);
  }
  return Buffer.concat([Buffer.from(`P5\n${width} ${height}\n${levels - 1}\n`, 'ascii'), Buffer.from(data)]);
}
