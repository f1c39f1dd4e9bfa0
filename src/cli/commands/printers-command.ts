import type { Command } from 'commander';
import { discoverPrinters, formatDiscoveryReport } from '../../../hardware/discovery/index.js';
import type { Output } from '../output.js';
import { registerPrinterCareCommands } from './printer-care-command.js';

export function registerPrintersCommand(program: Command, output: Output): void {
  const printers = program.command('printers').description('card printers attached to this machine');
  printers
    .command('discover')
    .description('list USB printer-class devices, serial ports, CUPS queues and smart-card readers, each with the URI for station.json')
    .option('--json', 'as JSON')
    .action(async (o: { json?: boolean }) => {
      const result = await discoverPrinters();
      if (o.json) output.out(JSON.stringify(result, null, 2));
      else for (const line of formatDiscoveryReport(result)) output.out(line);
    });
  registerPrinterCareCommands(printers, output);
}
