import { countOperators, signIn, type Operator } from '../station/operators.js';
import { openStation, type OpenStation } from '../station/open-station.js';
import { UsageError } from './cli-error.js';
import { readPin } from './pin-prompt.js';

export interface GlobalOptions {
  readonly home?: string;
  readonly database?: string;
  readonly operator?: string;
}

/** Opens the station's services for one command and always closes them. */
export async function withStation<T>(options: GlobalOptions, fn: (station: OpenStation) => Promise<T>): Promise<T> {
  const station = await openStation({
    ...(options.home ? { home: options.home } : {}),
    ...(options.database ? { databaseUrl: options.database } : {}),
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
