import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureDataHome, resolveDataHome } from '../../db/data-home.js';
import { DatabaseError } from '../../db/database-error.js';

describe('resolveDataHome', () => {
  it('prefers CETAK_HOME over XDG_DATA_HOME and the home directory', () => {
    expect(resolveDataHome({ CETAK_HOME: '/srv/cetak', XDG_DATA_HOME: '/xdg' }, '/home/op')).toBe('/srv/cetak');
  });

  it('resolves a relative CETAK_HOME to an absolute path', () => {
    expect(resolveDataHome({ CETAK_HOME: 'data' }, '/home/op')).toBe(join(process.cwd(), 'data'));
  });

  it('uses $XDG_DATA_HOME/cetak when CETAK_HOME is unset or empty', () => {
    expect(resolveDataHome({ XDG_DATA_HOME: '/xdg' }, '/home/op')).toBe('/xdg/cetak');
    expect(resolveDataHome({ CETAK_HOME: '', XDG_DATA_HOME: '/xdg' }, '/home/op')).toBe('/xdg/cetak');
  });

  it('falls back to ~/.local/share/cetak, ignoring a relative XDG_DATA_HOME as the XDG spec asks', () => {
    expect(resolveDataHome({}, '/home/op')).toBe('/home/op/.local/share/cetak');
    expect(resolveDataHome({ XDG_DATA_HOME: 'rel' }, '/home/op')).toBe('/home/op/.local/share/cetak');
  });

  it('never answers the current directory, even with no home directory', () => {
    expect(() => resolveDataHome({}, '')).toThrow(DatabaseError);
    expect(resolveDataHome({}, '/home/op')).not.toBe(process.cwd());
  });
});

describe('ensureDataHome', () => {
  let scratch: string;
  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'cetak-home-'));
  });
  afterEach(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('creates the home and missing parents, the home with mode 0700', async () => {
    const home = join(scratch, 'a', 'b', 'cetak');
    await expect(ensureDataHome(home)).resolves.toBe(home);
    const info = await stat(home);
    expect(info.isDirectory()).toBe(true);
    expect(info.mode & 0o777).toBe(0o700);
  });

  it('keeps an existing directory as it is', async () => {
    await expect(ensureDataHome(scratch)).resolves.toBe(scratch);
    await expect(ensureDataHome(scratch)).resolves.toBe(scratch);
  });

  it('refuses a home that is a file, naming it', async () => {
    const file = join(scratch, 'cetak');
    await writeFile(file, 'not a directory');
    const error = await ensureDataHome(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).code).toBe('db-home-not-directory');
    expect((error as DatabaseError).message).toContain(file);
  });

  it('refuses a home below a file', async () => {
    const file = join(scratch, 'plain');
    await writeFile(file, '');
    const error = await ensureDataHome(join(file, 'cetak')).catch((e: unknown) => e);
    expect((error as DatabaseError).code).toBe('db-home-not-directory');
    expect((error as DatabaseError).message).toContain(join(file, 'cetak'));
  });
});
