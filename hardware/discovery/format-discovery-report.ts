import type { DiscoveryResult } from './discover-printers.js';

/**
 * The lines `cetak` prints for a discovery: one aligned row per printer (kind, description, URI to
 * copy into the config), then the notes. No trailing newlines; the caller joins them.
 */
export function formatDiscoveryReport(result: DiscoveryResult): string[] {
  const lines: string[] = [];
  const count = result.printers.length;
  if (count === 0) {
    lines.push('No printers found.');
  } else {
    lines.push(`Found ${count} printer${count === 1 ? '' : 's'}:`);
    const kindWidth = Math.max(...result.printers.map((p) => p.kind.length));
    const descriptionWidth = Math.max(...result.printers.map((p) => p.description.length));
    for (const printer of result.printers) {
      lines.push(`  ${printer.kind.padEnd(kindWidth)}  ${printer.description.padEnd(descriptionWidth)}  ${printer.uri}`);
    }
  }
  if (result.readers.length > 0) {
    lines.push(`Found ${result.readers.length} smart-card reader${result.readers.length === 1 ? '' : 's'} (card encoders):`);
    const cells = result.readers.map((reader) => [reader.cardPresent ? `card present${reader.atrHex === undefined ? '' : `, ATR ${reader.atrHex}`}` : 'no card', reader.uri] as const);
    const nameWidth = Math.max(...result.readers.map((r) => r.name.length));
    const stateWidth = Math.max(...cells.map(([state]) => state.length));
    result.readers.forEach((reader, i) => lines.push(`  pcsc  ${reader.name.padEnd(nameWidth)}  ${cells[i]![0].padEnd(stateWidth)}  ${cells[i]![1]}`));
  }
  if (result.notes.length > 0) {
    lines.push('Notes:');
    for (const note of result.notes) lines.push(`  - ${note}`);
  }
  return lines;
}
