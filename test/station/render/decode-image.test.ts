import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageDecodeError, decodeImage, decodeImageFile, sniffImageFormat, toGray } from '../../../src/station/render/decode-image.js';
import { makeFacePhoto } from '../../fixtures/card-fixtures.js';

function jpegBytes(): Uint8Array {
  const photo = makeFacePhoto(60, 80);
  const rgba = new Uint8Array(60 * 80 * 4);
  for (let pixel = 0; pixel < 60 * 80; pixel += 1) {
    rgba.set(photo.data.subarray(pixel * 3, pixel * 3 + 3), pixel * 4);
    rgba[pixel * 4 + 3] = 255;
  }
  return jpeg.encode({ width: 60, height: 80, data: rgba }, 95).data;
}

function pngBytes(pixels: readonly [number, number, number, number][], width: number): Uint8Array {
  const png = new PNG({ width, height: pixels.length / width });
  pixels.forEach((pixel, index) => png.data.set(pixel, index * 4));
  return PNG.sync.write(png);
}

describe('decodeImageFile', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'cetak-decode-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('rejects a text file renamed .jpg with a clear error naming the file', async () => {
    const path = join(folder, '5371014501900003-photo.jpg');
    await writeFile(path, 'NIK,NAMA\n5371014501900003,MARIA\n');
    const rejection = decodeImageFile(path);
    await expect(rejection).rejects.toBeInstanceOf(ImageDecodeError);
    await expect(decodeImageFile(path)).rejects.toMatchObject({
      code: 'invalid-image',
      source: path,
      message: `Image file ${path} is not a JPEG image: its content has no JPEG or PNG signature.`,
    });
    await expect(decodeImageFile(path)).rejects.not.toThrow(/MARIA/);
  });

  it('rejects a PNG named .jpg and an unknown extension', async () => {
    const path = join(folder, 'signature.jpg');
    await writeFile(path, pngBytes([[0, 0, 0, 255]], 1));
    await expect(decodeImageFile(path)).rejects.toThrow(`Image file ${path} is named as JPEG but contains PNG`);
    await expect(decodeImageFile(join(folder, 'photo.bmp'))).rejects.toThrow('must end in .jpg, .jpeg or .png');
  });

  it('names a missing file', async () => {
    await expect(decodeImageFile(join(folder, 'gone.png'))).rejects.toThrow(/cannot be read \(ENOENT\)/);
  });

  it('decodes a JPEG file to RGB', async () => {
    const path = join(folder, 'photo.JPEG');
    await writeFile(path, jpegBytes());
    const image = await decodeImageFile(path);
    expect([image.channels, image.width, image.height, image.data.length]).toEqual([3, 60, 80, 60 * 80 * 3]);
    // The face centre is skin tone (≈ 208, 172, 130); JPEG at quality 95 stays close.
    const centre = (38 * 60 + 30) * 3;
    expect(Math.abs(image.data[centre + 1]! - 172)).toBeLessThan(12);
  });
});

describe('decodeImage', () => {
  it('flattens PNG transparency onto white', async () => {
    const image = await decodeImage(pngBytes([[0, 0, 0, 255], [0, 0, 0, 0], [255, 0, 0, 128], [10, 20, 30, 255]], 2), 'sig.png');
    expect([image.width, image.height]).toEqual([2, 2]);
    expect(Array.from(image.data)).toEqual([0, 0, 0, 255, 255, 255, 255, 127, 127, 10, 20, 30]);
  });

  it('rejects a truncated JPEG instead of printing half a photo', async () => {
    const bytes = jpegBytes();
    await expect(decodeImage(bytes.subarray(0, Math.floor(bytes.length / 2)), 'cut.jpg', 'jpeg')).rejects.toThrow(
      /Image file cut\.jpg is a damaged or unsupported JPEG/,
    );
  });

  it('refuses a PNG whose header claims a huge size before inflating it', async () => {
    const bytes = pngBytes([[0, 0, 0, 255]], 1);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    view.setUint32(16, 100_000);
    view.setUint32(20, 100_000);
    await expect(decodeImage(bytes, 'bomb.png')).rejects.toThrow(/larger than 25 megapixels/);
  });

  it('sniffs formats from bytes and converts to gray with integer weights', () => {
    expect(sniffImageFormat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffImageFormat(new TextEncoder().encode('GIF89a'))).toBeUndefined();
    const gray = toGray({ channels: 3, width: 3, height: 1, data: new Uint8Array([255, 255, 255, 0, 0, 0, 255, 0, 0]) });
    expect(Array.from(gray.data)).toEqual([255, 0, 76]);
  });
});
