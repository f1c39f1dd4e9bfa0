import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCetak } from '../support/run-cetak.js';

let home: string;
let demo: string;
const env = () => ({ CETAK_HOME: home, CETAK_OPERATOR: 'op', CETAK_PIN: '1111' });
const asSupervisor = () => ({ CETAK_HOME: home, CETAK_OPERATOR: 'sup', CETAK_PIN: '4321' });

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'cetak-cli-'));
  demo = join(home, 'demo-office');
});
afterAll(() => rm(home, { recursive: true, force: true }));

describe('cetak CLI, as an office uses it', () => {
  it('demo-data, then import, then the film on hand is the opening stock', async () => {
    const first = await runCetak(['operator', 'add', '--id', 'sup', '--name', 'SUPERVISOR', '--role', 'supervisor'], { CETAK_HOME: home, CETAK_NEW_PIN: '4321' });
    expect(first.code, first.stderr).toBe(0);
    const op = await runCetak(['operator', 'add', '--id', 'op', '--name', 'OPERATOR', '--role', 'operator'], { ...asSupervisor(), CETAK_NEW_PIN: '1111' });
    expect(op.code, op.stderr).toBe(0);
    const made = await runCetak(['demo-data', '--out', demo, '--count', '40'], asSupervisor());
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain('recorded opening stock: 4,000 blanks, 15 rolls');

    const imported = await runCetak(['import', join(demo, 'records.csv')], env());
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('records.csv: 40 rows: 40 queued');

    const refused = await runCetak(['import', join(demo, 'problem-rows.csv')], env());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('problem-rows.csv: nothing imported: 6 of 6 rows have problems');
    expect(refused.stderr).toMatch(/problem-rows\.csv line 5, signature: .*points outside the import folder/);
    expect(refused.stderr).not.toMatch(/\bat \w+ \(/); // no stack trace

    // The stock is in the database for every command; the queue's state is the running station's (test/cli/status-command.test.ts).
    const rolls = await runCetak(['stock', 'rolls', '--json', '--type', 'datacard-film'], { CETAK_HOME: home });
    expect(rolls.code, rolls.stderr).toBe(0);
    const film = (JSON.parse(rolls.stdout) as { rolls: { remaining: number }[] }).rolls;
    expect(film.reduce((sum, r) => sum + r.remaining, 0)).toBe(2000);
  }, 120_000);

  it('stock rolls lists the rolls with their ids, as a table and as JSON', async () => {
    const all = await runCetak(['stock', 'rolls', '--json'], { CETAK_HOME: home });
    expect(all.code, all.stderr).toBe(0);
    const parsed = JSON.parse(all.stdout) as { rolls: { id: string; typeId: string; lot: string; state: string; remaining: number; capacity: number }[] };
    expect(parsed.rolls).toHaveLength(15);
    expect(parsed.rolls.every((r) => r.id.length > 0 && r.remaining <= r.capacity)).toBe(true);
    const film = await runCetak(['stock', 'rolls', '--type', 'datacard-film'], { CETAK_HOME: home });
    expect(film.code, film.stderr).toBe(0);
    const lines = film.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ROLL +TYPE +LOT +STATE +PRINTER +IMAGES LEFT +OWNER$/);
    const ids = parsed.rolls.filter((r) => r.typeId === 'datacard-film').map((r) => r.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(ids);
    const none = await runCetak(['stock', 'rolls', '--type', 'no-such-film'], { CETAK_HOME: home });
    expect(none.stdout.trim()).toBe('no no-such-film rolls on the books');
  });

  it('preview writes the card as it will print, as a PNG', async () => {
    const nik = (await import('node:fs')).readFileSync(join(demo, 'records.csv'), 'utf8').split('\n')[1]!.split(',')[0]!;
    const out = join(home, 'card.png');
    const r = await runCetak(['preview', nik, '--out', out], env());
    expect(r.code, r.stderr).toBe(0);
    const png = (await import('node:fs')).readFileSync(out);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1016, 648]);
    const missing = await runCetak(['preview', '5371010101900001', '--out', out], env());
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('cetak: no job for NIK 5371…');
  });

  it('answers a user mistake with one sentence and a non-zero exit', async () => {
    const wrongPin = await runCetak(['stock', 'receive-blanks', '--document', 'X', '--quantity', '5'], { ...env(), CETAK_PIN: '9999' });
    expect(wrongPin.code).toBe(1);
    expect(wrongPin.stderr.trim()).toBe('cetak: unknown operator, disabled operator or wrong PIN');
    const badNumber = await runCetak(['stock', 'receive-blanks', '--document', 'X', '--quantity', 'lots'], env());
    expect(badNumber.code).toBe(2);
    expect(badNumber.stderr.trim()).toBe('cetak: --quantity must be a whole number, got "lots"');
    const notSupervisor = await runCetak(['stock', 'adjust', '--blanks', '-1', '--reason', 'count'], env());
    expect(notSupervisor.code).toBe(1);
    expect(notSupervisor.stderr).toContain('needs a supervisor');
  });

  it('audit verify passes, then names the row someone edited in the database file', async () => {
    const ok = await runCetak(['audit', 'verify'], { CETAK_HOME: home });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/audit chain OK: [\d,]+ rows/);
    const db = new Database(join(home, 'cetak.sqlite'));
    const victim = db.prepare("select seq from audit_log where action = 'job.create' order by seq limit 1 offset 3").get() as { seq: number };
    db.prepare("update audit_log set actor = 'somebody-else' where seq = ?").run(victim.seq);
    db.close();
    const broken = await runCetak(['audit', 'verify'], { CETAK_HOME: home });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`row ${victim.seq}: edited`);
  });

  it('status exits 3 when it cannot look, not 2', async () => {
    const r = await runCetak(['status'], { CETAK_HOME: '/etc/hostname/cetak' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^UNKNOWN: cetak: status unknown: /);
  });
});
