import type { Command } from 'commander';
import { addOperator, countOperators, disableOperator, listOperators, RECOMMENDED_PIN_DIGITS, requirePermission } from '../../station/operators.js';
import { UsageError } from '../cli-error.js';
import { authenticate, withExistingStation, withStation, type GlobalOptions } from '../cli-station.js';
import { json, type Output } from '../output.js';
import { readPin } from '../pin-prompt.js';

export function registerOperatorCommand(program: Command, output: Output, globals: () => GlobalOptions): void {
  const operator = program.command('operator').description('people who may use the station');

  operator
    .command('add')
    .description('add an operator (the very first one must be a supervisor and needs no sign-in)')
    .requiredOption('--id <id>', 'sign-in id, lower case')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--role <role>', 'operator, supervisor or technician')
    .addHelpText('after', `\nPINs are 4 to 12 digits; use ${RECOMMENDED_PIN_DIGITS} or more.`)
    .action(async (o: { id: string; name: string; role: string }) => {
      const env = { ...process.env, CETAK_PIN: process.env['CETAK_NEW_PIN'] };
      let short = false;
      await withStation(globals(), async (s) => {
        let by = 'bootstrap';
        if ((await countOperators(s)) === 0) {
          if (o.role !== 'supervisor') throw new UsageError('the first operator must be a supervisor');
        } else {
          const me = await authenticate(s, globals());
          requirePermission(me, 'operators.manage');
          by = me.id;
        }
        const pin = await readPin(`new PIN for ${o.id}: `, env);
        if (!pin) throw new UsageError(`no PIN for the new operator: type it at the prompt, or set CETAK_NEW_PIN for scripts`);
        await addOperator(s, by, { id: o.id, name: o.name, role: o.role, pin });
        short = pin.length < RECOMMENDED_PIN_DIGITS;
      });
      output.out(`added ${o.role} ${o.id}`);
      if (short) output.out(`note: a PIN of ${RECOMMENDED_PIN_DIGITS} to 12 digits is much harder to guess; set a longer one for ${o.id}`);
    });

  operator
    .command('list')
    .description('list operators')
    .option('--json', 'as JSON')
    .action(async (o: { json?: boolean }) => {
      const all = await withExistingStation(globals(), (s) => listOperators(s));
      if (o.json) output.out(json(all));
      else for (const op of all) output.out(`${op.id.padEnd(16)} ${op.role.padEnd(11)} ${op.disabled ? 'disabled' : 'active  '} ${op.name}`);
    });

  operator
    .command('disable')
    .description('disable an operator (supervisor); their past actions stay attributed')
    .argument('<id>', 'operator id')
    .action(async (id: string) => {
      await withStation(globals(), async (s) => disableOperator(s, await authenticate(s, globals()), id));
      output.out(`disabled ${id}`);
    });
}
