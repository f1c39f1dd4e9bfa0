import { appendFileSync } from 'node:fs';
import type { Command } from 'commander';
import { runEmulatorCli } from '../../../hardware/emulator/index.js';
import { UsageError } from '../cli-error.js';
import type { Output } from '../output.js';
import { wholeNumber } from '../parse-number.js';

export function registerEmulatorCommand(program: Command, output: Output): void {
  program
    .command('emulator')
    .description('run an emulated Evolis printer (EMULATED, for tests and demos) on a TCP port or a pseudo-terminal')
    .option('--tcp <port>', 'listen on this TCP port of 127.0.0.1 (0 = any free port)')
    .option('--pty <path>', 'make a pseudo-terminal pair (needs socat): point the printer URI at serial://PATH')
    .option('--speedup <factor>', 'print faster than a real printer, e.g. 50', '1')
    .option('--cards <n>', 'cards in the feeder', '500')
    .option('--ribbon <images>', 'ribbon images', '400')
    .option('--record <file>', 'append one JSON line per card that leaves the printer (index, outcome, SHA-256 of its panels)')
    .action(async (o: { tcp?: string; pty?: string; speedup: string; cards: string; ribbon: string; record?: string }) => {
      if (!o.tcp && !o.pty) throw new UsageError('give --tcp PORT or --pty PATH');
      const speedup = Number(o.speedup);
      if (!Number.isFinite(speedup) || speedup <= 0) throw new UsageError(`--speedup must be a positive number, got "${o.speedup}"`);
      const ribbon = wholeNumber('--ribbon', o.ribbon);
      await runEmulatorCli({
        ...(o.tcp ? { tcpPort: wholeNumber('--tcp', o.tcp) } : {}),
        ...(o.pty ? { ptyPath: o.pty } : {}),
        printerOptions: {
          model: 'Evolis Primacy (EMULATED)',
          speedup,
          cards: wholeNumber('--cards', o.cards),
          ribbonImages: ribbon,
          ribbonCapacity: ribbon,
          // Written synchronously: the record must survive this process being killed a moment later.
          ...(o.record ? { onCard: (card) => appendFileSync(o.record!, `${JSON.stringify({ index: card.index, outcome: card.outcome, sha256: card.sha256 })}\n`) } : {}),
        },
        writeLine: (line) => output.out(line),
      });
    });
}
