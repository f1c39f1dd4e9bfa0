import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveDataHome, SQLITE_FILE_NAME } from '../../../db/index.js';
import { backupStation, restoreStation, type DatabaseVerification } from '../../station/backup/index.js';
import { systemClock } from '../../station/clock.js';
import { UsageError } from '../cli-error.js';
import type { GlobalOptions } from '../cli-station.js';
import { count, type Output } from '../output.js';
import { wholeNumber } from '../parse-number.js';

const POSTGRES = /^postgres(?:ql)?:\/\//i;

/** The database the globals name, without opening (a backup never migrates). */
function databaseUrl(g: GlobalOptions): { url: string; home: string } {
  const home = resolve(g.home ?? resolveDataHome());
  const url = g.database ?? process.env['CETAK_DATABASE_URL'] ?? join(home, SQLITE_FILE_NAME);
  return { url, home };
}

function verified(v: DatabaseVerification): string {
  return `verified: integrity, audit chain (${count(v.auditRows)} rows) and balances OK`;
}

export function registerBackupCommand(program: Command, output: Output, globals: () => GlobalOptions): void {
  program
    .command('backup')
    .description('copy the database into a folder while the station runs, verify the copy, keep the newest N')
    .option('--to <dir>', 'backup folder (default <home>/backups)')
    .option('--keep <n>', 'backups to keep in that folder (0 keeps all)', '14')
    .action(async (o: { to?: string; keep: string }) => {
      const { url, home } = databaseUrl(globals());
      if (!POSTGRES.test(url) && !existsSync(url)) throw new UsageError(`no database at ${url} to back up (set --home or CETAK_HOME)`, 1);
      const report = await backupStation({ url, toDir: resolve(o.to ?? join(home, 'backups')), keep: wholeNumber('--keep', o.keep), clock: systemClock });
      output.out(`backup ${report.file} (${count(Math.ceil(report.bytes / 1024))} KiB)`);
      output.out(verified(report.verification));
      for (const f of report.removed) output.out(`removed old backup ${f}`);
    });
  program
    .command('restore')
    .description('restore a backup into an empty data folder (or empty PostgreSQL database) and verify it')
    .argument('<file>', 'a cetak-….sqlite or cetak-….pgdump made by `cetak backup`')
    .action(async (file: string) => {
      const g = globals();
      const home = resolve(g.home ?? resolveDataHome());
      const url = g.database ?? process.env['CETAK_DATABASE_URL'];
      const report = await restoreStation({ from: resolve(file), home, ...(url ? { url } : {}) });
      output.out(`restored ${file} into ${report.database}`);
      if (report.verification.ok) output.out(verified(report.verification));
      else {
        output.err(`the restored database does not verify: ${report.verification.problems.join('; ')}`);
        process.exitCode = 1;
      }
    });
}
