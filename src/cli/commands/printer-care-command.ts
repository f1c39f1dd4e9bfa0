import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolveDataHome } from '../../../db/data-home.js';
import { connectStation } from '../../api/socket-client.js';
import type { StationConnection } from '../../api/station-connection.js';
import { loadStationConfig } from '../../station/config/station-config.js';
import { resolveTestCard } from '../../station/printing/test-cards.js';
import { UsageError } from '../cli-error.js';
import { authenticate, withStation, type GlobalOptions } from '../cli-station.js';
import type { Output } from '../output.js';
import { wholeNumber } from '../parse-number.js';
import { readPin } from '../pin-prompt.js';
import { socketPaths } from '../socket-paths.js';

/**
 * `cetak printers …` for the care of the printers. A refill goes to the running station (it owns the
 * printers) over the operator socket, signed in like the console; settling a test card in doubt is a
 * database change like the stock commands.
 */
export function registerPrinterCareCommands(printers: Command, output: Output): void {
  const globals = (): GlobalOptions => printers.parent?.opts<GlobalOptions>() ?? {};
  printers
    .command('refill')
    .description("record blank cards put in a printer's feeder (the running station; a simulated feeder gets them)")
    .argument('<printer>', 'printer id from station.json')
    .option('--count <n>', 'how many blanks went in (default: the feeder filled up, care.feederCards)')
    .action(async (printerId: string, o: { count?: string }) => {
      const count = o.count === undefined ? undefined : wholeNumber('--count', o.count);
      if (count !== undefined && count < 1) throw new UsageError('--count must be at least 1');
      await withSignedInStation(globals(), async (connection) => {
        await connection.request('printer.refill', { printerId, ...(count !== undefined ? { count } : {}) });
      });
      output.out(count === undefined ? `the feeder of ${printerId} is recorded filled up` : `${count} blank(s) recorded in the feeder of ${printerId}`);
    });
  printers
    .command('test-card-resolve')
    .description('say whether a test card in doubt came out of the printer (its blank used) or not (all back in stock)')
    .argument('<test-card>', 'the test card id (tst_…), as the printer screen and the log name it')
    .option('--printed', 'it came out: its blank, film and ribbon are used')
    .option('--not-printed', 'it never came out: its blank and images go back to stock')
    .action(async (testCardId: string, o: { printed?: boolean; notPrinted?: boolean }) => {
      if (Boolean(o.printed) === Boolean(o.notPrinted)) throw new UsageError('say what became of the test card: --printed or --not-printed');
      await withStation(globals(), async (station) => {
        const by = await authenticate(station, globals());
        await resolveTestCard(station, by.id, { testCardId, printed: Boolean(o.printed) });
      });
      output.out(`test card ${testCardId} recorded as ${o.printed ? 'printed' : 'not printed'}: resume its printer in the console`);
    });
}

/** Attaches to the running station's operator socket and signs in (--operator / CETAK_OPERATOR, CETAK_PIN or a prompt). */
async function withSignedInStation(options: GlobalOptions, fn: (connection: StationConnection) => Promise<void>): Promise<void> {
  const home = options.home ?? resolveDataHome();
  if (!existsSync(home)) throw new UsageError(`no data folder at ${home}: is the station installed here? (--home, CETAK_HOME)`);
  const { config } = await loadStationConfig(home);
  const socket = socketPaths(home, config).operator;
  const id = options.operator ?? process.env['CETAK_OPERATOR'];
  if (!id) throw new UsageError('say who you are with --operator ID (or CETAK_OPERATOR)');
  const pin = await readPin(`PIN for ${id}: `);
  if (!pin) throw new UsageError(`no PIN for ${id}: type it at the prompt, or set CETAK_PIN for scripts`);
  let connection: StationConnection;
  try {
    connection = await connectStation({ socketPath: socket });
  } catch {
    throw new UsageError(`no station answers on ${socket}: start it (cetak station, or the cetak-station service)`, 1);
  }
  try {
    await connection.request('sign-in', { operatorId: id, pin });
    await fn(connection);
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (e.code && e.message) throw new UsageError(e.message, 1);
    throw error;
  } finally {
    await connection.close();
  }
}
