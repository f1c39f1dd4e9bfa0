import { Command } from 'commander';

const program = new Command('cetak').description('e-KTP card printing station and console').version('0.1.0');
await program.parseAsync(process.argv);
