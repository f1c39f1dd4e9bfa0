import { Option, type Command } from 'commander';
import { isAbsolute, join } from 'node:path';
import { loadStationConfig } from '../../station/config/station-config.js';
import { importFile, type ImportReport } from '../../station/import/import-file.js';
import { IMPORT_ENCODINGS, type ImportEncoding } from '../../station/import/read-rows.js';
import { defaultCardLayout, loadCardLayout } from '../../station/render/index.js';
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
    lines.push(`  ${report.file}${p.row !== null ? ` line ${p.row}` : ''}${p.field ? `, ${p.field}` : ''}: ${p.message}`);
  }
  if (report.unlistedProblems > 0) lines.push(`  ${report.file}: and ${count(report.unlistedProblems)} more problems not listed`);
  return lines;
}

export function registerImportCommand(program: Command, output: Output, globals: () => GlobalOptions): void {
  program
    .command('import')
    .description('import print-ready records (CSV or JSON Lines, with photo and signature paths relative to the file)')
    .argument('<files...>', 'one or more .csv / .jsonl files; each is imported in one transaction')
    .option('--allow-partial', 'import the good rows of a file that has bad ones (default: a bad row stops the whole file)')
    .addOption(new Option('--encoding <name>', 'how the file is encoded: utf8, or latin1 for a Latin-1 (Windows) export').choices(IMPORT_ENCODINGS).default('utf8'))
    .option('--json', 'print the reports as JSON')
    .action(async (files: string[], options: { allowPartial?: boolean; json?: boolean; encoding: ImportEncoding }) => {
      const reports = await withStation(globals(), async (station) => {
        const by = await authenticate(station, globals());
        // Records are checked against the layout the office prints with, as the printer will.
        const { config } = await loadStationConfig(station.home);
        const layout = config.layout ? await loadCardLayout(isAbsolute(config.layout) ? config.layout : join(station.home, config.layout)) : defaultCardLayout();
        const all: ImportReport[] = [];
        for (const file of files) all.push(await importFile(station, by, file, { allowPartial: options.allowPartial === true, encoding: options.encoding, layout }));
        return all;
      });
      if (options.json) output.out(json(reports));
      else for (const r of reports) for (const line of describe(r)) (r.problems.length ? output.err : output.out)(line);
      if (reports.some((r) => r.problems.length > 0)) process.exitCode = 1;
    });
}
