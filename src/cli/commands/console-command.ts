import type { Command } from 'commander';
import { join } from 'node:path';
import { ensureDataHome, resolveDataHome } from '../../../db/data-home.js';
import { connectStation } from '../../api/socket-client.js';
import { StationRequestError, type StationConnection } from '../../api/station-connection.js';
import { loadStationConfig } from '../../station/config/station-config.js';
import { UsageError } from '../cli-error.js';
import type { GlobalOptions } from '../cli-station.js';
import { socketPaths } from '../socket-paths.js';
import type { RunningStation } from './station-command.js';

interface ConsoleOptions {
  readonly technician?: boolean;
  readonly config?: string;
}

/**
 * Attaches to the station running for this data folder, or, when none answers, starts one in this
 * process (its log goes to a file so nothing scribbles over the screen) and stops it on quit.
 */
async function openConsoleConnection(globals: GlobalOptions & { config?: string }, role: 'operator' | 'technician'): Promise<{ connection: StationConnection; running: RunningStation | null }> {
  const home = await ensureDataHome(globals.home ?? resolveDataHome());
  const { config } = await loadStationConfig(home, globals.config);
  const sockets = socketPaths(home, config);
  try {
    return { connection: await connectStation({ socketPath: role === 'operator' ? sockets.operator : sockets.technician }), running: null };
  } catch (error) {
    if (!(error instanceof StationRequestError) || error.code !== 'station-unreachable') throw error;
  }
  const { startStation } = await import('./station-command.js');
  const { createInProcessConnection } = await import('../../api/in-process-connection.js');
  const running = await startStation({ ...globals, home }, { logFile: join(home, 'logs', 'station.log') });
  return { connection: await createInProcessConnection(running.backend, role), running };
}

async function runConsoleWith(globals: GlobalOptions & { config?: string }, role: 'operator' | 'technician', before?: (running: RunningStation) => Promise<void>): Promise<void> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UsageError('the console needs a terminal; for scripts use `cetak status --json` or the other commands');
  }
  // Loading Ink is most of a console's start-up and needs no station: do it while connecting.
  const inkLoading = import('../../../ui/terminal/load-ink.js').then((m) => m.loadInk()).catch(() => undefined);
  const { connection, running } = await openConsoleConnection(globals, role);
  await inkLoading;
  try {
    if (running && before) await before(running);
    const { runConsole } = await import('../../../ui/run-console.js');
    await runConsole({ connection, stdin: process.stdin, stdout: process.stdout, env: process.env });
  } finally {
    await connection.close();
    await running?.stop();
  }
}

export function registerConsoleCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('console', { isDefault: true })
    .description('the operations console (default): attaches to the running station, or starts one here')
    .option('--technician', 'use the technician socket: printers in full, personal data masked, no print or stock actions')
    .option('--config <file>', 'station config file when a station is started here')
    .action(async (o: ConsoleOptions) => {
      await runConsoleWith({ ...globals(), ...(o.config ? { config: o.config } : {}) }, o.technician ? 'technician' : 'operator');
    });

  program
    .command('demo')
    .description('a demo office with SIMULATED printers in its own data folder, then the console (sign in as demo-operator, PIN 1111)')
    .option('--technician', 'open the technician console')
    .action(async (o: ConsoleOptions) => {
      // The demo never touches a real station's data: its own folder unless --home / CETAK_HOME says otherwise.
      const g = globals();
      const home = await ensureDataHome(g.home ?? (process.env['CETAK_HOME'] ? resolveDataHome() : `${resolveDataHome()}-demo`));
      const { ensureDemoOperators, seedDemoStation, writeDemoConfig } = await import('../../station/demo/demo-station.js');
      await writeDemoConfig(home);
      process.stderr.write(`cetak demo: SIMULATED printers, demo data in ${home} (the first start writes 300 demo records; it takes a few seconds)\n`);
      await runConsoleWith({ ...g, home }, o.technician ? 'technician' : 'operator', async (running) => {
        await ensureDemoOperators(running.station);
        if (await seedDemoStation(running.station)) running.runtime.noteChange(['queue', 'stock', 'printers']);
      });
    });
}
