// A throwaway PostgreSQL for db tests: the server named by CETAK_TEST_PG_URL, or else one started
// here from the installed binaries (initdb + pg_ctl) on a loopback port in a temporary directory.
// When neither is possible it throws, saying why: the PostgreSQL suite never silently disappears.
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface PostgresServer {
  /** A URL with a superuser (or CREATEDB) role, password included. */
  readonly url: string;
  /** The data directory of a server started here (undefined for CETAK_TEST_PG_URL). */
  readonly dataDir?: string;
  /** Stops a server started here abruptly (`pg_ctl stop -m immediate`), keeping its files. */
  kill?(): Promise<void>;
  /** Synchronous immediate stop, for exit hooks. */
  stopSync?(): void;
  /** Starts a server stopped by `kill()` again on the same port. */
  restart?(): Promise<void>;
  /** Stops a server started here and deletes its files; a no-op for CETAK_TEST_PG_URL. */
  stop(): Promise<void>;
}

export interface TestDatabase {
  /** URL of a fresh, empty database on the server. */
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

export async function startPostgresServer(): Promise<PostgresServer> {
  const external = process.env['CETAK_TEST_PG_URL'];
  if (external !== undefined && external !== '') return { url: external, stop: async () => undefined };

  const bindir = findBindir();
  const dir = await mkdtemp(join(tmpdir(), 'cetak-pg-'));
  const password = `pw-${randomBytes(6).toString('hex')}`;
  const asUser = await serverUser();
  await writeFile(join(dir, 'pwfile'), `${password}\n`, { mode: 0o600 });
  if (asUser !== undefined) {
    await chown(dir, asUser.uid, asUser.gid);
    await chown(join(dir, 'pwfile'), asUser.uid, asUser.gid);
  }
  const exec = (cmd: string, args: string[]) => {
    const file = join(bindir, cmd);
    return asUser === undefined
      ? run(file, args, { timeout: 60_000 })
      : run('runuser', ['-u', asUser.name, '--', file, ...args], { timeout: 60_000 });
  };
  const data = join(dir, 'data');
  try {
    await exec('initdb', [
      '-D', data, '-U', 'cetak', `--pwfile=${join(dir, 'pwfile')}`,
      '--auth-local=trust', '--auth-host=scram-sha-256', '--no-sync', '-E', 'UTF8', '--locale=C',
    ]);
    const port = await freePort();
    const serverOptions = [
      `-p ${port}`, `-k ${dir}`, "-c listen_addresses=127.0.0.1",
      // fsync off is safe for the fault test (`pg_ctl stop -m immediate` kills the server, not the
      // machine: written WAL stays in the page cache); synchronous_commit stays on, or a commit the
      // client was told about could be lost in that crash. Deadlocks are reported fast for the retry test.
      '-c fsync=off', '-c full_page_writes=off', '-c deadlock_timeout=100ms',
    ].join(' ');
    const start = () => exec('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '30', '-o', serverOptions, 'start']);
    await start();
    return {
      url: `postgres://cetak:${password}@127.0.0.1:${port}/postgres`,
      dataDir: data,
      async kill() {
        await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      },
      async restart() {
        await start();
      },
      stopSync() {
        const args = ['-D', data, '-m', 'immediate', 'stop'];
        try {
          if (asUser === undefined) execFileSync(join(bindir, 'pg_ctl'), args, { stdio: 'ignore' });
          else execFileSync('runuser', ['-u', asUser.name, '--', join(bindir, 'pg_ctl'), ...args], { stdio: 'ignore' });
        } catch {
          // already stopped
        }
      },
      async stop() {
        await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    const detail = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(`Could not start a throwaway PostgreSQL from ${bindir}: ${detail.trim()}`);
  }
}

/** Creates an empty database with a random name on `server`, so each test file starts clean. */
export async function createTestDatabase(server: PostgresServer, options: { template?: string } = {}): Promise<TestDatabase> {
  const name = `cetak_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    // A template holding a migrated schema makes a fresh database in milliseconds instead of a migration run.
    await admin.query(`create database ${name}${options.template ? ` template ${pg.escapeIdentifier(options.template)}` : ''}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

let shared: Promise<PostgresServer> | null = null;

/**
 * One throwaway server per test process, started on first use; stop it in the file's afterAll with
 * {@link stopSharedPostgresServer} (an exit hook stops it too if a file forgets).
 */
export function sharedPostgresServer(): Promise<PostgresServer> {
  if (!shared) {
    shared = startPostgresServer();
    shared.then((server) => process.once('exit', () => server.stopSync?.()), () => undefined);
  }
  return shared;
}

export async function stopSharedPostgresServer(): Promise<void> {
  const server = shared;
  shared = null;
  if (server) await (await server).stop();
}

function findBindir(): string {
  const fromEnv = process.env['PG_BINDIR'];
  const candidates = fromEnv !== undefined ? [fromEnv] : [];
  if (existsSync('/usr/lib/postgresql')) {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
  }
  candidates.push('/usr/local/bin', '/usr/bin', '/usr/local/pgsql/bin');
  const found = candidates.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')));
  if (found === undefined) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl) are not installed, so the PostgreSQL db tests cannot run: ' +
        'install the postgresql package (Debian: apt-get install postgresql) or set CETAK_TEST_PG_URL.',
    );
  }
  return found;
}

async function serverUser(): Promise<{ name: string; uid: number; gid: number } | undefined> {
  // postgres refuses to run as root; as root, run it as the postgres system user.
  if (process.getuid?.() !== 0) return undefined;
  try {
    const { stdout } = await run('getent', ['passwd', 'postgres']);
    const [name, , uid, gid] = stdout.trim().split(':');
    if (name === undefined || uid === undefined || gid === undefined) throw new Error('malformed passwd entry');
    return { name, uid: Number(uid), gid: Number(gid) };
  } catch {
    throw new Error(
      'Running as root and no "postgres" user exists, so a throwaway PostgreSQL cannot be started: ' +
        'create that user, run the tests as a normal user, or set CETAK_TEST_PG_URL.',
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
