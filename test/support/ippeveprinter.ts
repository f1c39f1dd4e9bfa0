/**
 * Starts a real `ippeveprinter` (Debian package cups-ipp-utils) on loopback as the IPP test peer,
 * as `printer-protocols.md` §6.5 describes. Debian builds it with Avahi, so a system D-Bus and
 * avahi-daemon are started first when they are not running; they are left running afterwards
 * because other suites in the same run may use them. `.ci/setup-ipp.sh` installs the packages.
 *
 * Fault injection goes through ippeveprinter's `-c` command hook: every job runs a small shell
 * script that copies `job-stderr` to stderr (so `STATE: +media-jam-error` or `ATTR: …` lines
 * reach the printer), sleeps `job-delay` seconds and exits with `job-exit`. Set them with
 * `scriptNextJobs` before printing; they stay in force until changed.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
/** The daemons and ippeveprinter live in /usr/sbin, which a non-login PATH may lack. */
const env = { ...process.env, PATH: `${process.env['PATH'] ?? ''}:/usr/local/sbin:/usr/sbin:/sbin` };
const run = (file: string, args: readonly string[], options: { timeout?: number } = {}) =>
  execFileAsync(file, [...args], { ...options, env });

export interface IppEvePrinterOptions {
  /** printer-make (`-M`). Default `HID`. */
  readonly make?: string;
  /** printer-model (`-m`). Default `FARGO HDP5000`. */
  readonly model?: string;
  /** Service name. Default `cetak-test`. */
  readonly name?: string;
  /** Milliseconds to wait for the printer to answer. Default 15 000. */
  readonly startTimeoutMs?: number;
  /**
   * Give it a key directory (`-K`): ippeveprinter then makes a self-signed certificate for
   * `localhost` and answers TLS on the same port (`ipps://`). Default false.
   */
  readonly tls?: boolean;
}

export interface JobScript {
  /** Lines the job command writes to stderr (`STATE: …`, `ATTR: …`, `ERROR: …`). */
  readonly stderr?: readonly string[];
  /** Seconds the job command sleeps after writing them (fractions allowed). Default 0. */
  readonly delaySeconds?: number;
  /** Exit status: 0 completes the job, anything else aborts it. Default 0. */
  readonly exitCode?: number;
}

export interface IppEvePrinter {
  /** `ipp://127.0.0.1:<port>/ipp/print`. */
  readonly uri: string;
  readonly port: number;
  /** Where ippeveprinter keeps documents (`-k -d`): `<job-id>-<job-name>.<ext>`. */
  readonly spoolDir: string;
  /** Whether the `-n localhost` bind failed and the printer listens on all addresses instead. */
  readonly boundToAllAddresses: boolean;
  /** What later jobs do (see module comment). */
  scriptNextJobs(script: JobScript): Promise<void>;
  /** Spooled document file names (not the `.prn` command output), sorted. */
  spooledDocuments(): Promise<string[]>;
  /** Everything ippeveprinter wrote to stdout/stderr so far (for failure messages). */
  log(): string;
  /** The same printer as `ipps://localhost:<port>/ipp/print` (only with `tls`). */
  readonly ippsUri: string;
  /** PEM of its self-signed certificate (only with `tls`, after the first TLS connection made it). */
  certificatePem(): Promise<string>;
  /** SIGSTOP: the process keeps its sockets but answers nothing, like a hung printer. */
  freeze(): void;
  /** SIGCONT after `freeze`. */
  thaw(): void;
  /** Kills the printer and removes its directories. Idempotent. */
  stop(): Promise<void>;
}

const HOOK_SCRIPT = `#!/bin/sh
# ippeveprinter -c hook for cetak tests: replay scripted stderr lines, wait, exit as told.
d="$(dirname "$0")"
[ -f "$d/job-stderr" ] && cat "$d/job-stderr" >&2
[ -f "$d/job-delay" ] && sleep "$(cat "$d/job-delay")"
exit "$(cat "$d/job-exit" 2>/dev/null || echo 0)"
`;

async function isRunning(pidFile: string): Promise<boolean> {
  try {
    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function tryRun(file: string, args: readonly string[]): Promise<boolean> {
  try {
    await run(file, args, { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= until) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts the system D-Bus and avahi-daemon unless running (§6.5). Safe to call from several test
 * files at once: a start that loses the race fails quietly and the check afterwards decides.
 */
export async function ensureIppDaemons(): Promise<void> {
  const dbusPid = '/run/dbus/pid';
  if (!(await isRunning(dbusPid))) {
    await rm(dbusPid, { force: true }).catch(() => undefined);
    await run('mkdir', ['-p', '/run/dbus']);
    await tryRun('dbus-daemon', ['--system', '--fork']);
    if (!(await waitFor(async () => existsSync('/run/dbus/system_bus_socket') && (await isRunning(dbusPid)), 5000))) {
      throw new Error('System D-Bus did not start (dbus-daemon --system --fork); run .ci/setup-ipp.sh as root first.');
    }
  }
  if (!(await tryRun('avahi-daemon', ['--check']))) {
    await tryRun('avahi-daemon', ['--daemonize', '--no-drop-root', '--no-chroot']);
    if (!(await waitFor(() => tryRun('avahi-daemon', ['--check']), 5000))) {
      throw new Error('avahi-daemon did not start (avahi-daemon --daemonize --no-drop-root --no-chroot); run .ci/setup-ipp.sh as root first.');
    }
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function answers(uri: string): Promise<boolean> {
  // ipptool, not our own client, so a bug in hardware/ipp cannot make the peer look ready.
  return tryRun('ipptool', ['-q', '-T', '2', uri, 'get-printer-attributes.test']);
}

/** Starts an ippeveprinter on a free loopback port and waits until it answers Get-Printer-Attributes. */
export async function startIppEvePrinter(options: IppEvePrinterOptions = {}): Promise<IppEvePrinter> {
  await ensureIppDaemons();
  const root = await mkdtemp(join(tmpdir(), 'cetak-ippeve-'));
  const hookDir = join(root, 'hook');
  const spoolDir = join(root, 'spool');
  const keyDir = join(root, 'keys');
  await run('mkdir', ['-p', hookDir, spoolDir, keyDir]);
  const hook = join(hookDir, 'job-hook.sh');
  await writeFile(hook, HOOK_SCRIPT);
  await chmod(hook, 0o755);

  const timeoutMs = options.startTimeoutMs ?? 15_000;
  let output = '';
  let lastError = '';
  for (const bindAll of [false, true]) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const args = [
        ...(bindAll ? [] : ['-n', 'localhost']),
        '-p', String(port),
        '-r', 'off',
        '-k',
        '-d', spoolDir,
        '-c', hook,
        '-f', 'image/png,application/pdf',
        '--no-web-forms',
        ...(options.tls ? ['-K', keyDir] : []),
        '-M', options.make ?? 'HID',
        '-m', options.model ?? 'FARGO HDP5000',
        options.name ?? 'cetak-test',
      ];
      const child: ChildProcess = spawn('ippeveprinter', args, { stdio: ['ignore', 'pipe', 'pipe'], env });
      output = '';
      child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
      let exited = false;
      child.once('exit', () => (exited = true));
      child.once('error', (e) => {
        exited = true;
        output += String(e);
      });
      const uri = `ipp://127.0.0.1:${port}/ipp/print`;
      const ready = await waitFor(async () => exited || (await answers(uri)), timeoutMs);
      if (ready && !exited) {
        return makeHandle(child, uri, port, root, hookDir, spoolDir, keyDir, bindAll, () => output);
      }
      child.kill('SIGKILL');
      lastError = output;
      // A bind failure on ::1 is permanent for this mode; a port race is worth another try.
      if (/IPv6 listener/.test(output)) break;
    }
  }
  await rm(root, { recursive: true, force: true });
  throw new Error(`ippeveprinter did not start on loopback: ${lastError.trim().slice(-500) || 'no output'}`);
}

function makeHandle(
  child: ChildProcess,
  uri: string,
  port: number,
  root: string,
  hookDir: string,
  spoolDir: string,
  keyDir: string,
  boundToAllAddresses: boolean,
  log: () => string,
): IppEvePrinter {
  let stopped = false;
  return {
    uri,
    port,
    spoolDir,
    boundToAllAddresses,
    ippsUri: `ipps://localhost:${port}/ipp/print`,
    certificatePem: () => readFile(join(keyDir, 'localhost.crt'), 'utf8'),
    freeze: () => child.kill('SIGSTOP'),
    thaw: () => child.kill('SIGCONT'),
    async scriptNextJobs(script) {
      const lines = script.stderr ?? [];
      await writeFile(join(hookDir, 'job-stderr'), lines.length ? `${lines.join('\n')}\n` : '');
      await writeFile(join(hookDir, 'job-delay'), String(script.delaySeconds ?? 0));
      await writeFile(join(hookDir, 'job-exit'), String(script.exitCode ?? 0));
    },
    async spooledDocuments() {
      return (await readdir(spoolDir)).filter((f) => !f.endsWith('.prn')).sort();
    },
    log,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGCONT');
        const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
        await gone;
        clearTimeout(timer);
      }
      await rm(root, { recursive: true, force: true });
    },
  };
}
