import type { Command } from 'commander';
import { importFile, type ImportReport } from '../../station/import/import-file.js';
import { authenticate, withStation, type GlobalOptions } from '../cli-station.js';
import { count, json, type Output } from '../output.js';

function describe(report: ImportReport): string[] {
  const lines: string[] = [];
  if (report.imported) {
    lines.push(
      `${report.file}: ${count(report.rows)} rows: ${count(report.queued)} queued, ${count(report.heldDuplicates)} held as duplicate NIK, ${count(report.alreadyImported)} already imported${report.rejected ? `, ${count(report.rejected)} rejected` : ''}`,
    );
  } else {
    lines.push(`${report.file}: nothing imported${report.rejected ? `: ${count(report.rejected)} of ${count(report.rows)} rows have problems (use --allow-partial to import the good rows)` : ''}`);
  }
  for (const p of report.problems) {
    lines.push(`  ${report.file}${p.row !== null ? ` row ${p.row}` : ''}${p.field ? `, ${p.field}` : ''}: ${p.message}`);
  }
  return lines;
}

export function registerImportCommand(program: Command, output: Output, globals: () => GlobalOptions): void {
  program
    .command('import')
    .description('import print-ready records (CSV or JSON Lines, with photo and signature paths relative to the file)')
    .argument('<files...>', 'one or more .csv / .jsonl files; each is imported in one transaction')
    .option('--allow-partial', 'import the good rows of a file that has bad ones (default: a bad row stops the whole file)')
    .option('--json', 'print the reports as JSON')
    .action(async (files: string[], options: { allowPartial?: boolean; json?: boolean }) => {
      const reports = await withStation(globals(), async (station) => {
        const by = await authenticate(station, globals());
        const all: ImportReport[] = [];
        for (const file of files) all.push(await importFile(station, by, file, { allowPartial: options.allowPartial === true }));
        return all;
      });
      if (options.json) output.out(json(reports));
      else for (const r of reports) for (const line of describe(r)) (r.problems.length ? output.err : output.out)(line);
      if (reports.some((r) => r.problems.length > 0)) process.exitCode = 1;
    });
}
