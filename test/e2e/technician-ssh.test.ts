// The confined technician login: a real sshd on loopback with the `Match Group cetak-tech` block
// that `cetak install-service --ssh` writes. Logging in lands in the technician console (driven in
// tmux); a command on the ssh line still gets the console, not a shell; port forwarding is refused.
// Needs root (CI is) for sshd and the test users.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sshdTechnicianConfig } from '../../src/cli/service/service-files.js';
import { CETAK_BIN, runCetak } from '../support/run-cetak.js';
import { TmuxSession } from '../support/tmux.js';

const USER = 'cetak-test-sshtech';
let scratch: string;
let port: number;
let key: string;
let sshd: ChildProcess | undefined;
let station: ChildProcess | undefined;
const sessions: TmuxSession[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = server.address() as { port: number };
      server.close(() => resolve(p));
    });
    server.on('error', reject);
  });
}

function sshArgs(...extra: string[]): string[] {
  return ['-i', key, '-p', String(port), '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-o', 'BatchMode=yes', '-o', `SetEnv=CETAK_LANG=${process.env['CETAK_LANG'] ?? 'en'}`, ...extra, `${USER}@127.0.0.1`];
}

function waitForLine(child: ChildProcess, stream: 'stdout' | 'stderr', pattern: RegExp, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`${what} not ready: ${text}`)), 30_000);
    child[stream]!.setEncoding('utf8').on('data', (d: string) => {
      text += d;
      if (pattern.test(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`${what} exited ${code}: ${text}`)));
  });
}

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('technician-ssh.test.ts needs root (as in CI) to run sshd and add a test user');
  scratch = await mkdtemp(join(tmpdir(), 'cetak-ssh-'));
  await chmod(scratch, 0o755);
  if (spawnSync('getent', ['group', 'cetak-tech'], { stdio: 'ignore' }).status !== 0) execFileSync('groupadd', ['--system', 'cetak-tech']);
  const userHome = join(scratch, 'tech-home');
  if (spawnSync('id', [USER], { stdio: 'ignore' }).status !== 0) {
    // A real login shell: the point is that sshd never gives it to them.
    execFileSync('useradd', ['--gid', 'cetak-tech', '--shell', '/bin/bash', '--no-create-home', USER]);
  }
  execFileSync('usermod', ['--home', userHome, USER]);
  // A locked password makes sshd refuse even key logins ("account is locked"); '*' means "no password".
  execFileSync('usermod', ['-p', '*', USER]);
  await mkdir(join(userHome, '.ssh'), { recursive: true, mode: 0o700 });
  key = join(scratch, 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
  execFileSync('cp', [`${key}.pub`, join(userHome, '.ssh', 'authorized_keys')]);
  const uid = Number(execFileSync('id', ['-u', USER], { encoding: 'utf8' }));
  const gid = Number(execFileSync('id', ['-g', USER], { encoding: 'utf8' }));
  for (const p of [userHome, join(userHome, '.ssh'), join(userHome, '.ssh', 'authorized_keys')]) await chown(p, uid, gid);

  // The station, as the service would run it: sockets in per-group setgid folders.
  const stationHome = join(scratch, 'station');
  const runDir = join(scratch, 'run');
  // demo-data signs in like any command and makes no demo sign-ins: the office adds its own people.
  expect((await runCetak(['operator', 'add', '--id', 'sup', '--name', 'SUPERVISOR', '--role', 'supervisor'], { CETAK_HOME: stationHome, CETAK_NEW_PIN: '4321' })).code).toBe(0);
  const asSupervisor = { CETAK_HOME: stationHome, CETAK_OPERATOR: 'sup', CETAK_PIN: '4321' };
  expect((await runCetak(['operator', 'add', '--id', 'tech1', '--name', 'ANDI', '--role', 'technician'], { ...asSupervisor, CETAK_NEW_PIN: '2222' })).code).toBe(0);
  expect((await runCetak(['demo-data', '--out', join(stationHome, 'office'), '--count', '20'], asSupervisor)).code).toBe(0);
  await writeFile(join(stationHome, 'station.json'), JSON.stringify({ station: { id: 'ws-1' }, printers: [] }));
  await mkdir(runDir, { mode: 0o755 });
  await chmod(runDir, 0o755);
  execFileSync('install', ['-d', '-g', 'root', '-m', '2750', join(runDir, 'operator')]);
  execFileSync('install', ['-d', '-g', 'cetak-tech', '-m', '2750', join(runDir, 'technician')]);
  station = spawn(process.execPath, [CETAK_BIN, 'station'], { env: { ...process.env, CETAK_HOME: stationHome, CETAK_SOCKET_DIR: runDir, CETAK_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  await waitForLine(station, 'stdout', /technician socket/, 'station');

  // sshd: a throwaway config on loopback, ending with the block cetak ships.
  port = await freePort();
  const hostKey = join(scratch, 'host_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const config = [
    `ListenAddress 127.0.0.1:${port}`,
    `HostKey ${hostKey}`,
    `PidFile ${join(scratch, 'sshd.pid')}`,
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'UsePAM no',
    'StrictModes no',
    `AllowUsers ${USER}`,
    // The harness's language reaches the technician console the way an office's LANG would.
    'AcceptEnv CETAK_LANG',
    '',
    sshdTechnicianConfig({ nodePath: process.execPath, cetakPath: CETAK_BIN }, runDir),
  ].join('\n');
  const configFile = join(scratch, 'sshd_config');
  await writeFile(configFile, config);
  execFileSync('/usr/sbin/sshd', ['-t', '-f', configFile]);
  sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  await waitForLine(sshd, 'stderr', /Server listening on 127\.0\.0\.1 port/, 'sshd');
}, 120_000);

afterAll(async () => {
  for (const s of sessions) s.kill();
  sshd?.kill('SIGTERM');
  station?.kill('SIGTERM');
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('technician login over SSH', () => {
  it('lands in the technician console, signs in, and the console is all there is', async () => {
    const t = new TmuxSession(`cetak-ssh-${process.pid}`, ['ssh', '-tt', ...sshArgs()].join(' '), { env: { TERM: 'xterm-256color' } });
    sessions.push(t);
    await t.waitFor('Sign in', 30_000);
    t.type('tech1');
    t.keys('Tab');
    t.type('2222');
    t.keys('Enter');
    await t.waitFor('ANDI (technician)', 30_000);
    await t.waitFor('1 Dash 2 Queue');
    t.keys('q');
    // Quitting the console ends the login: there is no shell behind it.
    await t.waitUntil(() => t.exited(), 'the ssh session to end', 30_000);
  }, 90_000);

  it('runs the console instead of a command given on the ssh line', () => {
    const r = spawnSync('ssh', [...sshArgs(), 'cat /etc/shadow; echo SHELL-REACHED'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout).not.toMatch(/SHELL-REACHED/);
    expect(r.stderr).toMatch(/the console needs a terminal/);
  });

  it('refuses port forwarding', () => {
    const r = spawnSync('ssh', [...sshArgs('-N', '-o', 'ExitOnForwardFailure=yes', '-R', `127.0.0.1:0:127.0.0.1:${port}`)], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/remote port forwarding failed/i);
  });
});
