import type { Command } from 'commander';
import { stationStatus, statusExitCode, STATUS_EXIT, type StationStatus } from '../../station/station-status.js';
import { describeError } from '../cli-error.js';
import { withStation, type GlobalOptions } from '../cli-station.js';
import { loadStationConfig } from '../../station/config/station-config.js';
import { count, json, type Output } from '../output.js';

function describe(s: StationStatus): string[] {
  const q = s.queue.counts;
  const b = s.stock.blanks;
  const lines = [
    `station ${s.station}  database ${s.database}`,
    `queue    queued ${count(q.queued)}  held ${count(q.held)}  printing ${count(q.printing)}  in doubt ${count(q['in-doubt'])}  printed ${count(q.printed)}  spoiled ${count(q.spoiled)}  completed ${count(q.completed)}`,
    `blanks   in stock ${count(b.inStock)}  printed ${count(b.printed)}  spoiled ${count(b.spoiled)} (gagal encode ${count(s.stock.blanksEncodeFailed)})  in doubt ${count(b.inDoubt)}  (received ${count(b.received)})`,
  ];
  for (const t of s.stock.types) {
    lines.push(`${t.kind.padEnd(8)} ${t.family.padEnd(12)} ${count(t.imagesOnHand).padStart(7)} images  rolls: ${t.rollsInStock} in stock, ${t.rollsLoaded} loaded${t.rollsBorrowed ? `, ${t.rollsBorrowed} borrowed` : ''}${t.rollsAwaitingDestruction ? `, ${t.rollsAwaitingDestruction} awaiting destruction` : ''}`);
  }
  for (const loan of s.stock.openLoans) {
    lines.push(`loan     ${loan.direction === 'borrowed' ? 'owed to' : 'lent to'} ${loan.counterparty}: ${loan.rolls} ${loan.typeId} roll(s), due ${loan.dueDate}${loan.overdue ? ' OVERDUE' : ''}`);
  }
  lines.push(s.alerts.length === 0 ? 'OK: nothing needs a person' : `${s.alerts.length} alert(s):`);
  for (const a of s.alerts) lines.push(`  ${a.level === 'critical' ? 'CRITICAL' : 'WARNING '} ${a.message}`);
  return lines;
}

export function registerStatusCommand(program: Command, output: Output, globals: () => GlobalOptions): void {
  program
    .command('status')
    .description('queue, stock and alerts; exit 0 OK, 1 warning, 2 critical, 3 unknown (for monitoring checks)')
    .option('--json', 'print the status as JSON')
    .action(async (options: { json?: boolean }) => {
      let status: StationStatus;
      try {
        status = await withStation(globals(), async (station) => {
          const { config } = await loadStationConfig(station.home);
          return stationStatus(station, { forecast: config.forecast, utcOffsetMinutes: config.station.utcOffsetMinutes });
        });
      } catch (error) {
        // A monitoring check must tell "cannot look" (3) from "looked and it is bad" (2).
        output.err(`cetak: status unknown: ${describeError(error).message}`);
        process.exitCode = STATUS_EXIT.unknown;
        return;
      }
      if (options.json) output.out(json({ ...status, exitCode: statusExitCode(status.alerts) }));
      else for (const line of describe(status)) output.out(line);
      process.exitCode = statusExitCode(status.alerts);
    });
}
