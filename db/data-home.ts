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

/**
 * Creates the data home (and missing parents) with mode 0700, since it holds personal data.
 * An existing directory is kept as it is. Resolves to the path.
 *
 * Throws `DatabaseError` `db-home-not-directory` when the path or a parent is a file, and
 * `db-home-not-writable` when it cannot be created or written by this user.
 */
export async function ensureDataHome(path: string): Promise<string> {
  const home = resolve(path);
  let created: string | undefined;
  try {
    created = await mkdir(home, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw homeError(home, error);
  }
  // mkdir's mode is filtered by the umask; the home itself must end up exactly 0700.
  if (created !== undefined) await chmod(home, 0o700);
  const info = await stat(home);
  if (!info.isDirectory()) {
    throw new DatabaseError(
      'db-home-not-directory',
      `The cetak data home ${home} is a file, not a directory; move it away or set CETAK_HOME.`,
      { path: home },
    );
  }
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
