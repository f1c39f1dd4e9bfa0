import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerReportCommand } from '../../../src/cli/commands/report-command.js';
import { previousMonth } from '../../../src/station/reports/index.js';
import type { Output } from '../../../src/cli/output.js';
import { defineConsumableType, loadRoll, receiveBlanks, receiveRolls } from '../../../src/station/stock/stock-service.js';
import { addPrinter, createStationFixture, type StationFixture } from '../../fixtures/station-fixture.js';
import { printCards, queueJobs } from '../../station/forecast/print-history.js';
import { KUPANG_OFFICE } from '../../fixtures/office-fixture.js';

let fx: StationFixture;
let out: string;

beforeAll(async () => {
  fx = await createStationFixture({ start: '2026-10-30T01:00:00.000Z' });
  await writeFile(join(fx.home, 'station.json'), JSON.stringify({ office: KUPANG_OFFICE }));
  out = await mkdtemp(join(tmpdir(), 'cetak-report-cli-'));
  await addPrinter(fx.station, 'p1', 'evolis');
  await receiveBlanks(fx.station, fx.operator, { documentNo: 'BA-OKT', quantity: 1000 });
  const ribbon = await defineConsumableType(fx.station, fx.operator, { family: 'evolis', kind: 'ribbon', nominalImages: 300 });
  const [roll] = await receiveRolls(fx.station, fx.operator, { typeId: ribbon, count: 1, lot: 'R1' });
  await loadRoll(fx.station, fx.operator, { rollId: roll!, printerId: 'p1' });
  await queueJobs(fx.station, 5);
  await printCards(fx.station, fx.clock, { printerId: 'p1', count: 5, needsFilm: false });
});
afterAll(async () => {
  await fx.cleanup();
  await rm(out, { recursive: true, force: true });
});

function run(args: string[]): Promise<{ out: string[]; err: string[] }> {
  const lines = { out: [] as string[], err: [] as string[] };
  const output: Output = { out: (l) => lines.out.push(l), err: (l) => lines.err.push(l) };
  const program = new Command('cetak').exitOverride();
  registerReportCommand(program, output, () => ({ home: fx.home }));
  for (const c of program.commands) c.exitOverride();
  return program.parseAsync(['node', 'cetak', ...args]).then(() => lines);
}

describe('cetak report monthly', () => {
  it('writes the month into the folder and prints the blank identity', async () => {
    const dir = join(out, 'oktober');
    const { out: lines } = await run(['report', 'monthly', '--month', '2026-10', '--out', dir]);
    expect(lines[0]).toBe('blanks 2026-10: opening 0 + received 1,000 - printed 5 - spoiled 0 - written off 0 = closing 995');
    // The command runs on the machine's clock: the number carries this month and year.
    expect(lines.find((l) => l.startsWith('document number'))).toMatch(/^document number 470\/1\/LB\/Dukcapil\/[IVX]+\/\d{4}$/);
    expect(lines.filter((l) => l.startsWith('wrote '))).toHaveLength(10);
    expect(await readdir(dir)).toContain('report-2026-10.pdf');
    expect(await readFile(join(dir, 'report-2026-10.md'), 'utf8')).toContain('| 0 | 1,000 | 5 | 0 | 0 | 995 |');
  });

  it('refuses without the office section, naming the file and what it needs', async () => {
    const bare = await createStationFixture({ start: '2026-11-03T01:00:00.000Z' });
    try {
      const lines = { out: [] as string[], err: [] as string[] };
      const program = new Command('cetak').exitOverride();
      registerReportCommand(program, { out: (l) => lines.out.push(l), err: (l) => lines.err.push(l) }, () => ({ home: bare.home }));
      await expect(program.parseAsync(['node', 'cetak', 'report', 'monthly', '--month', '2026-10', '--out', join(out, 'bare')])).rejects.toMatchObject({
        code: 'config-office-missing',
        message: expect.stringMatching(/station\.json: office: official documents need the office's letterhead/),
      });
      await expect(readdir(join(out, 'bare'))).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await bare.cleanup();
    }
  });

  it('refuses a malformed month with one sentence', async () => {
    await expect(run(['report', 'monthly', '--month', '2026-13'])).rejects.toMatchObject({ message: '--month must be yyyy-mm (e.g. 2026-11), got "2026-13"', exitCode: 2 });
  });

  it('defaults to last month, the one due by the 5th', () => {
    expect(previousMonth('2026-12-03')).toBe('2026-11');
    expect(previousMonth('2027-01-04')).toBe('2026-12');
  });
});
