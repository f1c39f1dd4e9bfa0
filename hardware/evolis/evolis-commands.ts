/**
 * Pure Evolis command-frame encoders (printer-protocols.md §1.1, §1.2, §2, §3.5). Frames are built
 * as Buffers so binary payloads never pass through JS strings. The driver never changes the
 * framing characters (§1.3), so these always use ESC / `;` / CR.
 */

const ESC = 0x1b;
const CR = 0x0d;

/** Panel letters of `Db`/`Dbc` (§2.7). */
export const EVOLIS_PANEL_LETTERS = ['y', 'm', 'c', 'k', 'o'] as const;
export type EvolisPanelLetter = (typeof EVOLIS_PANEL_LETTERS)[number];

/** Level counts allowed for Y/M/C (§3.1); K/O always use 2. */
export const EVOLIS_COLOUR_LEVELS = [32, 64, 128] as const;
export type EvolisColourLevels = (typeof EVOLIS_COLOUR_LEVELS)[number];
export type EvolisLevels = EvolisColourLevels | 2;

/** `ESC name[;p1[;p2…]] CR` (§1.1). Parameters must be printable ASCII without `;` or CR. */
export function evolisCommand(name: string, ...params: readonly (string | number)[]): Buffer {
  const parts = [name, ...params.map(String)];
  for (const part of parts) {
    if (!/^[\x20-\x7e]*$/.test(part) || part.includes(';')) {
      throw new TypeError(`Evolis command part ${JSON.stringify(part)} must be printable ASCII without ';'.`);
    }
  }
  const text = Buffer.from(parts.join(';'), 'ascii');
  return Buffer.concat([Buffer.of(ESC), text, Buffer.of(CR)]);
}

/** A short mnemonic for logs: the command text without payload, e.g. `Dbc;y;32;1234`. */
export function evolisMnemonic(frame: Uint8Array): string {
  const end = Math.min(frame.length, 40);
  let text = '';
  for (let i = frame[0] === ESC ? 1 : 0; i < end; i += 1) {
    const byte = frame[i]!;
    if (byte === CR || byte < 0x20 || byte > 0x7e) break;
    text += String.fromCharCode(byte);
  }
  return text.replace(/;$/, '');
}

/** `Db;panel;levels;<data> CR` — uncompressed panel of the fixed size of §3.3. */
export function evolisDownloadPanel(panel: EvolisPanelLetter, levels: EvolisLevels, packed: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`\x1bDb;${panel};${levels};`, 'ascii'), packed, Buffer.of(CR)]);
}

/** `Dbc;panel;levels;count;<data> CR` — compressed panel, 3-field form of §2.10 / §3.5. */
export function evolisDownloadCompressedPanel(panel: EvolisPanelLetter, levels: EvolisLevels, compressed: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`\x1bDbc;${panel};${levels};${compressed.length};`, 'ascii'), compressed, Buffer.of(CR)]);
}
