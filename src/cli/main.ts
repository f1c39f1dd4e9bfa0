import { Command, CommanderError } from 'commander';
import { describeError } from './cli-error.js';
import { applyCliLanguage } from './cli-language.js';
import type { GlobalOptions } from './cli-station.js';
import { processOutput, type Output } from './output.js';

type Register = (program: Command, output: Output, globals: () => GlobalOptions) => void;

/**
 * Each command's module, loaded only when that command runs (or for --help), so `cetak status`
 * never loads the console and the console never loads the database engine or the PDF writer.
 * `names` are the words that select the module; `console` is what runs without a command.
 */
const COMMANDS: readonly { readonly names: readonly string[]; readonly load: () => Promise<Register> }[] = [
  { names: ['console', 'demo'], load: async () => { const m = await import('./commands/console-command.js'); return (p, _o, g) => m.registerConsoleCommand(p, g); } },
  { names: ['import'], load: async () => (await import('./commands/import-command.js')).registerImportCommand },
  { names: ['status'], load: async () => (await import('./commands/status-command.js')).registerStatusCommand },
  { names: ['stock'], load: async () => (await import('./commands/stock-command.js')).registerStockCommand },
  { names: ['operator'], load: async () => (await import('./commands/operator-command.js')).registerOperatorCommand },
  { names: ['audit'], load: async () => (await import('./commands/audit-command.js')).registerAuditCommand },
  { names: ['db'], load: async () => (await import('./commands/db-command.js')).registerDbCommand },
  { names: ['demo-data'], load: async () => (await import('./commands/demo-data-command.js')).registerDemoDataCommand },
  { names: ['station'], load: async () => (await import('./commands/station-command.js')).registerStationCommand },
  { names: ['report'], load: async () => (await import('./commands/report-command.js')).registerReportCommand },
  { names: ['emulator'], load: async () => { const m = await import('./commands/emulator-command.js'); return (p, o) => m.registerEmulatorCommand(p, o); } },
  { names: ['card-emulator'], load: async () => { const m = await import('./commands/card-emulator-command.js'); return (p, o) => m.registerCardEmulatorCommand(p, o); } },
  { names: ['jobs'], load: async () => (await import('./commands/jobs-command.js')).registerJobsCommand },
  { names: ['printers'], load: async () => { const m = await import('./commands/printers-command.js'); return (p, o) => m.registerPrintersCommand(p, o); } },
  { names: ['backup', 'restore'], load: async () => (await import('./commands/backup-command.js')).registerBackupCommand },
  { names: ['doctor'], load: async () => (await import('./commands/doctor-command.js')).registerDoctorCommand },
  { names: ['install-service'], load: async () => { const m = await import('./commands/install-service-command.js'); return (p, o) => m.registerInstallServiceCommand(p, o); } },
  { names: ['preview'], load: async () => (await import('./commands/preview-command.js')).registerPreviewCommand },
];

/** Global options that take a value, so the command word can be found after them. */
const VALUE_OPTIONS = new Set(['--home', '--database', '--operator', '--lang']);

/** The command word in argv, or null when there is none. */
export function commandWord(args: readonly string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return null;
}

export async function buildProgram(args: readonly string[], output = processOutput): Promise<Command> {
  const program = new Command('cetak')
    .description('e-KTP card printing station: queue, printers, stock and the operations console')
    .version('0.1.0')
    .option('--home <dir>', 'data folder (default CETAK_HOME, else ~/.local/share/cetak)')
    .option('--database <url>', 'postgres://… or a SQLite file (default CETAK_DATABASE_URL, else <home>/cetak.sqlite)')
    .option('--operator <id>', 'who is acting (default CETAK_OPERATOR); the PIN comes from a prompt or CETAK_PIN')
    // Read by applyCliLanguage before commander parses; declared so commander accepts it and lists it.
    .option('--lang <id|en>', 'language of the screens and messages (default CETAK_LANG, else station.json "language", else LANG, else id)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  const word = commandWord(args);
  const wantsHelp = args.includes('--help') || args.includes('-h') || args.includes('-V') || args.includes('--version');
  const chosen = COMMANDS.find((c) => c.names.includes(word ?? (wantsHelp ? '' : 'console')));
  // Unknown words and help need every command, so commander can list them or say what is wrong.
  for (const command of chosen ? [chosen] : COMMANDS) (await command.load())(program, output, globals);
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  let program: Command;
  try {
    applyCliLanguage(argv.slice(2));
    program = await buildProgram(argv.slice(2));
  } catch (error) {
    process.stderr.write(`cetak: ${describeError(error).message}\n`);
    return describeError(error).exitCode;
  }
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
