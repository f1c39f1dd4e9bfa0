import type { Command } from 'commander';
import { verifyAuditLog } from '../../station/audit/audit-verify.js';
import { verifyLedger } from '../../station/stock/ledger-verify.js';
import { withExistingStation, type GlobalOptions } from '../cli-station.js';
import { count, type Output } from '../output.js';

export function registerAuditCommand(program: Command, output: Output, globals: () => GlobalOptions): void {
  const audit = program.command('audit').description('the tamper-evident audit log');
  audit
    .command('verify')
    .description('check the audit hash chain and the stock ledger; exit 1 naming every problem')
    .action(async () => {
      const [chain, ledger] = await withExistingStation(globals(), async (s) => [await verifyAuditLog(s), await verifyLedger(s)] as const);
      if (chain.ok) output.out(`audit chain OK: ${count(chain.count)} rows, head ${chain.headHash.slice(0, 16)}…`);
      else {
        output.err(`audit chain BROKEN: ${chain.problems.length + chain.problemsOmitted} problem(s) in ${count(chain.count)} rows`);
        for (const p of chain.problems) output.err(`  row ${p.seq}: ${p.kind}: ${p.message}`);
        if (chain.problemsOmitted) output.err(`  … and ${chain.problemsOmitted} more`);
      }
      if (ledger.length === 0) output.out('stock ledger OK: balances agree with movements and attempts');
      else {
        output.err(`stock ledger BROKEN: ${ledger.length} problem(s)`);
        for (const p of ledger) output.err(`  ${p}`);
      }
      if (!chain.ok || ledger.length > 0) process.exitCode = 1;
    });
}
