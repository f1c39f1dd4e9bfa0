import type { Command } from 'commander';
import {
  adjustBlanks, adjustRollImages, borrowRolls, CONSUMABLE_KINDS, defineConsumableType, lendRolls, loadRoll, receiveBlanks, receiveRolls, recordDestruction, returnLoan, unloadRoll, type ConsumableKind,
} from '../../station/stock/stock-service.js';
import { UsageError } from '../cli-error.js';
import { authenticate, withExistingStation, withStation, type GlobalOptions } from '../cli-station.js';
import { count, json, type Output } from '../output.js';
// The same read the console's roll pickers use (the stock.rolls op).
import { stockRolls } from '../../station/stock/stock-rolls.js';
import { isoDateOption, wholeNumber } from '../parse-number.js';

const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

export function registerStockCommand(program: Command, output: Output, globals: () => GlobalOptions): void {
  const stock = program.command('stock').description('blank cards, film and ribbon: receive, lend, borrow, return, adjust');
  const run = <T>(fn: Parameters<typeof withStation<T>>[1]) => withStation(globals(), fn);

  stock
    .command('rolls')
    .description('list the rolls on our books (not destroyed or given back): id, type, lot, state, printer, images left')
    .option('--type <type>', 'only rolls of this consumable type, e.g. datacard-film')
    .option('--json', 'print the rolls as JSON')
    .action(async (o: { type?: string; json?: boolean }) => {
      const { rows } = await withExistingStation(globals(), (s) => stockRolls(s, { typeId: o.type }));
      if (o.json) return output.out(json({ rolls: rows }));
      if (rows.length === 0) return output.out(o.type ? `no ${o.type} rolls on the books` : 'no rolls on the books');
      const widths = { id: Math.max(4, ...rows.map((r) => r.id.length)), type: Math.max(4, ...rows.map((r) => r.typeId.length)), lot: Math.max(3, ...rows.map((r) => r.lot.length)) };
      output.out(`${'ROLL'.padEnd(widths.id)}  ${'TYPE'.padEnd(widths.type)}  ${'LOT'.padEnd(widths.lot)}  ${'STATE'.padEnd(20)}  ${'PRINTER'.padEnd(8)}  IMAGES LEFT  OWNER`);
      for (const r of rows) {
        const owner = r.ownership === 'borrowed' ? `borrowed${r.loanId ? ` (loan ${r.loanId})` : ''}` : r.loanId ? `own (loan ${r.loanId})` : 'own';
        output.out(`${r.id.padEnd(widths.id)}  ${r.typeId.padEnd(widths.type)}  ${r.lot.padEnd(widths.lot)}  ${r.state.padEnd(20)}  ${(r.printerId ?? '-').padEnd(8)}  ${`${count(r.remaining)}/${count(r.capacity)}`.padStart(11)}  ${owner}`);
      }
    });

  stock
    .command('receive-blanks')
    .description('record a batch of blank cards received (from the Ministry)')
    .requiredOption('--document <no>', 'handover document number (unique per batch)')
    .requiredOption('--quantity <n>', 'number of blank cards')
    .option('--serial-from <serial>', 'first card serial, where known')
    .option('--serial-to <serial>', 'last card serial, where known')
    .action(async (o: { document: string; quantity: string; serialFrom?: string; serialTo?: string }) => {
      const quantity = wholeNumber('--quantity', o.quantity);
      const id = await run(async (s) => receiveBlanks(s, await authenticate(s, globals()), { documentNo: o.document, quantity, ...(o.serialFrom ? { serialFrom: o.serialFrom } : {}), ...(o.serialTo ? { serialTo: o.serialTo } : {}) }));
      output.out(`received ${count(quantity)} blanks (document ${o.document}, batch ${id})`);
    });

  stock
    .command('define-type')
    .description('declare a consumable type: a printer family and film or ribbon, with nominal images per roll')
    .requiredOption('--family <family>', 'printer family, e.g. fargo-hdp, datacard, evolis')
    .requiredOption('--kind <kind>', 'film or ribbon')
    .requiredOption('--images <n>', 'nominal images per roll')
    .option('--name <name>', 'product name')
    .action(async (o: { family: string; kind: string; images: string; name?: string }) => {
      if (!(CONSUMABLE_KINDS as readonly string[]).includes(o.kind)) throw new UsageError(`--kind must be film or ribbon, got "${o.kind}"`);
      const nominalImages = wholeNumber('--images', o.images);
      const id = await run(async (s) => defineConsumableType(s, await authenticate(s, globals()), { family: o.family, kind: o.kind as ConsumableKind, nominalImages, ...(o.name ? { name: o.name } : {}) }));
      output.out(`consumable type ${id}`);
    });

  stock
    .command('receive-roll')
    .description('record film or ribbon rolls received')
    .requiredOption('--type <type>', 'consumable type, e.g. datacard-film')
    .requiredOption('--lot <lot>', 'lot number printed on the box')
    .option('--count <n>', 'number of rolls', '1')
    .option('--capacity <images>', "images per roll (default: the type's nominal images)")
    .action(async (o: { type: string; lot: string; count: string; capacity?: string }) => {
      const n = wholeNumber('--count', o.count);
      const capacity = o.capacity ? wholeNumber('--capacity', o.capacity) : undefined;
      const ids = await run(async (s) => receiveRolls(s, await authenticate(s, globals()), { typeId: o.type, count: n, lot: o.lot, ...(capacity ? { capacityImages: capacity } : {}) }));
      output.out(`received ${ids.length} ${o.type} roll(s): ${ids.join(', ')}`);
    });

  stock
    .command('load')
    .description('record a film or ribbon roll loaded into a printer')
    .requiredOption('--roll <id>', 'roll id')
    .requiredOption('--printer <id>', 'printer id from station.json')
    .action(async (o: { roll: string; printer: string }) => {
      await run(async (s) => loadRoll(s, await authenticate(s, globals()), { rollId: o.roll, printerId: o.printer }));
      output.out(`loaded ${o.roll} into ${o.printer}`);
    });

  stock
    .command('unload')
    .description('record a roll taken out of its printer (a finished one goes into custody until destroyed)')
    .requiredOption('--roll <id>', 'roll id')
    .option('--finished', 'the roll is used up')
    .action(async (o: { roll: string; finished?: boolean }) => {
      const state = await run(async (s) => unloadRoll(s, await authenticate(s, globals()), { rollId: o.roll, finished: o.finished === true }));
      output.out(`unloaded ${o.roll}: now ${state}`);
    });

  stock
    .command('borrow')
    .description('record rolls borrowed from another office or supplier (owed until returned)')
    .requiredOption('--from <who>', 'the office or supplier lending them')
    .requiredOption('--type <type>', 'consumable type')
    .requiredOption('--count <n>', 'number of rolls')
    .requiredOption('--lot <lot>', 'lot number')
    .requiredOption('--due <date>', 'date they must be returned (yyyy-mm-dd)')
    .option('--capacity <images>', 'images per roll')
    .action(async (o: { from: string; type: string; count: string; lot: string; due: string; capacity?: string }) => {
      const n = wholeNumber('--count', o.count);
      const capacity = o.capacity ? wholeNumber('--capacity', o.capacity) : undefined;
      const due = isoDateOption('--due', o.due);
      const r = await run(async (s) => borrowRolls(s, await authenticate(s, globals()), { counterparty: o.from, typeId: o.type, count: n, lot: o.lot, dueDate: due, ...(capacity ? { capacityImages: capacity } : {}) }));
      output.out(`borrowed ${n} ${o.type} roll(s) from ${o.from}, due ${due} (loan ${r.loanId}): ${r.rollIds.join(', ')}`);
    });

  stock
    .command('lend')
    .description('record rolls lent to another office')
    .requiredOption('--to <who>', 'the office borrowing them')
    .requiredOption('--rolls <ids>', 'comma-separated roll ids from stock')
    .requiredOption('--due <date>', 'date they must come back (yyyy-mm-dd)')
    .action(async (o: { to: string; rolls: string; due: string }) => {
      const due = isoDateOption('--due', o.due);
      const loanId = await run(async (s) => lendRolls(s, await authenticate(s, globals()), { counterparty: o.to, rollIds: list(o.rolls), dueDate: due }));
      output.out(`lent ${list(o.rolls).length} roll(s) to ${o.to}, due ${due} (loan ${loanId})`);
    });

  stock
    .command('return')
    .description('settle a loan: the rolls themselves, or equivalent new rolls')
    .requiredOption('--loan <id>', 'loan id')
    .option('--rolls <ids>', 'comma-separated roll ids going back (borrowed loans) or coming back (lent loans)')
    .option('--equivalent <n>', 'for a lent loan: number of equivalent new rolls received instead')
    .option('--lot <lot>', 'lot of the equivalent rolls')
    .action(async (o: { loan: string; rolls?: string; equivalent?: string; lot?: string }) => {
      if (!o.rolls && !o.equivalent) throw new UsageError('give --rolls or --equivalent');
      if (o.equivalent && !o.lot) throw new UsageError('--equivalent needs --lot');
      const r = await run(async (s) =>
        returnLoan(s, await authenticate(s, globals()), {
          loanId: o.loan,
          ...(o.rolls ? { rollIds: list(o.rolls) } : {}),
          ...(o.equivalent ? { equivalent: { count: wholeNumber('--equivalent', o.equivalent), lot: o.lot! } } : {}),
        }),
      );
      output.out(r.open === 0 ? `loan ${o.loan} settled` : `loan ${o.loan}: ${r.settled} settled, ${r.open} still open`);
    });

  stock
    .command('adjust')
    .description('supervisor correction after a count: blanks (--blanks ±N) or a roll (--roll ID --images ±N)')
    .option('--blanks <delta>', 'change to blank stock, e.g. -2')
    .option('--roll <id>', 'roll to correct')
    .option('--images <delta>', "change to the roll's images")
    .requiredOption('--reason <text>', 'why (kept in the audit log)')
    .action(async (o: { blanks?: string; roll?: string; images?: string; reason: string }) => {
      if (!o.blanks === !o.roll) throw new UsageError('give either --blanks or --roll with --images');
      await run(async (s) => {
        const by = await authenticate(s, globals());
        if (o.blanks) await adjustBlanks(s, by, { delta: wholeNumber('--blanks', o.blanks, { allowNegative: true }), reason: o.reason });
        else {
          if (!o.images) throw new UsageError('--roll needs --images');
          await adjustRollImages(s, by, { rollId: o.roll!, delta: wholeNumber('--images', o.images, { allowNegative: true }), reason: o.reason });
        }
      });
      output.out('adjusted');
    });

  stock
    .command('destroy')
    .description('supervisor: record the destruction of used rolls (they hold a readable negative of every card)')
    .requiredOption('--rolls <ids>', 'comma-separated roll ids awaiting destruction')
    .requiredOption('--method <method>', 'shredded, burned, …')
    .requiredOption('--witness <name>', 'who witnessed it')
    .option('--date <date>', 'date of destruction (default today)')
    .action(async (o: { rolls: string; method: string; witness: string; date?: string }) => {
      const date = o.date ? isoDateOption('--date', o.date) : new Date().toISOString().slice(0, 10);
      await run(async (s) => recordDestruction(s, await authenticate(s, globals()), { rollIds: list(o.rolls), method: o.method, witness: o.witness, date }));
      output.out(`recorded destruction of ${list(o.rolls).length} roll(s)`);
    });
}
