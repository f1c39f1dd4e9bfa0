import type { Command } from 'commander';
import { resolve } from 'node:path';
import { resolveDataHome } from '../../../db/index.js';
import { loadStationConfig } from '../../station/config/station-config.js';
import type { GlobalOptions } from '../cli-station.js';
import { defaultDatabaseUrl, runDoctor, type Finding } from '../doctor/doctor-checks.js';
import { json, type Output } from '../output.js';

const LABEL = { ok: 'OK  ', warning: 'WARN', critical: 'FAIL' } as const;

/** 0 all well, 1 something to look at, 2 something broken: the same scale as `cetak status`. */
function exitCode(findings: readonly Finding[]): number {
  if (findings.some((f) => f.level === 'critical')) return 2;
  return findings.some((f) => f.level === 'warning') ? 1 : 0;
}

export function registerDoctorCommand(program: Command, output: Output, globals: () => GlobalOptions): void {
  program
    .command('doctor')
    .description('check this workstation: data folder and file modes, database, disk, clock, station, sockets, devices; each problem says how to fix it')
    .option('--json', 'print the findings as JSON (for monitoring)')
    .action(async (o: { json?: boolean }) => {
      const g = globals();
      // Never creates or changes anything: a doctor looks.
      const home = resolve(g.home ?? resolveDataHome());
      const { config } = await loadStationConfig(home);
      const findings = await runDoctor({ home, databaseUrl: g.database ?? defaultDatabaseUrl(home, process.env), config, env: process.env });
      const code = exitCode(findings);
      if (o.json) output.out(json({ ok: code === 0, findings }));
      else {
        for (const f of findings) {
          output.out(`${LABEL[f.level]} ${f.check}: ${f.message}`);
          if (f.fix) output.out(`     fix: ${f.fix}`);
        }
      }
      process.exitCode = code;
    });
}
