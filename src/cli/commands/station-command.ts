import type { Command } from 'commander';
import { dirname } from 'node:path';
import { RuntimeBackend } from '../../api/runtime/runtime-backend.js';
import { startApiServer, type ApiServer } from '../../api/socket-server.js';
import { applyCliLanguage } from '../cli-language.js';
import { loadStationConfig, type StationConfig } from '../../station/config/station-config.js';
import { ensureDataHome, resolveDataHome } from '../../../db/index.js';
import { createLogger } from '../../station/logger.js';
import { openStation, type OpenStation } from '../../station/open-station.js';
import { StationRuntime } from '../../station/runtime/station-runtime.js';
import type { GlobalOptions } from '../cli-station.js';
import type { Output } from '../output.js';
import { socketPaths } from '../socket-paths.js';

export interface RunningStation {
  readonly station: OpenStation;
  readonly runtime: StationRuntime;
  readonly backend: RuntimeBackend;
  readonly api: ApiServer | null;
  readonly config: StationConfig;
  readonly sockets: { operator: string; technician: string };
  stop(): Promise<void>;
}

export { socketPaths } from '../socket-paths.js';

/**
 * Starts everything a station is: database (migrated), recovery of interrupted attempts, printers,
 * dispatcher, and (unless `serveSockets` is false) the two API sockets. Used by `cetak station` and
 * by `cetak` when it starts a station in-process.
 */
export async function startStation(globals: GlobalOptions & { config?: string }, options: { serveSockets?: boolean; logFile?: string } = {}): Promise<RunningStation> {
  const log = createLogger({ ...(options.logFile ? { destination: options.logFile } : {}) });
  // The config names the station, so it is read before the database is opened under that name.
  const home = await ensureDataHome(globals.home ?? resolveDataHome());
  const { config, path } = await loadStationConfig(home, globals.config);
  const station = await openStation({ home, ...(globals.database ? { databaseUrl: globals.database } : {}), ...(config.station.id ? { stationId: config.station.id } : {}), log });
  let runtime: StationRuntime | null = null;
  try {
    runtime = new StationRuntime(station, { config, configDir: path ? dirname(path) : station.home, dataVersion: () => station.database.dataVersion() });
    const backend = new RuntimeBackend(runtime, { dialect: station.dialect, location: station.database.location });
    const sockets = socketPaths(station.home, config);
    // The sockets first: they refuse to start while another station answers on them, and only
    // then may this one run recovery (which turns that station's cards in flight into in-doubt)
    // and touch the printers.
    const api = options.serveSockets === false ? null : await startApiServer({ backend, operatorSocketPath: sockets.operator, technicianSocketPath: sockets.technician, log });
    try {
      await runtime.start();
    } catch (error) {
      await api?.close();
      throw error;
    }
    const started = runtime;
    let stopping: Promise<void> | null = null;
    return {
      station,
      runtime: started,
      backend,
      api,
      config,
      sockets,
      stop: () =>
        (stopping ??= (async () => {
          await api?.close();
          await started.stop();
          await station.close();
        })()),
    };
  } catch (error) {
    await runtime?.stop();
    await station.close();
    throw error;
  }
}

export function registerStationCommand(program: Command, output: Output, globals: () => GlobalOptions): void {
  program
    .command('station')
    .description('run the station: owns the database and the printers, dispatches cards, serves consoles on two Unix sockets')
    .option('--config <file>', 'station config file (default <home>/station.json)')
    .action(async (o: { config?: string }) => {
      if (o.config) applyCliLanguage(process.argv.slice(2), process.env, o.config);
      const running = await startStation({ ...globals(), ...(o.config ? { config: o.config } : {}) });
      const { runtime, sockets } = running;
      const sim = runtime.config.printers.filter((p) => p.uri.startsWith('sim:')).length;
      output.out(`station ${runtime.context.stationId} ready: ${runtime.config.printers.length} printer(s)${sim ? ` (${sim} SIMULATED)` : ''}; database ${running.station.database.location}`);
      output.out(`operator socket ${sockets.operator}; technician socket ${sockets.technician}`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          output.err(`cetak station: ${signal}: finishing the cards on the printers, then stopping`);
          void running.stop().then(resolve);
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGHUP', () => stop('SIGHUP'));
      });
    });
}
