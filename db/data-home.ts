import { constants } from 'node:fs';
import { access, chmod, mkdir, stat } from 'node:fs/promises';
import { homedir as osHomedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { DatabaseError } from './database-error.js';

/** File name of the SQLite database inside the data home. */
export const SQLITE_FILE_NAME = 'cetak.sqlite';

/**
 * Where cetak keeps its data (the SQLite file, by default).
 *
 * Order: `CETAK_HOME` (resolved to an absolute path), else `$XDG_DATA_HOME/cetak` when
 * `XDG_DATA_HOME` is absolute (the XDG spec says relative values are to be ignored), else
 * `<homedir>/.local/share/cetak`. Never the current directory: a station started from some shell's
 * cwd must not quietly create a second database there. Empty variables count as unset.
 */
export function resolveDataHome(
  env: Readonly<Record<string, string | undefined>> = process.env,
  homedir: string = osHomedir(),
): string {
  const cetakHome = env['CETAK_HOME'];
  if (cetakHome !== undefined && cetakHome !== '') return resolve(cetakHome);
  const xdg = env['XDG_DATA_HOME'];
  if (xdg !== undefined && xdg !== '' && isAbsolute(xdg)) return join(xdg, 'cetak');
  if (homedir === '' || !isAbsolute(homedir)) {
    throw new DatabaseError(
      'db-home-not-directory',
      `Cannot place the cetak data home: the home directory "${homedir}" is not an absolute path; set CETAK_HOME.`,
      { homedir },
    );
  }
  return join(homedir, '.local', 'share', 'cetak');
}

/** Mode of the data home: it holds every NIK, name, photo and PIN hash of the office. */
export const DATA_HOME_MODE = 0o700;

/** Where {@link ensureDataHome} says that it tightened an existing folder. Default: one line on stderr. */
export type DataHomeNotice = (sentence: string) => void;

const stderrNotice: DataHomeNotice = (sentence) => process.stderr.write(`cetak: ${sentence}\n`);

/**
 * Creates the data home (and missing parents) with mode 0700, since it holds personal data.
 * An existing folder that lets group or others in is set to 0700, with one sentence to `notice`
 * saying so; when it belongs to another user (so this one may not change it) it is refused.
 * Resolves to the path.
 *
 * Throws `DatabaseError` `db-home-not-directory` when the path or a parent is a file,
 * `db-home-not-writable` when it cannot be created or written by this user, and `db-home-too-open`
 * for a loose folder this user does not own.
 */
export async function ensureDataHome(path: string, notice: DataHomeNotice = stderrNotice): Promise<string> {
  const home = resolve(path);
  let created: string | undefined;
  try {
    created = await mkdir(home, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw homeError(home, error);
  }
  // mkdir's mode is filtered by the umask; the home itself must end up exactly 0700.
  if (created !== undefined) await chmod(home, DATA_HOME_MODE);
  const info = await stat(home);
  if (!info.isDirectory()) {
    throw new DatabaseError(
      'db-home-not-directory',
      `The cetak data home ${home} is a file, not a directory; move it away or set CETAK_HOME.`,
      { path: home },
    );
  }
  const loose = info.mode & 0o077;
  if (loose !== 0) await tightenHome(home, info.mode & 0o777, info.uid, notice);
  try {
    await access(home, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new DatabaseError(
      'db-home-not-writable',
      `The cetak data home ${home} is not writable by this user; fix its owner or set CETAK_HOME.`,
      { path: home },
      { cause: error },
    );
  }
  return home;
}

async function tightenHome(home: string, mode: number, ownerUid: number, notice: DataHomeNotice): Promise<void> {
  const was = mode.toString(8).padStart(4, '0');
  const mine = typeof process.getuid !== 'function' || process.getuid() === ownerUid;
  try {
    if (!mine) throw Object.assign(new Error('not the owner'), { code: 'EPERM' });
    await chmod(home, DATA_HOME_MODE);
  } catch (error) {
    throw new DatabaseError(
      'db-home-too-open',
      `The cetak data home ${home} is mode ${was}: other users could read its personal data, and this user cannot change it; run \`chmod 700 ${home}\` as its owner.`,
      { path: home, mode: was },
      { cause: error },
    );
  }
  notice(`the data folder ${home} was mode ${was}, readable by other users; it is now 0700 (it holds personal data)`);
}

function homeError(home: string, error: unknown): DatabaseError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
  if (code === 'EEXIST' || code === 'ENOTDIR') {
    return new DatabaseError(
      'db-home-not-directory',
      `Cannot create the cetak data home ${home}: it or a parent such as ${dirname(home)} is a file (${code}); set CETAK_HOME.`,
      { path: home, errno: code },
      { cause: error },
    );
  }
  return new DatabaseError(
    'db-home-not-writable',
    `Cannot create the cetak data home ${home} (${code}); fix the permissions of its parent or set CETAK_HOME.`,
    { path: home, errno: code },
    { cause: error },
  );
}
