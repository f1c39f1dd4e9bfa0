import type { SidePanels } from '../../../hardware/types.js';
import type { CardRecord } from '../../domain/record.js';
import type { RecordsTable } from '../../../db/schema.js';
import type { StationContext } from '../context.js';
import { imageKeyOfPath, recordImageStore } from '../images/record-image-store.js';
import { CardDataError, CardFitError, decodeImage, ImageDecodeError, renderCard, type CardLayout, type RgbImage } from '../render/index.js';

export function rowToCardRecord(row: RecordsTable): CardRecord {
  return {
    nik: row.nik,
    province: row.province,
    regency: row.regency,
    name: row.name,
    birthPlace: row.birth_place,
    birthDate: row.birth_date,
    sex: row.sex,
    bloodType: row.blood_type as CardRecord['bloodType'],
    address: row.address,
    rtRw: row.rt_rw,
    village: row.village,
    district: row.district,
    religion: row.religion,
    maritalStatus: row.marital_status,
    occupation: row.occupation,
    nationality: row.nationality,
    validUntil: row.valid_until,
    issuePlace: row.issue_place,
    issueDate: row.issue_date,
    priority: row.priority,
  };
}

export type RenderedJob =
  | { readonly ok: true; readonly jobId: string; readonly front: SidePanels; readonly preview: RgbImage }
  /** The card cannot be made as the record stands: hold the job with this reason for a person. */
  | { readonly ok: false; readonly jobId: string; readonly holdReason: string; readonly missing?: true };

/**
 * Renders the card for a job from its record, stored photo and signature, and the layout. Problems
 * that a person must fix (a name too long for the layout, an unreadable photo) come back as a hold
 * reason instead of an exception, so one bad record never stops the line.
 */
export async function renderJob(ctx: StationContext, jobId: string, layout: CardLayout): Promise<RenderedJob> {
  const row = await ctx.db
    .selectFrom('jobs')
    .innerJoin('records', 'records.id', 'jobs.record_id')
    .selectAll('records')
    .where('jobs.id', '=', jobId)
    .executeTakeFirst();
  if (!row) return { ok: false, jobId, holdReason: 'record missing', missing: true };
  let photo: RgbImage;
  let signature: RgbImage;
  const store = recordImageStore(ctx);
  const decodeStored = async (path: string) => decodeImage(await store.read(path), path, imageKeyOfPath(path).format);
  try {
    photo = await decodeStored(row.photo_path);
    signature = await decodeStored(row.signature_path);
  } catch (error) {
    // Import decoded these very bytes with the same decoder, so the stored copy has been damaged since.
    // Importing the original file again replaces a damaged copy (images/record-image-store.ts, put).
    if (error instanceof ImageDecodeError) return { ok: false, jobId, holdReason: 'stored photo or signature damaged: import its file again, then release' };
    throw error;
  }
  try {
    const card = renderCard({ record: rowToCardRecord(row), photo, signature, layout });
    return { ok: true, jobId, front: card.front, preview: card.preview };
  } catch (error) {
    if (error instanceof CardFitError) return { ok: false, jobId, holdReason: error.holdReason };
    if (error instanceof CardDataError) return { ok: false, jobId, holdReason: `record cannot be printed: ${error.message}` };
    throw error;
  }
}
