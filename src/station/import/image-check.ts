import { createHash } from 'node:crypto';
import { lstat, readFile, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { maskDigitRuns } from '../../domain/masking.js';
import { decodeImage, ImageDecodeError } from '../render/decode-image.js';

/** Limits for record images; a real e-KTP photo is a few hundred pixels and tens of kilobytes. */
export const IMAGE_LIMITS = {
  maxBytes: 2 * 1024 * 1024,
  minSidePx: 40,
  maxSidePx: 4000,
} as const;

export interface CheckedImage {
  readonly format: 'jpeg' | 'png';
  readonly bytes: Buffer;
  readonly sha256: string;
}

export type ImageProblem = { readonly code: string; readonly message: string };

function sniff(bytes: Buffer): 'jpeg' | 'png' | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  return undefined;
}

function extensionFormat(path: string): 'jpeg' | 'png' | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.jpg') || lower.endsWith('.jpeg')) return 'jpeg';
  if (lower.endsWith('.png')) return 'png';
  return undefined;
}

/**
 * Resolves an image path given in an import file, refusing anything that leaves the import folder
 * (absolute paths, `..`, or a symlink pointing out), then checks it is a real JPEG or PNG of sane
 * size that decodes completely. Problems are returned, never thrown, so one row's bad photo does
 * not hide the next row's.
 */
export async function checkImage(
  baseDir: string,
  given: string,
  alreadyStored?: (sha256: string, format: CheckedImage['format']) => Promise<boolean>,
  storedOnly = false,
): Promise<CheckedImage | ImageProblem> {
  // Paths are named after the NIK in many offices: messages show them masked.
  const shown = maskDigitRuns(given);
  if (isAbsolute(given)) return { code: 'image-path-absolute', message: 'must be a path relative to the import file, not an absolute path' };
  const base = await realpath(baseDir);
  const full = resolve(base, given);
  const rel = relative(base, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
    return { code: 'image-path-escapes', message: `"${shown}" points outside the import folder` };
  }
  let real: string;
  try {
    real = await realpath(full);
  } catch {
    return { code: 'image-missing', message: `file "${shown}" does not exist` };
  }
  const realRel = relative(base, real);
  if (realRel.startsWith('..') || isAbsolute(realRel)) {
    return { code: 'image-path-escapes', message: `"${shown}" is a link to a file outside the import folder` };
  }
  const info = await lstat(real);
  if (!info.isFile()) return { code: 'image-not-file', message: `"${shown}" is not a file` };
  if (info.size > IMAGE_LIMITS.maxBytes) {
    return { code: 'image-too-large', message: `"${shown}" is ${Math.ceil(info.size / 1024)} KiB; the limit is ${IMAGE_LIMITS.maxBytes / 1024} KiB` };
  }
  const bytes = await readFile(real);
  const format = sniff(bytes);
  if (!format) return { code: 'image-not-image', message: `"${shown}" is not a JPEG or PNG image` };
  const expected = extensionFormat(given);
  if (expected && expected !== format) {
    return { code: 'image-wrong-type', message: `"${shown}" is named .${shown.split('.').pop()} but is a ${format.toUpperCase()}` };
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // The very same bytes passed this check at an earlier import and are stored: no second decode.
  if (await alreadyStored?.(sha256, format)) return { format, bytes, sha256 };
  if (storedOnly) return { code: 'image-changed', message: `"${shown}" changed while the file was being imported` };
  let width: number;
  let height: number;
  try {
    // A full decode (not just the header), with the very decoder the printer path uses: a truncated
    // or corrupt photo is refused here, and one that passes is one the card can be made from.
    ({ width, height } = await decodeImage(bytes, shown, format));
  } catch (error) {
    if (!(error instanceof ImageDecodeError)) throw error;
    return { code: 'image-corrupt', message: `"${shown}" does not decode as ${format.toUpperCase()}; export it again as a plain JPEG or PNG` };
  }
  const { minSidePx, maxSidePx } = IMAGE_LIMITS;
  if (width < minSidePx || height < minSidePx || width > maxSidePx || height > maxSidePx) {
    return { code: 'image-bad-dimensions', message: `"${shown}" is ${width}×${height} px; sides must be ${minSidePx}–${maxSidePx} px` };
  }
  return { format, bytes, sha256 };
}

export function isImageProblem(value: CheckedImage | ImageProblem): value is ImageProblem {
  return 'code' in value;
}
