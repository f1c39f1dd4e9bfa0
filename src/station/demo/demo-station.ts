import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StationContext } from '../context.js';
import { importFile } from '../import/import-file.js';
import { addOperator, countOperators, signIn } from '../operators.js';
import { loadRoll } from '../stock/stock-service.js';
import { writeDemoData } from './demo-data.js';

/** Sign-ins the demo creates on an empty station: for trying cetak out only. */
export const DEMO_OPERATORS = [
  { id: 'demo-supervisor', name: 'DEMO SUPERVISOR', role: 'supervisor', pin: '1234' },
  { id: 'demo-operator', name: 'MARIA TEFA (DEMO)', role: 'operator', pin: '1111' },
  { id: 'demo-technician', name: 'ANDI (DEMO)', role: 'technician', pin: '2222' },
] as const;

/** The demo's printers: one of each family, simulated, a little faster than real ones. */
export const DEMO_STATION_CONFIG = {
  station: { id: 'demo-ws-1', office: 'Kota Kupang (DEMO)' },
  language: 'id',
  printers: [
    { id: 'p1', name: 'P1', uri: 'sim://fargo-hdp5000?speedup=4', family: 'fargo-hdp' },
    { id: 'p2', name: 'P2', uri: 'sim://datacard-cr805?speedup=4', family: 'datacard' },
    { id: 'p3', name: 'P3', uri: 'sim://evolis-primacy?speedup=4', family: 'evolis' },
  ],
  pollIntervalMs: 2000,
};

/** Creates the demo sign-ins on a station that has nobody yet; returns the supervisor. */
export async function ensureDemoOperators(ctx: StationContext): Promise<void> {
  if ((await countOperators(ctx)) > 0) return;
  for (const op of DEMO_OPERATORS) await addOperator(ctx, 'demo', op);
}

/** Writes the demo station's config unless the folder already has one. */
export async function writeDemoConfig(home: string): Promise<void> {
  const path = join(home, 'station.json');
  if (!existsSync(path)) await writeFile(path, `${JSON.stringify(DEMO_STATION_CONFIG, null, 2)}\n`);
}

/**
 * Fills a fresh demo station once: the synthetic office's records imported, opening stock
 * received, and a film and a ribbon loaded into every simulated printer (the printers must be
 * registered first, which starting the station does). A second call finds it done and does nothing.
 */
export async function seedDemoStation(ctx: StationContext): Promise<boolean> {
  const already = await ctx.db.selectFrom('records').select('id').limit(1).executeTakeFirst();
  if (already) return false;
  const supervisor = await signIn(ctx, 'demo-supervisor', '1234');
  const dir = join(ctx.home, 'demo-office');
  const report = await writeDemoData(ctx, supervisor, dir, { count: 300 });
  await importFile(ctx, supervisor, report.recordsFile);
  for (const printer of DEMO_STATION_CONFIG.printers) {
    for (const kind of printer.family === 'evolis' ? (['ribbon'] as const) : (['film', 'ribbon'] as const)) {
      const roll = await ctx.db
        .selectFrom('rolls')
        .select('id')
        .where('type_id', '=', `${printer.family}-${kind}`)
        .where('state', '=', 'in-stock')
        .orderBy('id')
        .executeTakeFirst();
      if (roll) await loadRoll(ctx, supervisor, { rollId: roll.id, printerId: printer.id });
    }
  }
  return true;
}
