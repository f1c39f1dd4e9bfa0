import type { Command } from 'commander';
import { VPCD_DEFAULT_PORT, runCardEmulatorCli } from '../../../hardware/smartcard-emulator/index.js';
import { UsageError } from '../cli-error.js';
import type { Output } from '../output.js';
import { wholeNumber } from '../parse-number.js';

export function registerCardEmulatorCommand(program: Command, output: Output): void {
  program
    .command('card-emulator')
    .description('put an emulated contactless card (EMULATED, for tests and demos) on a vpcd virtual reader of pcscd')
    .requiredOption('--uid <hex>', 'the card UID: 4, 7 or 10 bytes of hex')
    .option('--port <port>', 'the vpcd reader port', String(VPCD_DEFAULT_PORT))
    .action(async (o: { uid: string; port: string }) => {
      if (!/^([0-9a-f]{8}|[0-9a-f]{14}|[0-9a-f]{20})$/i.test(o.uid)) throw new UsageError(`--uid must be 4, 7 or 10 bytes of hex, got "${o.uid}"`);
      await runCardEmulatorCli({ uidHex: o.uid, port: wholeNumber('--port', o.port), writeLine: (line) => output.out(line) });
    });
}
