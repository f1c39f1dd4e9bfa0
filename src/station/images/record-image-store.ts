import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { StationContext } from '../context.js';
import { isoNow } from '../clock.js';
import { ImageDecodeError, type ImageFormat } from '../render/index.js';

/** One stored picture: its bytes are named by their SHA-256. */
export interface StoredImageKey {
  readonly sha256: string;
  readonly format: ImageFormat;
}

export interface StoredImage extends StoredImageKey {
  readonly bytes: Uint8Array;
}

/**
 * Where record photos and signatures live. A SQLite station keeps them in its data folder; on
 * PostgreSQL they live in the database (`record_images`), so every station of an office reads the
 * same images without a shared folder. Both are named by hash, so `records.photo_path` means the
 * same on both engines (`images/ab/<sha256>.jpg`, see {@link imagePath}).
 */
export interface RecordImageStore {
  /** `folder` (SQLite: `<home>/images`) or `database` (PostgreSQL: `record_images`). */
  readonly kind: 'folder' | 'database';
  /** True when the image is stored with the bytes its hash promises. */
  has(key: StoredImageKey): Promise<boolean>;
  /**
   * Stores the image unless an intact copy is there (a damaged file is replaced). True when this
   * call wrote it, so a refused import can remove it again. Durable only after {@link sync}.
   */
  put(image: StoredImage): Promise<boolean>;
  /** Makes the images that `put` wrote durable before a record references them. */
  sync(written: readonly StoredImageKey[]): Promise<void>;
  /** The stored bytes of a record's image path; rejects with `ImageDecodeError` when missing. */
  read(path: string): Promise<Uint8Array>;
  /** Removes these images (the caller has checked that no record uses them). Best effort. */
  remove(keys: readonly StoredImageKey[]): Promise<void>;
}

/** A record's image path, relative to the data folder, named by hash. */
export function imagePath(key: StoredImageKey): string {
  return join('images', key.sha256.slice(0, 2), `${key.sha256}.${key.format === 'jpeg' ? 'jpg' : 'png'}`);
}

/** The key a record's image path names; rejects with `ImageDecodeError` for a path no import wrote. */
export function imageKeyOfPath(path: string): StoredImageKey {
  const match = /([0-9a-f]{64})\.(jpg|png)$/.exec(path);
  if (!match) throw new ImageDecodeError(path, `Image path ${path} is not a stored image (images/ab/<sha256>.jpg or .png).`);
  return { sha256: match[1]!, format: match[2] === 'jpg' ? 'jpeg' : 'png' };
}

/** The store this station's engine uses. */
export function recordImageStore(ctx: StationContext): RecordImageStore {
  return ctx.dialect === 'postgres' ? databaseImageStore(ctx) : folderImageStore(ctx.home);
}

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** SQLite: files under `<home>/images`, written by rename and fsynced with their folders. */
export function folderImageStore(home: string): RecordImageStore {
  const full = (key: StoredImageKey) => join(home, imagePath(key));
  const intact = async (key: StoredImageKey) => {
    try {
      return sha256Of(await readFile(full(key))) === key.sha256;
    } catch {
      return false;
    }
  };
  return {
    kind: 'folder',
    has: intact,
    async put(image) {
      if (await intact(image)) return false;
      const path = full(image);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(tmp, image.bytes, { mode: 0o600 });
        await rename(tmp, path);
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
      return true;
    },
    async sync(written) {
      // A power cut must never leave a queued job whose photo is an empty file. One fsync per file,
      // many in flight, lets the file system commit them together instead of one flush per photo.
      const paths = written.map(full);
      const targets = [...paths, ...new Set(paths.map((p) => dirname(p)))];
      for (let i = 0; i < targets.length; i += 32) {
        await Promise.all(targets.slice(i, i + 32).map(async (path) => {
          const handle = await open(path, 'r');
          try {
            await handle.sync();
          } finally {
            await handle.close();
          }
        }));
      }
    },
    async read(path) {
      try {
        return await readFile(join(home, path));
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
        throw new ImageDecodeError(path, `Image file ${path} cannot be read (${reason}).`, { cause: error });
      }
    },
    async remove(keys) {
      await Promise.all(keys.map((k) => rm(full(k), { force: true })));
    },
  };
}

/**
 * PostgreSQL: rows of `record_images`. Each `put` is its own short statement, so an import holds no
 * image bytes until its records' transaction; the database makes a committed row durable, so
 * `sync` has nothing left to do.
 */
export function databaseImageStore(ctx: Pick<StationContext, 'db' | 'clock'>): RecordImageStore {
  const has = async (key: StoredImageKey) =>
    (await ctx.db.selectFrom('record_images').select('sha256').where('sha256', '=', key.sha256).executeTakeFirst()) !== undefined;
  return {
    kind: 'database',
    has,
    async put(image) {
      const result = await ctx.db
        .insertInto('record_images')
        .values({ sha256: image.sha256, format: image.format, bytes: Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength), stored_at: isoNow(ctx.clock) })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async sync() {
      // Each put committed on its own: nothing is pending.
    },
    async read(path) {
      const key = imageKeyOfPath(path);
      const row = await ctx.db.selectFrom('record_images').select('bytes').where('sha256', '=', key.sha256).executeTakeFirst();
      if (!row) throw new ImageDecodeError(path, `Image ${path} is not in the database.`);
      const bytes = new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength);
      // The same promise the folder store keeps: the bytes are the ones the hash names.
      if (sha256Of(bytes) !== key.sha256) throw new ImageDecodeError(path, `Image ${path} in the database does not match its hash.`);
      return bytes;
    },
    async remove(keys) {
      for (let i = 0; i < keys.length; i += 400) {
        const chunk = keys.slice(i, i + 400).map((k) => k.sha256);
        if (chunk.length > 0) await ctx.db.deleteFrom('record_images').where('sha256', 'in', chunk).execute();
      }
    },
  };
}
