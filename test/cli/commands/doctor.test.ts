// `cetak doctor --json` on a good home (a running station) and on a broken one (loose modes, no station).
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/cli/doctor/doctor-checks.js';
import { CETAK_BIN, runCetak } from '../../support/run-cetak.js';

let scratch: string;
let station: ChildProcess | undefined;
// WITA, as station.json says by default: the clock check is about agreement, not about this machine.
const env = (home: string) => ({ CETAK_HOME: home, TZ: 'Asia/Makassar' });

async function doctor(home: string): Promise<{ code: number | null; findings: Map<string, Finding> }> {
  const r = await runCetak(['doctor', '--json'], env(home));
  const parsed = JSON.parse(r.stdout) as { ok: boolean; findings: Finding[] };
  expect(parsed.ok).toBe(r.code === 0);
  for (const f of parsed.findings) if (f.level !== 'ok') expect(f.fix, `${f.check} says how to fix it`).toBeTruthy();
  return { code: r.code, findings: new Map(parsed.findings.map((f) => [f.check, f])) };
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cetak-doctor-'));
});

afterAll(async () => {
  station?.kill('SIGKILL');
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('cetak doctor', () => {
  it('finds a good home good: modes, database, disk, clock and a station answering', async () => {
    const home = join(scratch, 'good');
    expect((await runCetak(['operator', 'add', '--id', 'sup', '--name', 'SUPERVISOR', '--role', 'supervisor'], { ...env(home), CETAK_NEW_PIN: '4321' })).code).toBe(0);
    expect((await runCetak(['demo-data', '--out', join(home, 'office'), '--count', '20'], { ...env(home), CETAK_OPERATOR: 'sup', CETAK_PIN: '4321' })).code).toBe(0);
    await writeFile(join(home, 'station.json'), JSON.stringify({ station: { id: 'ws-1' }, printers: [] }));
    station = spawn(process.execPath, [CETAK_BIN, 'station'], { env: { ...process.env, ...env(home) }, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      station!.stdout!.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (out.includes('technician socket')) resolve();
      });
      station!.once('exit', (code) => reject(new Error(`station exited ${code}`)));
    });
    const { findings } = await doctor(home);
    for (const check of ['data-folder', 'database-files', 'sqlite', 'disk', 'clock', 'sign-in', 'station']) expect(findings.get(check)?.level, check).toBe('ok');
    // The PIN advice the lockout work asks for: 6 digits or more.
    expect(findings.get('sign-in')?.message).toMatch(/Use 6 digits or more/);
    expect([...findings.values()].filter((f) => f.level === 'critical')).toEqual([]);
    station.kill('SIGTERM');
  });

  it('finds a broken home broken, says how to fix each problem, and exits 2', async () => {
    const home = join(scratch, 'broken');
    expect((await runCetak(['operator', 'add', '--id', 'sup', '--name', 'SUPERVISOR', '--role', 'supervisor'], { ...env(home), CETAK_NEW_PIN: '4321' })).code).toBe(0);
    await chmod(home, 0o755);
    await chmod(join(home, 'cetak.sqlite'), 0o644);
    const { code, findings } = await doctor(home);
    expect(code).toBe(2);
    expect(findings.get('data-folder')).toEqual({ check: 'data-folder', level: 'warning', message: `${home} is mode 0755: other users can look inside`, fix: `chmod 700 ${home}` });
    expect(findings.get('database-files')?.level).toBe('critical');
    expect(findings.get('database-files')?.message).toMatch(/readable by other users: .*cetak\.sqlite \(0644\)/);
    expect(findings.get('station')?.level).toBe('critical');
    expect(findings.get('station')?.fix).toMatch(/systemctl start cetak-station\.service/);
  });
});
