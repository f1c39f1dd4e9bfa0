import { join } from 'node:path';
import type { BloodType, CardRecord } from '../../domain/record.js';
import type { StationContext } from '../context.js';
import { decodeImageFile, defaultCardLayout, renderCard, type CardLayout, type RgbImage } from '../render/index.js';
import { StationError } from '../station-error.js';
import { priorityClassOf } from './jobs-page.js';
import type { CardPreview } from '../../api/protocol.js';

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
 * Renders a job's card exactly as it would print and shrinks the preview to `width` × `height`.
 * Rejects with `job-unknown`, or the renderer's own errors (CardFitError, ImageDecodeError).
 */
export async function renderJobPreview(ctx: StationContext, jobId: string, width: number, height: number, layout: CardLayout = defaultCardLayout()): Promise<CardPreview> {
  const r = await ctx.db.selectFrom('jobs').innerJoin('records', 'records.id', 'jobs.record_id').selectAll('records').where('jobs.id', '=', jobId).executeTakeFirst();
  if (!r) throw new StationError('job-unknown', `no job "${jobId}"`, { job: jobId });
  const record: CardRecord = {
    nik: r.nik, province: r.province, regency: r.regency, name: r.name, birthPlace: r.birth_place, birthDate: r.birth_date, sex: r.sex,
    bloodType: r.blood_type as BloodType, address: r.address, rtRw: r.rt_rw, village: r.village, district: r.district, religion: r.religion,
    maritalStatus: r.marital_status, occupation: r.occupation, nationality: r.nationality, validUntil: r.valid_until, issuePlace: r.issue_place,
    issueDate: r.issue_date, priority: r.priority ?? priorityClassOf(0),
  };
  const [photo, signature] = await Promise.all([decodeImageFile(join(ctx.home, r.photo_path)), decodeImageFile(join(ctx.home, r.signature_path))]);
  const { preview } = renderCard({ record, photo, signature, layout });
  return { width, height, rgb: Buffer.from(downsampleRgb(preview, width, height)).toString('base64') };
}
