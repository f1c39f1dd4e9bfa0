import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { CETAK_BIN } from './run-cetak.js';

/**
 * An emulated Evolis printer in its own process (`cetak emulator`), so it outlives a station that
 * is killed, as a real printer does. Every card that leaves it is appended to `record` as a line of
 * JSON (index, outcome, SHA-256 of its panels). Resolves with the TCP port it listens on.
 */
export function startEmulatorProcess(record: string, children: ChildProcess[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CETAK_BIN, 'emulator', '--tcp', '0', '--speedup', '100', '--cards', '500', '--ribbon', '500', '--record', record], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    child.stdout!.setEncoding('utf8').on('data', (line: string) => {
      const port = /127\.0\.0\.1:(\d+)/.exec(line)?.[1];
      if (port) resolve(Number(port));
    });
    child.on('exit', (code) => reject(new Error(`emulator exited ${code}`)));
  });
}

/** One card as an emulator's record has it, in the order the cards left the printer. */
export interface EmulatorCard {
  readonly index: number;
  /** `printed`, or `rejected` / `jammed`: a blank spent without a good card. */
  readonly outcome: string;
  readonly sha256: string;
}

/** Every card an emulator let out so far (its `--record` file; none when the file is not there yet). */
export function emulatorCards(record: string): EmulatorCard[] {
  if (!existsSync(record)) return [];
  return readFileSync(record, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as EmulatorCard);
}

/** How many times each card (by panel hash) came out printed, over the emulators' records. */
export function printedHashes(records: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const file of records) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
      const card = JSON.parse(line) as { outcome: string; sha256: string };
      if (card.outcome === 'printed') counts.set(card.sha256, (counts.get(card.sha256) ?? 0) + 1);
    }
  }
  return counts;
}
