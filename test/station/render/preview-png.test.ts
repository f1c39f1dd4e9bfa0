import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../src/station/render/decode-image.js';
import { encodePng } from '../../../src/station/render/preview-png.js';
import { makeFacePhoto } from '../../fixtures/card-fixtures.js';

describe('encodePng', () => {
  it('writes an RGB PNG that decodes to the same pixels, byte-identical every time', async () => {
    const image = makeFacePhoto(40, 30);
    const bytes = encodePng(image);
    const png = PNG.sync.read(Buffer.from(bytes));
    expect([png.width, png.height]).toEqual([40, 30]);
    expect((await decodeImage(bytes, 'preview.png')).data).toEqual(image.data);
    const digest = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');
    expect(digest(encodePng(makeFacePhoto(40, 30)))).toBe(digest(bytes));
  });
});
