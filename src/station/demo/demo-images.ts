import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { SeededRandom } from './seeded-random.js';

/**
 * Generated portraits and signatures: a passport-style figure on the red background e-KTP photos
 * use, and a pen squiggle. Shapes only; nobody's likeness.
 */
export function portraitJpeg(rng: SeededRandom, width = 240, height = 300): Buffer {
  const data = Buffer.alloc(width * height * 4);
  const skin = [rng.int(150, 210), rng.int(100, 150), rng.int(70, 110)] as const;
  const shirt = [rng.int(0, 80), rng.int(0, 80), rng.int(60, 160)] as const;
  const hair = rng.int(10, 50);
  const cx = width / 2 + rng.int(-8, 8);
  const cy = height * 0.4;
  const rx = width * 0.2;
  const ry = height * 0.22;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let rgb: readonly [number, number, number] = [200, 30, 40];
      const dx = (x - cx) / rx;
      const dy = (y - cy) / ry;
      const head = dx * dx + dy * dy <= 1;
      const hairTop = dx * dx + ((y - (cy - ry * 0.35)) / (ry * 0.8)) ** 2 <= 1 && y < cy - ry * 0.25;
      const shoulders = y > height * 0.68 && Math.abs(x - cx) < width * 0.45 - (height - y) * 0.2;
      if (shoulders) rgb = shirt;
      if (head) rgb = skin;
      if (hairTop) rgb = [hair, hair, hair];
      const i = (y * width + x) * 4;
      data[i] = rgb[0];
      data[i + 1] = rgb[1];
      data[i + 2] = rgb[2];
      data[i + 3] = 255;
    }
  }
  return jpeg.encode({ data, width, height }, 80).data;
}

/**
 * Returns the JPEG with a comment segment (COM, FF FE) after SOI. The demo encodes a small pool of
 * portraits (jpeg-js builds large tables per encode) and makes each record's file unique this way:
 * the bytes differ, so every import still checks and decodes every photo as it would real ones.
 */
export function withJpegComment(jpegBytes: Buffer, comment: string): Buffer {
  const text = Buffer.from(comment, 'latin1');
  const segment = Buffer.alloc(4);
  segment[0] = 0xff;
  segment[1] = 0xfe;
  segment.writeUInt16BE(text.length + 2, 2);
  return Buffer.concat([jpegBytes.subarray(0, 2), segment, text, jpegBytes.subarray(2)]);
}

export function signaturePng(rng: SeededRandom, width = 240, height = 90): Buffer {
  const png = new PNG({ width, height, colorType: 0, inputColorType: 0, bitDepth: 8 });
  png.data = Buffer.alloc(width * height * 4, 255);
  const a = rng.int(2, 5);
  const b = rng.next() * 6;
  let prev: [number, number] | null = null;
  for (let t = 0; t <= 400; t++) {
    const x = 15 + (t / 400) * (width - 30);
    const y = height / 2 + Math.sin((t / 400) * Math.PI * a + b) * height * 0.3 + Math.sin(t / 9) * 6;
    if (prev) {
      for (let s = 0; s <= 4; s++) {
        const px = Math.round(prev[0] + ((x - prev[0]) * s) / 4);
        const py = Math.round(prev[1] + ((y - prev[1]) * s) / 4);
        for (const [ox, oy] of [[0, 0], [1, 0], [0, 1]] as const) {
          const i = ((py + oy) * width + px + ox) * 4;
          if (i >= 0 && i + 2 < png.data.length) png.data[i] = png.data[i + 1] = png.data[i + 2] = 20;
        }
      }
    }
    prev = [x, y];
  }
  return PNG.sync.write(png, { colorType: 0 });
}
