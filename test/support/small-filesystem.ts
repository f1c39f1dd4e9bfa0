import { execFile } from 'node:child_process';
import { appendFile, mkdtemp, rm, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SmallFilesystem {
  /** The mount point: an empty folder on a file system of the given size. */
  readonly path: string;
  /** Bytes still free to an ordinary writer. */
  free(): Promise<number>;
  /** Writes a filler file so that about `leaveBytes` stay free. */
  fill(leaveBytes: number): Promise<void>;
  /** Deletes the filler: the space is back. */
  release(): Promise<void>;
  unmount(): Promise<void>;
}

/**
 * A real small file system, a tmpfs of `sizeMiB` (the tests run as root, as in CI), so that a full
 * disk is the kernel's ENOSPC and SQLite's SQLITE_FULL, not a mock.
 */
export async function mountSmallFilesystem(sizeMiB: number): Promise<SmallFilesystem> {
  const path = await mkdtemp(join(tmpdir(), 'cetak-smallfs-'));
  await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m,mode=0700`, 'tmpfs', path]);
  const filler = join(path, '.filler');
  const free = async () => {
    const s = await statfs(path);
    return s.bavail * s.bsize;
  };
  return {
    path,
    free,
    async fill(leaveBytes) {
      await rm(filler, { force: true });
      await writeFile(filler, '');
      // In steps, since the station may be writing meanwhile: a step that no longer fits ends the fill.
      for (let step = (await free()) - leaveBytes; step > 0; step = (await free()) - leaveBytes) {
        try {
          await appendFile(filler, Buffer.alloc(Math.min(step, 4 * 1024 * 1024)));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    },
    async release() {
      await rm(filler, { force: true });
    },
    async unmount() {
      await run('umount', ['-l', path]).catch(() => undefined);
      await rm(path, { recursive: true, force: true });
    },
  };
}
