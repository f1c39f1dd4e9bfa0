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
  readonly here?: boolean;
}

/** When a console may start a station in its own process: the demo always, `--here` on request, a technician never. */
type InProcess = 'allowed' | 'on-request' | 'never';

/**
 * Attaches to the station running for this data folder, or, when none answers, starts one in this
 * process (its log goes to a file so nothing scribbles over the screen) and stops it on quit.
 */
async function openConsoleConnection(
  globals: GlobalOptions & { config?: string },
  role: 'operator' | 'technician',
  inProcess: InProcess,
): Promise<{ connection: StationConnection; running: RunningStation | null; target: { home: string; socket: string }; idleSignOutMs: number; mouse: boolean }> {
  const home = await ensureDataHome(globals.home ?? resolveDataHome());
  const { config } = await loadStationConfig(home, globals.config);
  const sockets = socketPaths(home, config);
  const target = { home, socket: role === 'operator' ? sockets.operator : sockets.technician };
  const idleSignOutMs = config.console.idleSignOutSeconds * 1_000;
  const mouse = config.console.mouse;
  try {
    return { connection: await connectStation({ socketPath: target.socket }), running: null, target, idleSignOutMs, mouse };
  } catch (error) {
    if (!(error instanceof StationRequestError) || error.code !== 'station-unreachable') throw error;
  }
  if (inProcess === 'never') {
    // A technician's console must show the office's station, never an empty one started in some home.
    throw new UsageError(`no station answers on ${sockets.technician}: the station runs as a service (systemctl status cetak-station); ask the office to start it`, 3);
  }
  if (inProcess === 'on-request') {
    throw new UsageError(
      `no station answers on ${sockets.operator}. The station should run as a service (\`cetak install-service\`, then \`systemctl start cetak-station\`); to run one in this terminal until the console closes: \`cetak console --here\``,
      3,
    );
  }
  const { startStation } = await import('./station-command.js');
  const { createInProcessConnection } = await import('../../api/in-process-connection.js');
  const running = await startStation({ ...globals, home }, { logFile: join(home, 'logs', 'station.log') });
  return { connection: await createInProcessConnection(running.backend, role), running, target, idleSignOutMs, mouse };
}

async function runConsoleWith(globals: GlobalOptions & { config?: string }, role: 'operator' | 'technician', inProcess: InProcess, before?: (running: RunningStation) => Promise<void>): Promise<void> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UsageError('the console needs a terminal; for scripts use `cetak status --json` or the other commands');
  }
  // Loading Ink is most of a console's start-up and needs no station: do it while connecting.
  const inkLoading = import('../../../ui/terminal/load-ink.js').then((m) => m.loadInk()).catch(() => undefined);
  const { connection, running, target, idleSignOutMs, mouse } = await openConsoleConnection(globals, role, inProcess);
  await inkLoading;
  const release = running ? guardInProcessStation(running) : () => undefined;
  try {
    if (running && before) await before(running);
    const { runConsole } = await import('../../../ui/run-console.js');
    await runConsole({ connection, stdin: process.stdin, stdout: process.stdout, env: process.env, target, idleSignOutMs, mouse });
  } finally {
    await connection.close();
    if (running) await stopInProcessStation(running);
    release();
  }
}

/** The cards on the printers of an in-process station, in words: what goes in doubt if it stops now. */
function cardsOnPrinters(running: RunningStation): string[] {
  return running.runtime.printers.handles.filter((h) => h.current).map((h) => `${h.config.name} (job ${h.current!.jobId})`);
}

/**
 * A closed terminal or a dropped SSH link (SIGHUP) must not cut the cards on the printers short:
 * the station finishes them, then the process ends. Returns the function that removes the guard.
 */
function guardInProcessStation(running: RunningStation): () => void {
  const onHangup = () => {
    void running.stop().then(() => process.exit(129));
  };
  process.on('SIGHUP', onHangup);
  return () => process.off('SIGHUP', onHangup);
}

/**
 * Ctrl+C (or q) closed the console: finish the cards on the printers, saying so; a second Ctrl+C
 * stops at once and names the cards that go in doubt.
 */
async function stopInProcessStation(running: RunningStation): Promise<void> {
  const busy = cardsOnPrinters(running);
  if (busy.length > 0) process.stderr.write(`cetak: finishing the cards on the printers: ${busy.join(', ')}; Ctrl+C again stops at once\n`);
  const now = () => {
    const left = cardsOnPrinters(running);
    process.stderr.write(left.length > 0 ? `cetak: stopped at once; these cards go in doubt: ${left.join(', ')}\n` : 'cetak: stopped\n');
    process.exit(130);
  };
  process.once('SIGINT', now);
  try {
    await running.stop();
  } finally {
    process.off('SIGINT', now);
  }
}

export function registerConsoleCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('console', { isDefault: true })
    .description('the operations console (default): attaches to the running station, or starts one here')
    .option('--technician', 'use the technician socket: printers in full, personal data masked, no print or stock actions')
    .option('--config <file>', 'station config file when a station is started here')
    .option('--here', 'when no station runs, start one in this process (it stops when the console closes)')
    .action(async (o: ConsoleOptions) => {
      const inProcess: InProcess = o.technician ? 'never' : o.here ? 'allowed' : 'on-request';
      await runConsoleWith({ ...globals(), ...(o.config ? { config: o.config } : {}) }, o.technician ? 'technician' : 'operator', inProcess);
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
      await runConsoleWith({ ...g, home }, o.technician ? 'technician' : 'operator', 'allowed', async (running) => {
        await ensureDemoOperators(running.station);
        if (await seedDemoStation(running.station)) running.runtime.noteChange(['queue', 'stock', 'printers']);
        // The demo's feeders hold 100 blanks: an empty one is refilled by the demo operator unless someone presses f first.
        const { startDemoFeeder } = await import('../../station/demo/demo-feeder.js');
        const { signIn } = await import('../../station/operators.js');
        const hands = await signIn(running.station, 'demo-operator', '1111').catch(() => null);
        if (hands) startDemoFeeder(running.runtime, hands);
      });
    });
}
