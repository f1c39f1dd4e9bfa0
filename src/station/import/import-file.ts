import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeTransaction } from '../../../db/transaction.js';
import { canonicalJson } from '../../domain/audit-chain.js';
import { LIVE_CARD_STATES } from '../../domain/job-states.js';
import { validateNik } from '../../domain/nik.js';
import { priorityRank } from '../../domain/record.js';
import { appendAudit } from '../audit-log.js';
import { isoNow, localDate } from '../clock.js';
import type { StationContext, Trx } from '../context.js';
import { newId } from '../ids.js';
import { diskFullText, freeBytes, isDiskFullError } from '../disk-space.js';
import { requirePermission, type Operator } from '../operators.js';
import { StationError } from '../station-error.js';
import { checkImage, isImageProblem, type CheckedImage } from './image-check.js';
import { detectFormat, readCsv, readJsonl, type FileProblem, type RawRow } from './read-rows.js';
import { REQUIRED_COLUMNS, recordRowSchema, type RecordRow } from './record-row.js';

export const MAX_IMPORT_FILE_BYTES = 256 * 1024 * 1024;

export interface ImportProblem extends FileProblem {
  readonly file: string;
}

export interface ImportReport {
  readonly file: string;
  readonly rows: number;
  /** New jobs queued. */
  readonly queued: number;
  /** New jobs held because the NIK already has a card queued, printing or printed. */
  readonly heldDuplicates: number;
  /** Rows already imported before (same content): nothing done. */
  readonly alreadyImported: number;
  readonly rejected: number;
  readonly problems: readonly ImportProblem[];
  /** False when problems stopped the whole file (the default without `allowPartial`). */
  readonly imported: boolean;
}

interface GoodRow {
  readonly row: number;
  readonly record: RecordRow;
  readonly photo: CheckedImage;
  readonly signature: CheckedImage;
}

export interface ImportOptions {
  /** Accept the good rows of a file that has bad ones. Default false: any bad row imports nothing. */
  readonly allowPartial?: boolean;
  /** Office time zone offset for "today" in NIK checks; default WITA (+8 h). */
  readonly utcOffsetMinutes?: number;
}

/** Checks one row fully; returns every problem found, not just the first. */
async function checkRow(raw: RawRow, baseDir: string, today: string, alreadyStored: (sha256: string, format: CheckedImage['format']) => Promise<boolean>): Promise<GoodRow | FileProblem[]> {
  const problems: FileProblem[] = [];
  const parsed = recordRowSchema.safeParse(raw.values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      problems.push({ row: raw.row, field, code: 'row-bad-field', message: `${field} ${issue.message}` });
    }
  }
  const nikText = typeof raw.values['nik'] === 'string' ? raw.values['nik'].trim() : '';
  const nikCheck = validateNik(nikText, {
    today,
    ...(parsed.success ? { sex: parsed.data.sex, birthDate: parsed.data.birth_date } : {}),
  });
  if (!nikCheck.ok) {
    for (const p of nikCheck.problems) problems.push({ row: raw.row, field: 'nik', code: p.code, message: p.message });
  }
  const images: Partial<Record<'photo' | 'signature', CheckedImage>> = {};
  for (const field of ['photo', 'signature'] as const) {
    const given = raw.values[field];
    if (typeof given !== 'string' || given.trim() === '') continue; // already reported by the schema
    const checked = await checkImage(baseDir, given.trim(), alreadyStored);
    if (isImageProblem(checked)) problems.push({ row: raw.row, field, code: checked.code, message: `${field} ${checked.message}` });
    else images[field] = checked;
  }
  if (problems.length > 0 || !parsed.success || !images.photo || !images.signature) return problems;
  return { row: raw.row, record: parsed.data, photo: images.photo, signature: images.signature };
}

/** Runs `fn` over items with at most `limit` in flight (image checks are I/O and CPU bound). */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        results[i] = await fn(items[i]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  });
  // Every call has ended when this settles, so a caller cleaning up after a failure misses none.
  const settled = await Promise.allSettled(workers);
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  return results;
}

/** Where an image is stored, relative to the data folder: named by its hash. */
function imagePath(sha256: string, format: CheckedImage['format']): string {
  return join('images', sha256.slice(0, 2), `${sha256}.${format === 'jpeg' ? 'jpg' : 'png'}`);
}

/**
 * Stores an image under its hash: the same photo imported twice is stored once. Returns the path
 * relative to the data folder and, for a new file, its full path for the later fsync.
 */
async function storeImage(home: string, image: CheckedImage): Promise<{ rel: string; written?: string }> {
  const rel = imagePath(image.sha256, image.format);
  const full = join(home, rel);
  try {
    await stat(full);
    return { rel };
  } catch {
    // not stored yet
  }
  await mkdir(dirname(full), { recursive: true, mode: 0o700 });
  const tmp = `${full}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, image.bytes, { mode: 0o600 });
    await rename(tmp, full);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  return { rel, written: full };
}

/**
 * Makes new image files durable before the transaction that references them commits: a power cut
 * must never leave a queued job whose photo is an empty file. One fsync per file, many in flight,
 * lets the file system commit them together instead of one journal flush per photo.
 */
async function syncFiles(paths: readonly string[]): Promise<void> {
  const dirs = new Set(paths.map((p) => dirname(p)));
  await mapLimited([...paths, ...dirs], 32, async (path) => {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  });
}

/**
 * Removes the image files this import wrote, unless a record uses them (another import of the same
 * picture may have committed meanwhile). Best effort: a file left here is only unreferenced.
 */
async function removeUnreferenced(ctx: StationContext, stored: readonly { rel: string; written?: string }[]): Promise<void> {
  const written = stored.filter((s): s is { rel: string; written: string } => s.written !== undefined);
  for (let i = 0; i < written.length; i += 400) {
    const chunk = written.slice(i, i + 400);
    const rels = chunk.map((s) => s.rel);
    const used = await ctx.db
      .selectFrom('records')
      .select(['photo_path', 'signature_path'])
      .where((eb) => eb.or([eb('photo_path', 'in', rels), eb('signature_path', 'in', rels)]))
      .execute()
      .catch(() => null);
    if (used === null) return; // cannot tell which are in use: keep them all
    const inUse = new Set(used.flatMap((r) => [r.photo_path, r.signature_path]));
    await Promise.all(chunk.filter((s) => !inUse.has(s.rel)).map((s) => rm(s.written, { force: true })));
  }
}

function contentHash(good: GoodRow): string {
  const { photo: _p, signature: _s, ...fields } = good.record;
  return createHash('sha256')
    .update(canonicalJson({ fields, photo: good.photo.sha256, signature: good.signature.sha256 }))
    .digest('hex');
}

async function nikHasLiveCard(trx: Trx, nik: string): Promise<boolean> {
  const row = await trx
    .selectFrom('jobs')
    .innerJoin('records', 'records.id', 'jobs.record_id')
    .select('jobs.id')
    .where('records.nik', '=', nik)
    .where('jobs.state', 'in', [...LIVE_CARD_STATES])
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Imports one CSV or JSON Lines file of print-ready records in one transaction. Every row is
 * checked first; by default a file with any bad row imports nothing. A NIK that already has a card
 * queued, printing or printed is imported as a held job (reason `duplicate`) for a supervisor.
 * Re-importing the same rows changes nothing.
 */
export async function importFile(ctx: StationContext, by: Operator, path: string, options: ImportOptions = {}): Promise<ImportReport> {
  requirePermission(by, 'import');
  const file = basename(path);
  const fail = (problem: FileProblem): ImportReport => ({ file, rows: 0, queued: 0, heldDuplicates: 0, alreadyImported: 0, rejected: 0, problems: [{ file, ...problem }], imported: false });
  const format = detectFormat(path);
  if (!format) return fail({ row: null, field: null, code: 'file-unknown-format', message: 'the file name must end in .csv, .jsonl or .ndjson' });
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) return fail({ row: null, field: null, code: 'file-not-file', message: 'is not a file' });
    if (info.size > MAX_IMPORT_FILE_BYTES) return fail({ row: null, field: null, code: 'file-too-large', message: `is ${Math.round(info.size / 1048576)} MiB; split it below ${MAX_IMPORT_FILE_BYTES / 1048576} MiB` });
    text = await readFile(path, 'utf8');
  } catch (error) {
    return fail({ row: null, field: null, code: 'file-unreadable', message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
  }

  let rows: RawRow[];
  const problems: FileProblem[] = [];
  if (format === 'csv') {
    const result = readCsv(text, REQUIRED_COLUMNS);
    if (!result.ok) return fail(result.problem);
    rows = result.rows;
  } else {
    const result = readJsonl(text);
    rows = result.rows;
    problems.push(...result.problems);
  }
  if (rows.length === 0 && problems.length === 0) return fail({ row: null, field: null, code: 'file-empty', message: 'has no records' });

  const today = localDate(ctx.clock, options.utcOffsetMinutes ?? 480);
  const baseDir = dirname(path);
  const alreadyStored = (sha256: string, format: CheckedImage['format']) =>
    stat(join(ctx.home, imagePath(sha256, format))).then(
      () => true,
      () => false,
    );
  const checked = await mapLimited(rows, 16, (raw) => checkRow(raw, baseDir, today, alreadyStored));
  const good: GoodRow[] = [];
  for (const result of checked) {
    if (Array.isArray(result)) problems.push(...result);
    else good.push(result);
  }
  const badRows = new Set(problems.map((p) => p.row)).size;
  const withFile = problems.map((p) => ({ file, ...p }));
  if (problems.length > 0 && !options.allowPartial) {
    return { file, rows: rows.length + (format === 'jsonl' ? problems.filter((p) => p.code === 'row-malformed-json').length : 0), queued: 0, heldDuplicates: 0, alreadyImported: 0, rejected: badRows, problems: withFile, imported: false };
  }

  // Images are stored before the transaction; if it or they fail, the files this import wrote and no
  // record uses are removed again, so a refused import leaves nothing behind.
  // The same picture may stand in several rows (a placeholder signature): store each one once.
  const unique = new Map<string, CheckedImage>();
  for (const g of good) for (const image of [g.photo, g.signature]) unique.set(image.sha256, image);
  const storedBySha = new Map<string, { rel: string; written?: string }>();
  const refused = async (error: unknown): Promise<never> => {
    await removeUnreferenced(ctx, [...storedBySha.values()]);
    if (isDiskFullError(error)) {
      const free = await freeBytes(ctx.home).catch(() => 0);
      throw new StationError('disk-full', `${file}: nothing was imported; ${diskFullText(free, ctx.home)}`, { file });
    }
    if (error instanceof StationError) throw error;
    throw new StationError('import-write-failed', `${file}: nothing was imported; the database refused the write (${(error as Error).message.split('\n')[0]})`, { file });
  };
  try {
    await mapLimited([...unique.values()], 16, async (image) => void storedBySha.set(image.sha256, await storeImage(ctx.home, image)));
    await syncFiles([...storedBySha.values()].flatMap((s) => (s.written ? [s.written] : [])));
  } catch (error) {
    return refused(error);
  }
  const stored = good.map((g) => ({ photo: storedBySha.get(g.photo.sha256)!, signature: storedBySha.get(g.signature.sha256)! }));

  const batch = `${file}@${isoNow(ctx.clock).slice(0, 10)}`;
  let queued = 0;
  let heldDuplicates = 0;
  let alreadyImported = 0;
  try {
    await writeTransaction(ctx.db, async (trx) => {
      queued = heldDuplicates = alreadyImported = 0;
      const at = isoNow(ctx.clock);
      for (let i = 0; i < good.length; i++) {
        const g = good[i]!;
        const hash = contentHash(g);
        const exists = await trx.selectFrom('records').select('id').where('content_sha256', '=', hash).executeTakeFirst();
        if (exists) {
          alreadyImported++;
          continue;
        }
        const duplicate = await nikHasLiveCard(trx, g.record.nik);
        const recordId = newId('rec');
        const jobId = newId('job');
        const r = g.record;
        await trx
          .insertInto('records')
          .values({
            id: recordId, nik: r.nik, content_sha256: hash, name: r.name, province: r.province, regency: r.regency,
            birth_place: r.birth_place, birth_date: r.birth_date, sex: r.sex, blood_type: r.blood_type, address: r.address,
            rt_rw: r.rt_rw, village: r.village, district: r.district, religion: r.religion, marital_status: r.marital_status,
            occupation: r.occupation, nationality: r.nationality, valid_until: r.valid_until, issue_place: r.issue_place,
            issue_date: r.issue_date, priority: r.priority, photo_path: stored[i]!.photo.rel, signature_path: stored[i]!.signature.rel,
            source_file: file, source_row: g.row, source_batch: batch, imported_at: at, imported_by: by.id,
          })
          .execute();
        const state = duplicate ? 'held' : 'queued';
        await trx
          .insertInto('jobs')
          .values({ id: jobId, record_id: recordId, state, state_reason: duplicate ? 'duplicate' : null, priority_rank: priorityRank(r.priority), queued_at: at, updated_at: at })
          .execute();
        await appendAudit(trx, { actor: by.id, at, action: 'job.create', entityKind: 'job', entityId: jobId, details: { record: recordId, file, row: g.row, state, ...(duplicate ? { reason: 'duplicate' } : {}) } });
        if (duplicate) heldDuplicates++;
        else queued++;
      }
    });
  } catch (error) {
    return refused(error);
  }
  return { file, rows: rows.length, queued, heldDuplicates, alreadyImported, rejected: badRows, problems: withFile, imported: true };
}
