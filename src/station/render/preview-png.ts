/** PNG bytes of a rendered card preview (or any RGB image); the same image always gives the same bytes. */
import { PNG } from 'pngjs';
import type { RgbImage } from './decode-image.js';

export function encodePng(image: RgbImage): Uint8Array {
  const png = new PNG({ width: image.width, height: image.height, colorType: 2, inputColorType: 2, inputHasAlpha: false });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  const bytes = PNG.sync.write(png, {
    colorType: 2,
    inputColorType: 2,
    inputHasAlpha: false,
    deflateLevel: 6,
    filterType: -1,
  });
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
