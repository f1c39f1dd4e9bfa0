import type { Command } from 'commander';
import { dirname, join } from 'node:path';
import { resolveDataHome, SQLITE_FILE_NAME } from '../../../db/index.js';
import { copyDatabase } from '../../station/db-copy/copy-database.js';
import type { GlobalOptions } from '../cli-station.js';
import { UsageError } from '../cli-error.js';
import { count, type Output } from '../output.js';

/** `cetak db copy --to postgres://…`: grow from one workstation to an office on PostgreSQL. */
export function registerDbCommand(program: Command, output: Output, globals: () => GlobalOptions): void {
  const db = program.command('db').description('the database itself: move a station\'s SQLite database to PostgreSQL');
  db.command('copy')
    .description('copy this station\'s SQLite database into an EMPTY PostgreSQL database, then verify counts, blank balances and the audit chain head')
    .requiredOption('--to <url>', 'postgres://user@host:port/database (empty; the schema is created)')
    .action(async (options: { to: string }) => {
      const g = globals();
      const from = g.database ?? process.env['CETAK_DATABASE_URL'] ?? join(g.home ?? resolveDataHome(), SQLITE_FILE_NAME);
      if (/^postgres(?:ql)?:\/\//i.test(from)) throw new UsageError('the source is already PostgreSQL: name the station\'s SQLite file with --database FILE');
      // The images are in the data folder of the station whose database this is.
      const home = g.home ?? (g.database ? dirname(from) : resolveDataHome());
      const report = await copyDatabase({ from, to: options.to, home });
      output.out(`copied ${report.source} to ${report.target}`);
      for (const [table, n] of Object.entries(report.rows)) output.out(`  ${table.padEnd(18)} ${count(n)} rows`);
      output.out(`  blanks in stock    ${count(report.blanks['in-stock'] ?? 0)}`);
      output.out(`  record images      ${count(report.images)}`);
      output.out(`  audit chain head   seq ${report.auditHead.seq}, ${report.auditHead.hash.slice(0, 16)}…`);
      output.out('verified: row counts, blank balances and the audit chain head match; the copied chain verifies; the record images are in the database, so the stations need no shared images folder.');
    });
}
