// `cetak install-service`: the units it writes pass `systemd-analyze verify`, and, with no systemd
// to start them here, the unit's own ExecStartPre and ExecStart lines run as its User= give each
// socket its group: a technician reaches technician.sock and not operator.sock. Needs root (CI is).
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CETAK_BIN, runCetak } from '../../support/run-cetak.js';

const TECHNICIAN = 'cetak-test-tech';
let scratch: string;
let root: string;
const children: ChildProcess[] = [];

function ensureAccount(kind: 'group' | 'passwd', name: string, add: string[]): void {
  if (spawnSync('getent', [kind, name], { stdio: 'ignore' }).status !== 0) execFileSync(kind === 'group' ? 'groupadd' : 'useradd', add);
}

/** Key=value lines of one unit file, in order (keys repeat: ExecStartPre, Environment). */
function unitEntries(text: string): [string, string][] {
  return text.split('\n').filter((l) => /^\w+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]);
}

const unitPath = (name: string) => join(root, 'etc/systemd/system', name);

function verify(...files: string[]): { code: number | null; stderr: string } {
  const r = spawnSync('systemd-analyze', ['verify', ...files], { encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr };
}

/** Whether `user` can connect to the Unix socket at `path`. */
function canConnect(user: string, path: string): boolean {
  const script = `require('net').connect(${JSON.stringify(path)}).on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))`;
  return spawnSync('runuser', ['-u', user, '--', process.execPath, '-e', script], { stdio: 'ignore', timeout: 10_000 }).status === 0;
}

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('install-service.test.ts needs root (as in CI): it creates the cetak user and groups');
  ensureAccount('group', 'cetak', ['--system', 'cetak']);
  ensureAccount('group', 'cetak-tech', ['--system', 'cetak-tech']);
  ensureAccount('passwd', 'cetak', ['--system', '--gid', 'cetak', '--no-create-home', '--shell', '/usr/sbin/nologin', 'cetak']);
  ensureAccount('passwd', TECHNICIAN, ['--system', '--gid', 'cetak-tech', '--no-create-home', '--shell', '/usr/sbin/nologin', TECHNICIAN]);
  scratch = await mkdtemp(join(tmpdir(), 'cetak-service-'));
  await chmod(scratch, 0o755);
  root = join(scratch, 'root');
  const r = await runCetak(['install-service', '--root', root, '--ssh'], {});
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('cetak install-service', () => {
  it('writes units that systemd-analyze verify accepts without a word', () => {
    const r = verify(unitPath('cetak-station.service'), unitPath('cetak-backup.service'), unitPath('cetak-backup.timer'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('would be caught by the same check if a key were mistyped', async () => {
    const bad = join(scratch, 'cetak-bad.service');
    await writeFile(bad, (await readFile(unitPath('cetak-station.service'), 'utf8')).replace('ProtectSystem=', 'ProtectSystm='));
    expect(verify(bad).stderr).toMatch(/Unknown key 'ProtectSystm'/);
  });

  it('runs the station as cetak with hardening, a restart on failure and time to finish the cards', async () => {
    const entries = new Map(unitEntries(await readFile(unitPath('cetak-station.service'), 'utf8')));
    expect(entries.get('User')).toBe('cetak');
    expect(entries.get('StateDirectory')).toBe('cetak');
    expect(entries.get('LogsDirectory')).toBe('cetak');
    expect(entries.get('NoNewPrivileges')).toBe('yes');
    expect(entries.get('ProtectSystem')).toBe('strict');
    expect(entries.get('Restart')).toBe('on-failure');
    expect(entries.get('KillSignal')).toBe('SIGTERM');
    expect(Number(entries.get('TimeoutStopSec'))).toBeGreaterThanOrEqual(120);
    expect(entries.get('ExecStart')).toBe(`${process.execPath} ${CETAK_BIN} station`);
  });

  it('gives the card printers of Evolis, HID FARGO and Entrust Datacard, and CCID readers, to group cetak', async () => {
    const rules = await readFile(join(root, 'etc/udev/rules.d/70-cetak.rules'), 'utf8');
    for (const vid of ['0f49', '09b0', '0a27']) expect(rules).toMatch(new RegExp(`ATTR\\{idVendor\\}=="${vid}", GROUP="cetak", MODE="0660"`));
    expect(rules).toMatch(/ID_USB_INTERFACES\}=="\*:0b\?\?\?\?:\*", GROUP="cetak"/);
    expect(rules).toMatch(/SYMLINK\+="cetak\/serial-\$env\{ID_SERIAL_SHORT\}"/);
  });

  it('the unit command line, run as its user, serves operator.sock to cetak and technician.sock to cetak-tech', async () => {
    const runDir = join(scratch, 'run');
    const stateDir = join(scratch, 'state');
    const swap = (s: string) => s.replaceAll('/run/cetak', runDir).replaceAll('/var/lib/cetak', stateDir);
    const entries = unitEntries(await readFile(unitPath('cetak-station.service'), 'utf8'));
    // What systemd does before ExecStart: StateDirectory (0700, owned by User=), RuntimeDirectory.
    execFileSync('install', ['-d', '-o', 'cetak', '-g', 'cetak', '-m', '0700', stateDir]);
    execFileSync('install', ['-d', '-o', 'cetak', '-g', 'cetak', '-m', '0755', runDir]);
    for (const [key, value] of entries) {
      if (key !== 'ExecStartPre') continue;
      const [command, ...args] = swap(value.replace(/^\+/, '')).split(' ');
      execFileSync(command!, args);
    }
    const env = Object.fromEntries(entries.filter(([k]) => k === 'Environment').map(([, v]) => swap(v).split('=') as [string, string]));
    const execStart = entries.find(([k]) => k === 'ExecStart')![1].split(' ');
    // setpriv execs the command itself (runuser would stay in between and SIGKILL it 2 s after SIGTERM).
    const station = spawn('setpriv', ['--reuid=cetak', '--regid=cetak', '--init-groups', '--', 'env', '-i', `PATH=${process.env['PATH']}`, ...Object.entries(env).map(([k, v]) => `${k}=${v}`), 'sh', '-c', 'umask 077; exec "$@"', 'sh', ...execStart], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(station);
    let out = '';
    let err = '';
    station.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    await new Promise<void>((resolve, reject) => {
      station.stdout!.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (/technician socket/.test(out)) resolve();
      });
      station.on('exit', (code) => reject(new Error(`station exited ${code}: ${err}`)));
      setTimeout(() => reject(new Error(`station not ready in 30 s: ${out} ${err}`)), 30_000);
    });
    const operatorSock = join(runDir, 'operator', 'operator.sock');
    const technicianSock = join(runDir, 'technician', 'technician.sock');
    expect(out).toMatch(`operator socket ${operatorSock}; technician socket ${technicianSock}`);
    const gid = (name: string) => Number(execFileSync('getent', ['group', name], { encoding: 'utf8' }).split(':')[2]);
    expect((await stat(operatorSock)).gid).toBe(gid('cetak'));
    expect((await stat(technicianSock)).gid).toBe(gid('cetak-tech'));
    expect((await stat(operatorSock)).mode & 0o777).toBe(0o660);
    expect((await stat(join(stateDir, 'cetak.sqlite'))).mode & 0o777).toBe(0o600);

    expect(canConnect(TECHNICIAN, technicianSock)).toBe(true);
    expect(canConnect(TECHNICIAN, operatorSock)).toBe(false);
    expect(canConnect('cetak', operatorSock)).toBe(true);

    // systemd's stop: SIGTERM, and the station ends by itself with status 0.
    station.removeAllListeners('exit');
    const exited = new Promise<number | null>((resolve) => station.once('exit', (code) => resolve(code)));
    station.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(err).toMatch(/SIGTERM: finishing the cards on the printers, then stopping/);
  }, 60_000);
});
