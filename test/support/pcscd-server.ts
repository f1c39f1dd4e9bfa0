// A private pcscd (pcsc-lite) with the vsmartcard vpcd reader driver, for tests that go through the
// real PC/SC stack. pcscd 1.9 always serves /run/pcscd/pcscd.comm, so it runs in a mount namespace of
// its own (`unshare --mount`) with a temporary folder bound over /run: several test files can each
// have their own daemon, and the machine's pcscd (if any) is not touched. The client library finds it
// through PCSCLITE_CSOCK_NAME, which this helper sets in the test process before the first PC/SC call
// (libpcsclite reads it once). One reader.conf.d file names vpcd on a free loopback port p; vpcd
// makes two readers of it ("<name> 00 00" on port p, "<name> 00 01" on p+1).
// When pcscd, the vpcd driver or unshare is missing, start() throws saying why: the suites never
// silently disappear.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';

export interface PcscdReader {
  /** The PC/SC reader name (`<name> 00 00`, `<name> 00 01`). */
  readonly name: string;
  /** The vpcd port of that slot: a card emulator connects here. */
  readonly port: number;
}

export interface PcscdServer {
  /** The client socket, also set as PCSCLITE_CSOCK_NAME in this process. */
  readonly socketPath: string;
  readonly readers: readonly PcscdReader[];
  /** pcscd's own log (stdout and stderr), for failure messages. */
  log(): string;
  /** Stops pcscd abruptly (SIGKILL): "pcscd stopped" for the clients. */
  kill(): Promise<void>;
  /** Starts pcscd again with the same readers and ports after kill(). */
  restart(): Promise<void>;
  /**
   * Restarts pcscd with the vpcd readers under another name (same ports): the readers the tests
   * used are gone. pcscd 1.9 does not drop a reader.conf.d reader while it runs (SIGUSR1 rescans add
   * only), and one vpcd entry cannot lose one slot alone, so this is how a reader is "unplugged".
   */
  restartWithReaders(friendlyName: string): Promise<void>;
  /** Stops pcscd and deletes its files. */
  stop(): Promise<void>;
}

function missingPieces(): string | undefined {
  const pcscd = spawnSync('pcscd', ['--version'], { encoding: 'utf8' });
  if (pcscd.error !== undefined) return 'pcscd is not installed (apt-get install pcscd)';
  if (!existsSync(VPCD_DRIVER)) return `the vpcd reader driver ${VPCD_DRIVER} is missing (apt-get install vsmartcard-vpcd)`;
  const unshare = spawnSync('unshare', ['--mount', '--propagation', 'private', 'true'], { encoding: 'utf8' });
  if (unshare.status !== 0) {
    return `cannot give pcscd a private /run (unshare --mount: ${(unshare.stderr || unshare.error?.message || 'failed').trim()}); the tests need root or CAP_SYS_ADMIN`;
  }
  return undefined;
}

async function freePortPair(): Promise<number> {
  for (let tries = 0; tries < 50; tries += 1) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    if ((await portFree(port)) && (await portFree(port + 1))) return port;
  }
  throw new Error('no two free consecutive loopback ports for vpcd');
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0' }, () => server.close(() => resolve(true)));
  });
}

function confText(name: string, port: number): string {
  // vpcd reads its port from DEVICENAME's part after the colon (Debian's /etc/reader.conf.d/vpcd uses 0x8C7B = 35963).
  const hex = `0x${port.toString(16).toUpperCase()}`;
  return `FRIENDLYNAME "${name}"\nDEVICENAME   /dev/null:${hex}\nLIBPATH      ${VPCD_DRIVER}\nCHANNELID    ${hex}\n`;
}

export interface PcscdOptions {
  /** FRIENDLYNAME of the vpcd entry. Default "Virtual PCD". */
  readonly friendlyName?: string;
}

let startedInThisProcess = false;

export async function startPcscd(options: PcscdOptions = {}): Promise<PcscdServer> {
  const missing = missingPieces();
  if (missing !== undefined) throw new Error(`cannot start pcscd for the smart-card tests: ${missing}`);
  const dir = await mkdtemp(join(tmpdir(), 'cetak-pcscd-'));
  const confDir = join(dir, 'reader.conf.d');
  const runDir = join(dir, 'run');
  await mkdir(confDir);
  await mkdir(runDir);
  const friendlyName = options.friendlyName ?? 'Virtual PCD';
  const port = await freePortPair();
  const readers: PcscdReader[] = [
    { name: `${friendlyName} 00 00`, port },
    { name: `${friendlyName} 00 01`, port: port + 1 },
  ];
  const confFile = join(confDir, 'vpcd');
  await writeFile(confFile, confText(friendlyName, port));
  const socketPath = join(runDir, 'pcscd', 'pcscd.comm');
  if (startedInThisProcess) {
    throw new Error('startPcscd() runs once per test process: libpcsclite reads PCSCLITE_CSOCK_NAME only once, so a second daemon would not be reached');
  }
  startedInThisProcess = true;
  process.env['PCSCLITE_CSOCK_NAME'] = socketPath;

  let child: ChildProcess | undefined;
  let output = '';
  const start = async () => {
    await rm(join(runDir, 'pcscd'), { recursive: true, force: true });
    output = '';
    const script = 'mount --bind "$1" /run && exec pcscd --foreground --info -c "$2"';
    const started = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', runDir, confDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 20_000;
    while (!/daemon ready/.test(output)) {
      if (started.exitCode !== null || started.signalCode !== null) {
        throw new Error(`pcscd exited at start (${started.exitCode ?? started.signalCode}):\n${output}`);
      }
      if (Date.now() > deadline) throw new Error(`pcscd did not say "daemon ready" within 20 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const kill = async () => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  await start();
  const stopSync = () => child?.kill('SIGKILL');
  process.once('exit', stopSync);

  return {
    socketPath,
    readers,
    log: () => output,
    kill,
    restart: start,
    async restartWithReaders(name: string) {
      await kill();
      await writeFile(confFile, confText(name, port));
      await start();
    },
    async stop() {
      process.off('exit', stopSync);
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
