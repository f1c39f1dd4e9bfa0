// The restore drill: a station prints a demo batch; `cetak backup` runs while cards are on the
// printers; the backup is restored into another home and verified there. A tampered backup is
// refused, and a database about to be migrated is backed up first.
import BetterSqlite3 from 'better-sqlite3';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, migrations, openDatabase } from '../../db/index.js';
import { startStation, type RunningStation } from '../../src/cli/commands/station-command.js';
import { DEMO_STATION_CONFIG, ensureDemoOperators, seedDemoStation } from '../../src/station/demo/demo-station.js';
import { openStation } from '../../src/station/open-station.js';
import { runCetak } from '../support/run-cetak.js';
import { until } from '../support/until.js';

let scratch: string;
let running: RunningStation | undefined;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cetak-backup-'));
});

afterAll(async () => {
  await running?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const attemptsIn = async (r: RunningStation, state: string) =>
  Number((await r.station.db.selectFrom('attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', state).executeTakeFirstOrThrow()).n);

describe('backup and restore', () => {
  it('backs up mid-batch, restores into another home, and both verify', async () => {
    const home = join(scratch, 'live');
    const config = { ...DEMO_STATION_CONFIG, printers: DEMO_STATION_CONFIG.printers.map((p) => ({ ...p, uri: p.uri.replace('speedup=4', 'speedup=20') })) };
    await rm(home, { recursive: true, force: true });
    await mkdir(home, { recursive: true, mode: 0o700 });
    await writeFile(join(home, 'station.json'), JSON.stringify(config));
    running = await startStation({ home }, { logFile: join(home, 'logs', 'station.log') });
    await ensureDemoOperators(running.station);
    await seedDemoStation(running.station);
    const r = running;
    await until('three printed cards and one on a printer', async () => (await attemptsIn(r, 'printed')) >= 3 && (await attemptsIn(r, 'printing')) >= 1);

    const backups = join(scratch, 'backups');
    const backup = await runCetak(['backup', '--to', backups, '--keep', '3'], { CETAK_HOME: home });
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/verified: integrity, audit chain \([\d,]+ rows\) and balances OK/);
    const [file] = await readdir(backups);
    expect(file).toMatch(/^cetak-\d{8}T\d{9}Z\.sqlite$/);
    const printedAtEnd = await attemptsIn(r, 'printed');
    await running.stop();
    running = undefined;

    const restoredHome = join(scratch, 'restored');
    const restore = await runCetak(['restore', join(backups, file!)], { CETAK_HOME: restoredHome });
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    const verify = await runCetak(['audit', 'verify'], { CETAK_HOME: restoredHome });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/audit chain OK/);
    expect(verify.stdout).toMatch(/stock ledger OK/);

    // The copy is one moment of the batch: cards printed by then, and cards still on the printers.
    const restored = new BetterSqlite3(join(restoredHome, 'cetak.sqlite'), { readonly: true });
    const count = (state: string) => (restored.prepare('select count(*) as n from attempts where state = ?').get(state) as { n: number }).n;
    expect(count('printed')).toBeGreaterThanOrEqual(3);
    expect(count('printed')).toBeLessThanOrEqual(printedAtEnd);
    expect(count('printing')).toBeGreaterThanOrEqual(1);
    restored.close();

    // Restoring twice into the same home is refused: a restore never overwrites records.
    const again = await runCetak(['restore', join(backups, file!)], { CETAK_HOME: restoredHome });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists: restore goes into an empty home/);

    // A backup with one audit row edited is refused whole, and the target home stays empty.
    const tampered = join(scratch, 'cetak-20990101T000000000Z.sqlite');
    await copyFile(join(backups, file!), tampered);
    const edit = new BetterSqlite3(tampered);
    edit.prepare("update audit_log set actor = 'someone-else' where seq = (select min(seq) from audit_log)").run();
    edit.close();
    const other = join(scratch, 'other');
    const refused = await runCetak(['restore', tampered], { CETAK_HOME: other });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/does not verify, nothing was restored: audit chain/);
    expect(existsSync(join(other, 'cetak.sqlite'))).toBe(false);
  }, 120_000);

  it('keeps the newest N backups', async () => {
    const home = join(scratch, 'live');
    const dir = join(scratch, 'rotated');
    for (let i = 0; i < 3; i++) expect((await runCetak(['backup', '--to', dir, '--keep', '2'], { CETAK_HOME: home })).code).toBe(0);
    const left = (await readdir(dir)).sort();
    expect(left).toHaveLength(2);
  }, 60_000);

  it('backs up a database before migrating it, and that copy verifies at the old schema', async () => {
    const home = join(scratch, 'old-schema');
    const [firstName, firstMigration] = Object.entries(migrations)[0]!;
    const old = await openDatabase({ home });
    await migrateToLatest(old.kysely, { [firstName]: firstMigration });
    await old.close();

    const station = await openStation({ home });
    await station.close();
    const files = await readdir(join(home, 'backups'));
    const pending = Object.keys(migrations)[1]!;
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^cetak-\\d{8}T\\d{9}Z-before-${pending}\\.sqlite$`));
    const copy = new BetterSqlite3(join(home, 'backups', files[0]!), { readonly: true });
    expect((copy.prepare('select name from kysely_migration').all() as { name: string }[]).map((r) => r.name)).toEqual([firstName]);
    copy.close();

    // Up to date now: opening again takes no second backup.
    await (await openStation({ home })).close();
    expect(await readdir(join(home, 'backups'))).toEqual(files);
  });
});
