// What a new office does: `npm pack`, then `npm install -g` of the tarball into a fresh prefix, then
// the installed `cetak`. The pack runs in a copy of the sources so its prepack build never replaces
// the dist/ that other suites are running from.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SOURCES = ['package.json', 'package-lock.json', 'README.md', 'bin', 'scripts', 'src', 'db', 'hardware', 'ui', 'docs', 'tsconfig.json'];

let work: string;
let tarball: string;
let prefix: string;

function cetak(args: string[], env: Record<string, string>): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(join(prefix, 'bin', 'cetak'), args, {
    // A PATH without the project's node_modules/.bin: only what the install put in the prefix.
    env: { PATH: `${join(prefix, 'bin')}:/usr/local/bin:/usr/bin:/bin`, HOME: work, CETAK_LANG: process.env['CETAK_LANG'] ?? 'en', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cetak-pack-'));
  const copy = join(work, 'src-copy');
  for (const entry of SOURCES) cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  // No dist/ in the copy: the tarball has one only if prepack built it.
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: copy, encoding: 'utf8' }).trim().split('\n').pop()!;
  tarball = join(work, name);
  prefix = join(work, 'prefix');
  // --prefer-offline reuses the packages `npm ci` already fetched; the native addons still build.
  execFileSync('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], {
    cwd: work,
    env: { ...process.env, npm_config_update_notifier: 'false' },
    stdio: 'pipe',
    timeout: 540_000,
  });
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('ships the bundle and the launcher, and no tests or sources', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(files).toContain('package/bin/cetak.js');
    expect(files).toContain('package/dist/cetak.js');
    expect(files.filter((f) => /^package\/(test|src|bench|scripts|\.ci)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('installs into a fresh prefix where cetak --help, demo-data and status work', () => {
    const installed = join(prefix, 'lib', 'node_modules', 'cetak');
    expect(statSync(join(installed, 'dist', 'cetak.js')).isFile()).toBe(true);
    expect(readdirSync(installed)).not.toContain('test');

    const help = cetak(['--help'], {});
    expect(help.stderr).toBe('');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: cetak/);
    expect(help.stdout).toMatch(/demo-data/);

    const home = join(work, 'home');
    const office = join(work, 'office');
    const first = cetak(['operator', 'add', '--id', 'sup', '--name', 'SUPERVISOR', '--role', 'supervisor'], { CETAK_HOME: home, CETAK_NEW_PIN: '4321' });
    expect(first.code, first.stderr).toBe(0);
    const demo = cetak(['demo-data', '--out', office, '--count', '20'], { CETAK_HOME: home, CETAK_OPERATOR: 'sup', CETAK_PIN: '4321' });
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    expect(demo.stdout).toMatch(/wrote 20 records/);

    // The installed build reads the database it wrote (status needs a running station).
    const rolls = cetak(['stock', 'rolls', '--json'], { CETAK_HOME: home });
    expect(rolls.code, rolls.stderr).toBe(0);
    expect((JSON.parse(rolls.stdout) as { rolls: unknown[] }).rolls.length).toBeGreaterThan(0);
  });
});
