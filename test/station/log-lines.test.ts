// The station's log as an operator reads it: a demo batch printed by a real station, a printer
// paused and resumed by a person; then every line is checked: one JSON object with no key twice,
// no NIK, name or PIN hash of the office in it, and a line per card with its job and masked NIK.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStation, type RunningStation } from '../../src/cli/commands/station-command.js';
import { maskNik } from '../../src/domain/masking.js';
import { DEMO_STATION_CONFIG, ensureDemoOperators, seedDemoStation } from '../../src/station/demo/demo-station.js';
import { JournalLines, RotatingLogFile } from '../../src/station/log-destinations.js';
import { signIn } from '../../src/station/operators.js';
import { until } from '../support/until.js';

let scratch: string;
let running: RunningStation | undefined;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cetak-logs-'));
});

afterAll(async () => {
  await running?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** The top-level keys of one JSON object line, in order, duplicates kept (JSON.parse would drop them). */
function topLevelKeys(line: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      let j = i + 1;
      while (line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
      const after = line.slice(j + 1).trimStart();
      if (depth === 1 && after.startsWith(':')) keys.push(JSON.parse(line.slice(i, j + 1)) as string);
      i = j;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return keys;
}

describe('station log lines', () => {
  it('one line per card and per pause, no duplicate keys, no NIK, name or PIN hash', async () => {
    const home = join(scratch, 'home');
    const logFile = join(home, 'logs', 'station.log');
    const config = { ...DEMO_STATION_CONFIG, printers: DEMO_STATION_CONFIG.printers.map((p) => ({ ...p, uri: p.uri.replace('speedup=4', 'speedup=20') })) };
    const { mkdir } = await import('node:fs/promises');
    await mkdir(home, { recursive: true, mode: 0o700 });
    await writeFile(join(home, 'station.json'), JSON.stringify(config));
    running = await startStation({ home }, { logFile });
    const r = running;
    await ensureDemoOperators(r.station);
    await seedDemoStation(r.station);
    const printed = async () => Number((await r.station.db.selectFrom('attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'printed').executeTakeFirstOrThrow()).n);
    await until('five printed cards', async () => (await printed()) >= 5);
    const supervisor = await signIn(r.station, 'demo-supervisor', '1234');
    await r.runtime.printerAction(supervisor, 'p3', 'pause');
    await r.runtime.printerAction(supervisor, 'p3', 'resume');
    await r.stop();
    running = undefined;

    const lines = (await readFile(logFile, 'utf8')).split('\n').filter(Boolean);
    const records = await (async () => {
      const { openDatabase } = await import('../../db/index.js');
      const db = await openDatabase<import('../../db/schema.js').Database>({ home });
      const rows = {
        records: await db.kysely.selectFrom('records').select(['nik', 'name']).execute(),
        hashes: (await db.kysely.selectFrom('operators').select('pin_hash').execute()).map((o) => o.pin_hash),
        printed: await db.kysely.selectFrom('attempts').innerJoin('jobs', 'jobs.id', 'attempts.job_id').innerJoin('records', 'records.id', 'jobs.record_id').select(['attempts.id as attempt', 'jobs.id as job', 'records.nik']).where('attempts.state', '=', 'printed').execute(),
      };
      await db.close();
      return rows;
    })();
    expect(records.records.length).toBeGreaterThan(100);

    for (const line of lines) {
      const keys = topLevelKeys(line);
      expect(new Set(keys).size, `duplicate key in ${line}`).toBe(keys.length);
      expect(() => JSON.parse(line)).not.toThrow();
      // Station ids (job_…, att_…: 20 random hex digits) may hold a run of decimal digits by chance.
      expect(line.replace(/"[a-z]+_[0-9a-f]{20}"/g, '"id"'), 'no 16-digit run').not.toMatch(/\d{16}/);
      expect(line).not.toMatch(/"pin(_hash)?"/);
    }
    const all = lines.join('\n');
    for (const { nik, name } of records.records) {
      expect(all.includes(nik), 'a NIK in the log').toBe(false);
      expect(all.includes(name), 'a name in the log').toBe(false);
    }
    for (const hash of records.hashes) expect(all.includes(hash)).toBe(false);

    // Each printed card has its line, with its job and its NIK masked.
    const cardLines = lines.map((l) => JSON.parse(l) as Record<string, string>).filter((e) => e['outcome'] === 'printed');
    for (const p of records.printed) {
      const line = cardLines.find((e) => e['attempt'] === p.attempt);
      expect(line, `a log line for attempt ${p.attempt}`).toBeDefined();
      expect(line).toMatchObject({ module: 'station', job: p.job, nik: maskNik(p.nik) });
      expect(line!['msg']).toMatch(/printed a card$/);
    }
    expect(lines.filter((l) => l.includes('"msg":"P3 paused by demo-supervisor"'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('"msg":"P3 resumed by demo-supervisor"'))).toHaveLength(1);
  }, 120_000);

  it('rotates the log file by size and keeps the newest files', async () => {
    const path = join(scratch, 'rot', 'station.log');
    const file = new RotatingLogFile(path, { maxBytes: 1000, keep: 2 });
    const line = `${JSON.stringify({ msg: 'x'.repeat(80) })}\n`;
    for (let i = 0; i < 50; i++) file.write(line);
    const names = (await readdir(join(scratch, 'rot'))).sort();
    expect(names).toEqual(['station.log', 'station.log.1', 'station.log.2']);
    for (const n of names) expect(readFileSync(join(scratch, 'rot', n)).length).toBeLessThanOrEqual(1000);
  });

  it('writes journald lines with the priority prefix and no key twice', async () => {
    const path = join(scratch, 'journal.txt');
    const fd = openSync(path, 'w');
    const journal = new JournalLines(fd);
    journal.write(`${JSON.stringify({ level: 30, time: 1, pid: 2, module: 'station', printer: 'p1', job: 'j-1', msg: 'P1 printed a card' })}\n`);
    journal.write(`${JSON.stringify({ level: 40, module: 'station', printer: 'p1', reason: 'cover open', msg: 'P1 paused: cover open' })}\n`);
    closeSync(fd);
    expect(readFileSync(path, 'utf8')).toBe('<6>station: P1 printed a card printer=p1 job=j-1\n<4>station: P1 paused: cover open printer=p1 reason="cover open"\n');
  });
});
