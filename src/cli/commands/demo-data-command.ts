import type { Command } from 'commander';
import { resolve } from 'node:path';
import { writeDemoData } from '../../station/demo/demo-data.js';
import { UsageError } from '../cli-error.js';
import { authenticate, withStation, type GlobalOptions } from '../cli-station.js';
import { count, type Output } from '../output.js';
import { wholeNumber } from '../parse-number.js';

export function registerDemoDataCommand(program: Command, output: Output, globals: () => GlobalOptions): void {
  program
    .command('demo-data')
    .description('write a synthetic Kota Kupang office into DIR (records, problem rows, images) and record its opening stock')
    .requiredOption('--out <dir>', 'folder to write into')
    .option('--count <n>', 'number of clean records', '300')
    .option('--seed <n>', 'random seed (same seed, same office)', '5371')
    .action(async (o: { out: string; count: string; seed: string }) => {
      const n = wholeNumber('--count', o.count);
      const seed = wholeNumber('--seed', o.seed);
      if (n < 1) throw new UsageError('--count must be at least 1');
      // Signed in like any other command: demo sign-ins with published PINs belong to `cetak demo`
      // stations only, never to a station this command fills.
      const report = await withStation(globals(), async (s) => writeDemoData(s, await authenticate(s, globals()), resolve(o.out), { count: n, seed }));
      output.out(`wrote ${count(report.records)} records to ${report.recordsFile}`);
      output.out(`wrote ${report.problems} problem rows to ${report.problemsFile}`);
      output.out(report.stock.blanks ? `recorded opening stock: ${count(report.stock.blanks)} blanks, ${report.stock.rolls} rolls` : 'opening stock was already recorded');
    });
}
