// The data folder holds every NIK, name and PIN hash of an office: another local user must not be
// able to read any of it. Runs as root (as CI does) so it can make that second user and act as it.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, chown, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureDataHome } from '../../db/data-home.js';
import { DatabaseError } from '../../db/database-error.js';
import { openDatabase } from '../../db/open-database.js';

const READER = 'cetak-test-reader';

function readerUid(): number {
  return Number(execFileSync('id', ['-u', READER], { encoding: 'utf8' }).trim());
}

/** Whether the second user can read `file`, by running `cat` as that user. */
function readableByReader(file: string): boolean {
  return spawnSync('runuser', ['-u', READER, '--', 'cat', file], { stdio: 'ignore' }).status === 0;
}

const mode = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;

let scratch: string;

beforeAll(() => {
  if (process.getuid?.() !== 0) throw new Error('file-modes.test.ts needs root (as in CI) to create a second local user');
  if (spawnSync('id', [READER], { stdio: 'ignore' }).status !== 0) {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', READER]);
  }
});

beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cetak-modes-'));
  // A parent every user may walk through, as /home or /var/lib are: only cetak's own modes protect.
  await chmod(scratch, 0o755);
});

afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('file modes of the data folder', () => {
  it('creates the folder 0700 and the database, -wal and -shm 0600, which a second user cannot read', async () => {
    const home = join(scratch, 'cetak');
    const db = await openDatabase({ home });
    await sql`create table t (x integer)`.execute(db.kysely);
    await sql`insert into t values (1)`.execute(db.kysely);
    const file = join(home, 'cetak.sqlite');
    expect(await mode(home)).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(await mode(f)).toBe(0o600);

    // The control: a world-readable file beside the folder is readable by that user, so a refusal
    // below is the modes' doing and not the test's.
    const control = join(scratch, 'control.txt');
    await writeFile(control, 'public', { mode: 0o644 });
    expect(readableByReader(control)).toBe(true);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(readableByReader(f)).toBe(false);
    // Even with the folder opened up by hand, the files themselves stay closed.
    await chmod(home, 0o755);
    expect(readableByReader(file)).toBe(false);
    await db.close();
  });

  it('tightens an existing 0755 folder and a 0644 database left by an older cetak, and says so', async () => {
    const home = join(scratch, 'old');
    const first = await openDatabase({ home });
    await sql`create table t (x integer)`.execute(first.kysely);
    await first.close();
    await chmod(home, 0o755);
    await chmod(join(home, 'cetak.sqlite'), 0o644);
    expect(readableByReader(join(home, 'cetak.sqlite'))).toBe(true);

    const notices: string[] = [];
    await ensureDataHome(home, (s) => notices.push(s));
    expect(notices).toEqual([`the data folder ${home} was mode 0755, readable by other users; it is now 0700 (it holds personal data)`]);
    expect(await mode(home)).toBe(0o700);

    const again = await openDatabase({ url: join(home, 'cetak.sqlite') });
    expect(await mode(join(home, 'cetak.sqlite'))).toBe(0o600);
    await chmod(home, 0o755);
    expect(readableByReader(join(home, 'cetak.sqlite'))).toBe(false);
    await again.close();
  });

  it('refuses a loose folder that belongs to another user, saying how to fix it', async () => {
    const home = join(scratch, 'theirs');
    await ensureDataHome(home, () => undefined);
    await chmod(home, 0o755);
    await chown(home, readerUid(), readerUid());
    const error = await ensureDataHome(home, () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).code).toBe('db-home-too-open');
    expect((error as DatabaseError).message).toBe(
      `The cetak data home ${home} is mode 0755: other users could read its personal data, and this user cannot change it; run \`chmod 700 ${home}\` as its owner.`,
    );
    expect(await mode(home)).toBe(0o755);
  });
});
