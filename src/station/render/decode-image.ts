/**
 * Photo and signature files (JPEG or PNG) decoded to plain pixel buffers for the renderer. The format
 * is taken from the bytes, not the file name, and a name that promises another format is rejected, so
 * a wrong file in the import folder is caught at import, not on a card.
 *
 * This is the station's only image decoder: import checks a photo with it and the printer path
 * decodes with it, so what import accepts, print can decode (an arithmetic-coded or progressive
 * JPEG, a 16-bit PNG). It is libvips through sharp: fast, and complete where pure-JS decoders are not.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import sharp from 'sharp';
import { StationError } from '../station-error.js';

/** 8-bit RGB, 3 bytes per pixel, row-major. */
export interface RgbImage {
  readonly channels: 3;
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** 8-bit gray (0 = black), 1 byte per pixel, row-major. */
export interface GrayImage {
  readonly channels: 1;
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export type DecodedImage = RgbImage | GrayImage;

export const IMAGE_FORMATS = ['jpeg', 'png'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** Larger images are refused before decoding (a photo is a few hundred pixels a side). */
export const MAX_IMAGE_PIXELS = 25_000_000;

const EXTENSION_FORMATS: Readonly<Record<string, ImageFormat>> = {
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.png': 'png',
};

/** An image file that cannot be used. `source` names the file; the message never shows its content. */
export class ImageDecodeError extends StationError {
  readonly source: string;
  constructor(source: string, message: string, options?: { cause?: unknown }) {
    super('invalid-image', message, { source });
    this.name = 'ImageDecodeError';
    this.source = source;
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** The format the bytes are in, from their signature; undefined for anything else. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((value, index) => bytes[index] === value)) return 'png';
  return undefined;
}

/**
 * Decodes JPEG or PNG bytes to 8-bit RGB (transparency flattened onto white, as on a white card; gray
 * and 16-bit images converted). `source` is used in errors only. Rejects with `ImageDecodeError`.
 */
export async function decodeImage(bytes: Uint8Array, source: string, expected?: ImageFormat): Promise<RgbImage> {
  const format = sniffImageFormat(bytes);
  if (format === undefined) {
    const wanted = expected === undefined ? 'a JPEG or PNG image' : `a ${expected.toUpperCase()} image`;
    throw new ImageDecodeError(source, `Image file ${source} is not ${wanted}: its content has no JPEG or PNG signature.`);
  }
  if (expected !== undefined && format !== expected) {
    throw new ImageDecodeError(
      source,
      `Image file ${source} is named as ${expected.toUpperCase()} but contains ${format.toUpperCase()}; rename or re-export it.`,
    );
  }
  return decodeWithVips(bytes, source, format);
}

/** Reads and decodes a .jpg/.jpeg/.png file; the extension must match the content. */
export async function decodeImageFile(path: string): Promise<RgbImage> {
  const expected = EXTENSION_FORMATS[extname(path).toLowerCase()];
  if (expected === undefined) {
    throw new ImageDecodeError(path, `Image file ${path} must end in .jpg, .jpeg or .png.`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ImageDecodeError(path, `Image file ${path} cannot be read (${reason}).`, { cause: error });
  }
  return decodeImage(bytes, path, expected);
}

/** Luminance (ITU-R BT.601 integer weights) of an image; gray images are returned as they are. */
export function toGray(image: DecodedImage): GrayImage {
  if (image.channels === 1) return image;
  const data = new Uint8Array(image.width * image.height);
  for (let pixel = 0, offset = 0; pixel < data.length; pixel += 1, offset += 3) {
    data[pixel] = (image.data[offset]! * 299 + image.data[offset + 1]! * 587 + image.data[offset + 2]! * 114 + 500) / 1000;
  }
  return { channels: 1, width: image.width, height: image.height, data };
}

async function decodeWithVips(bytes: Uint8Array, source: string, format: ImageFormat): Promise<RgbImage> {
  const name = format.toUpperCase();
  // IHDR width and height sit at bytes 16–23: refuse a huge PNG before the decoder looks further.
  if (format === 'png' && bytes.length >= 24) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(16) * view.getUint32(20) > MAX_IMAGE_PIXELS) {
      throw new ImageDecodeError(source, `Image file ${source} is larger than ${MAX_IMAGE_PIXELS / 1_000_000} megapixels.`);
    }
  }
  let decoded: { data: Buffer; info: sharp.OutputInfo };
  try {
    // failOn 'truncated': a cut photo must be refused, not printed half grey. limitInputPixels is
    // checked from the header, before any pixel buffer is allocated.
    decoded = await sharp(bytes, { failOn: 'truncated', limitInputPixels: MAX_IMAGE_PIXELS })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    const reason = shortReason(error);
    if (/pixel limit/i.test(reason)) {
      throw new ImageDecodeError(source, `Image file ${source} is larger than ${MAX_IMAGE_PIXELS / 1_000_000} megapixels.`, { cause: error });
    }
    throw new ImageDecodeError(source, `Image file ${source} is a damaged or unsupported ${name} (${reason}).`, { cause: error });
  }
  const { width, height, channels } = decoded.info;
  if (channels !== 3 || decoded.data.length !== width * height * 3) {
    throw new ImageDecodeError(source, `Image file ${source} is a ${name} with ${channels} colour channels, which the card cannot use.`);
  }
  return { channels: 3, width, height, data: new Uint8Array(decoded.data.buffer, decoded.data.byteOffset, decoded.data.length) };
}

function shortReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 120);
}
