import { resolveDataHome } from '../../db/data-home.js';
import { loadStationConfig } from '../station/config/station-config.js';
import { countOperators, signIn, type Operator } from '../station/operators.js';
import { openStation, type OpenStation } from '../station/open-station.js';
import { UsageError } from './cli-error.js';
import { existingHome } from './station-link.js';
import { readPin } from './pin-prompt.js';

export interface GlobalOptions {
  readonly home?: string;
  readonly database?: string;
  readonly operator?: string;
}

/** For a command that only looks: the data folder must exist already, and nothing is created. */
export async function withExistingStation<T>(options: GlobalOptions, fn: (station: OpenStation) => Promise<T>): Promise<T> {
  return withStation({ ...options, home: await existingHome(options) }, fn);
}

/** Opens the station's services for one command and always closes them. */
export async function withStation<T>(options: GlobalOptions, fn: (station: OpenStation) => Promise<T>): Promise<T> {
  const home = options.home ?? resolveDataHome();
  // The station's own id from station.json, so a one-shot command acts as that station and never
  // registers a second one named after the host.
  const { config } = await loadStationConfig(home);
  const station = await openStation({
    home,
    ...(options.database ? { databaseUrl: options.database } : {}),
    ...(config.station.id ? { stationId: config.station.id } : {}),
  });
  try {
    return await fn(station);
  } finally {
    await station.close();
  }
}

/** Signs in the operator named by --operator or CETAK_OPERATOR, with the PIN from CETAK_PIN or a prompt. */
export async function authenticate(station: OpenStation, options: GlobalOptions): Promise<Operator> {
  const id = options.operator ?? process.env['CETAK_OPERATOR'];
  if (!id) {
    if ((await countOperators(station)) === 0) {
      throw new UsageError('no operators exist yet: add the first supervisor with `cetak operator add --id ID --name NAME --role supervisor`, or try cetak with `cetak demo`');
    }
    throw new UsageError('say who you are with --operator ID (or CETAK_OPERATOR)');
  }
  const pin = await readPin(`PIN for ${id}: `);
  if (!pin) throw new UsageError(`no PIN for ${id}: type it at the prompt, or set CETAK_PIN for scripts`);
  return signIn(station, id, pin);
}
