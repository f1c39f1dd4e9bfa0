import { Command, CommanderError } from 'commander';
import { registerAuditCommand } from './commands/audit-command.js';
import { registerDemoDataCommand } from './commands/demo-data-command.js';
import { registerImportCommand } from './commands/import-command.js';
import { registerOperatorCommand } from './commands/operator-command.js';
import { registerStatusCommand } from './commands/status-command.js';
import { registerStationCommand } from './commands/station-command.js';
import { registerReportCommand } from './commands/report-command.js';
import { registerConsoleCommand } from './commands/console-command.js';
import { registerEmulatorCommand } from './commands/emulator-command.js';
import { registerPrintersCommand } from './commands/printers-command.js';
import { registerPreviewCommand } from './commands/preview-command.js';
import { registerStockCommand } from './commands/stock-command.js';
import { describeError } from './cli-error.js';
import type { GlobalOptions } from './cli-station.js';
import { processOutput } from './output.js';

export function buildProgram(output = processOutput): Command {
  const program = new Command('cetak')
    .description('e-KTP card printing station: queue, printers, stock and the operations console')
    .version('0.1.0')
    .option('--home <dir>', 'data folder (default CETAK_HOME, else ~/.local/share/cetak)')
    .option('--database <url>', 'postgres://… or a SQLite file (default CETAK_DATABASE_URL, else <home>/cetak.sqlite)')
    .option('--operator <id>', 'who is acting (default CETAK_OPERATOR); the PIN comes from a prompt or CETAK_PIN')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  registerConsoleCommand(program, globals);
  registerImportCommand(program, output, globals);
  registerStatusCommand(program, output, globals);
  registerStockCommand(program, output, globals);
  registerOperatorCommand(program, output, globals);
  registerAuditCommand(program, output, globals);
  registerDemoDataCommand(program, output, globals);
  registerStationCommand(program, output, globals);
  registerReportCommand(program, output, globals);
  registerEmulatorCommand(program, output);
  registerPrintersCommand(program, output);
  registerPreviewCommand(program, output, globals);
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed its message (usage errors) or the help/version text.
      return error.exitCode === 0 ? 0 : 2;
    }
    const { message, exitCode } = describeError(error);
    process.stderr.write(`cetak: ${message}\n`);
    if (process.env['CETAK_DEBUG']) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    return exitCode;
  }
}

// `cetak status | head` closes our stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await main(process.argv);
