import { defaultCardLayout, type CardLayout, type RgbImage } from '../render/index.js';
import { StationError } from '../station-error.js';
import { renderJob } from './job-card.js';

/** A card shrunk for a terminal: `rgb` is base64 of width × height × 3 bytes. */
export interface CardPreviewData {
  readonly width: number;
  readonly height: number;
  readonly rgb: string;
}

/** Box-average downsampling: every source pixel counts once, so thin text stays visible as grey. */
export function downsampleRgb(image: RgbImage, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor((y * image.height) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * image.height) / height));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor((x * image.width) / width);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * image.width) / width));
      let r = 0, g = 0, b = 0, n = 0;
      for (let sy = y0; sy < y1; sy++) {
        for (let sx = x0; sx < x1; sx++) {
          const i = (sy * image.width + sx) * 3;
          r += image.data[i]!; g += image.data[i + 1]!; b += image.data[i + 2]!; n++;
        }
      }
      const o = (y * width + x) * 3;
      out[o] = Math.round(r / n); out[o + 1] = Math.round(g / n); out[o + 2] = Math.round(b / n);
    }
  }
  return out;
}

/**
 * The job's card exactly as the dispatcher would print it (the same `renderJob`), shrunk to
 * `width` × `height`. A card that cannot be made says why, in the words the hold would use.
 */
export async function renderJobPreview(ctx: Parameters<typeof renderJob>[0], jobId: string, width: number, height: number, layout: CardLayout = defaultCardLayout()): Promise<CardPreviewData> {
  const card = await renderJob(ctx, jobId, layout);
  if (!card.ok) {
    if (card.missing) throw new StationError('job-unknown', `no job "${jobId}"`, { job: jobId });
    throw new StationError('job-not-printable', `job ${jobId} cannot be printed: ${card.holdReason}`, { job: jobId });
  }
  return { width, height, rgb: Buffer.from(downsampleRgb(card.preview, width, height)).toString('base64') };
}
