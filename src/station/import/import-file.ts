import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { writeTransaction } from '../../../db/transaction.js';
import { canonicalJson } from '../../domain/audit-chain.js';
import { LIVE_CARD_STATES } from '../../domain/job-states.js';
import { maskDigitRuns } from '../../domain/masking.js';
import { validateNik } from '../../domain/nik.js';
import { priorityRank } from '../../domain/record.js';
import { appendAudit } from '../audit/audit-log.js';
import { isoNow, localDate } from '../clock.js';
import type { StationContext, Trx } from '../context.js';
import { newId } from '../ids.js';
import { imagePath, recordImageStore, type RecordImageStore, type StoredImageKey } from '../images/record-image-store.js';
import { diskFullText, freeBytes, isDiskFullError } from '../disk-space.js';
import { requirePermission, type Operator } from '../operators.js';
import { defaultCardLayout, type CardLayout } from '../render/index.js';
import { StationError } from '../station-error.js';
import { checkCardFit, checkDates, toCardRecord } from './card-check.js';
import { checkImage, isImageProblem, type CheckedImage } from './image-check.js';
import { checkRawValues } from './raw-values.js';
import { detectFormat, readRows, type FileProblem, type ImportEncoding, type RawRow } from './read-rows.js';
import { REQUIRED_COLUMNS, recordRowSchema, type RecordRow } from './record-row.js';

export const MAX_IMPORT_FILE_BYTES = 256 * 1024 * 1024;
/** A report lists this many problems; the rest are counted (a file of bad rows must not fill memory). */
export const MAX_LISTED_PROBLEMS = 1000;
const COLUMNS = Object.keys(recordRowSchema.shape);

export interface ImportProblem extends FileProblem {
  readonly file: string;
}

export interface ImportReport {
  /** The file's name, with digit runs (a NIK in the name) masked. */
  readonly file: string;
  readonly rows: number;
  /** New jobs queued. */
  readonly queued: number;
  /** New jobs held because the NIK already has a card queued, printing or printed. */
  readonly heldDuplicates: number;
  /** Rows already imported before (same content): nothing done. */
  readonly alreadyImported: number;
  readonly rejected: number;
  /** The first MAX_LISTED_PROBLEMS problems, in file order. */
  readonly problems: readonly ImportProblem[];
  /** Problems found beyond those listed. */
  readonly unlistedProblems: number;
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
  /** Office time zone offset for "today" in NIK and date checks; default WITA (+8 h). */
  readonly utcOffsetMinutes?: number;
  /** How the file's bytes are text; default UTF-8. Never guessed. */
  readonly encoding?: ImportEncoding;
  /** The office's card layout: every record must fit it. Default: the layout that ships. */
  readonly layout?: CardLayout;
}

type ImageMode = 'decode' | 'stored';

interface RowChecker {
  readonly baseDir: string;
  readonly today: string;
  readonly layout: CardLayout;
  readonly mode: ImageMode;
  readonly alreadyStored: (sha256: string, format: CheckedImage['format']) => Promise<boolean>;
}

/**
 * Checks one row fully; returns every problem found, not just the first. In `stored` mode (the
 * writing pass) images are not decoded again: they must be the very bytes the checking pass stored.
 */
async function checkRow(raw: RawRow, c: RowChecker): Promise<GoodRow | FileProblem[]> {
  const problems = checkRawValues(raw.row, raw.values, COLUMNS);
  const badFields = new Set(problems.map((p) => p.field));
  const values = Object.fromEntries(Object.entries(raw.values).filter(([k]) => !badFields.has(k)));
  const parsed = recordRowSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (badFields.has(field)) continue;
      problems.push({ row: raw.row, field, code: 'row-bad-field', message: `${field} ${issue.message}` });
    }
  }
  const nikText = typeof values['nik'] === 'string' ? values['nik'].trim() : '';
  if (!badFields.has('nik')) {
    const nikCheck = validateNik(nikText, {
      today: c.today,
      ...(parsed.success ? { sex: parsed.data.sex, birthDate: parsed.data.birth_date } : {}),
    });
    if (!nikCheck.ok) {
      for (const p of nikCheck.problems) problems.push({ row: raw.row, field: 'nik', code: p.code, message: p.message });
    }
  }
  if (parsed.success) {
    problems.push(...checkDates(raw.row, parsed.data, c.today));
    problems.push(...checkCardFit(raw.row, toCardRecord(parsed.data), c.layout));
  }
  const images: Partial<Record<'photo' | 'signature', CheckedImage>> = {};
  for (const field of ['photo', 'signature'] as const) {
    const given = values[field];
    if (typeof given !== 'string' || given.trim() === '') continue; // already reported by the schema
    const checked = await checkImage(c.baseDir, given.trim(), c.alreadyStored, c.mode === 'stored');
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

/**
 * Removes the images this import wrote, unless a record uses them (another import of the same
 * picture may have committed meanwhile). Best effort: an image left here is only unreferenced.
 */
async function removeUnreferenced(ctx: StationContext, store: RecordImageStore, written: readonly StoredImageKey[]): Promise<void> {
  for (let i = 0; i < written.length; i += 400) {
    const chunk = written.slice(i, i + 400);
    const rels = chunk.map(imagePath);
    const used = await ctx.db
      .selectFrom('records')
      .select(['photo_path', 'signature_path'])
      .where((eb) => eb.or([eb('photo_path', 'in', rels), eb('signature_path', 'in', rels)]))
      .execute()
      .catch(() => null);
    if (used === null) return; // cannot tell which are in use: keep them all
    const inUse = new Set(used.flatMap((r) => [r.photo_path, r.signature_path]));
    await store.remove(chunk.filter((k) => !inUse.has(imagePath(k)))).catch(() => undefined);
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

/** Rows are checked this many at a time: enough to keep the image decoders busy, few enough to bound memory. */
const BATCH_ROWS = 64;

/** Collects problems in file order, listing the first MAX_LISTED_PROBLEMS and counting bad rows. */
class ProblemList {
  readonly listed: FileProblem[] = [];
  unlisted = 0;
  badRows = 0;
  fatal = false;
  add(problems: readonly FileProblem[]): void {
    for (const p of problems) {
      if (this.listed.length < MAX_LISTED_PROBLEMS) this.listed.push(p);
      else this.unlisted += 1;
    }
  }
  get count(): number {
    return this.listed.length + this.unlisted;
  }
}

/**
 * Reads the file's rows in batches and hands each checked batch on. Returns the number of rows read
 * (good, bad and unreadable). A fatal file problem stops the reading.
 */
async function forEachCheckedBatch(
  path: string,
  format: 'csv' | 'jsonl',
  encoding: ImportEncoding,
  checker: RowChecker,
  problems: ProblemList,
  onBatch: (results: (GoodRow | FileProblem[])[]) => Promise<void>,
): Promise<number> {
  let rows = 0;
  let batch: RawRow[] = [];
  const flush = async () => {
    const results = await mapLimited(batch, 16, (raw) => checkRow(raw, checker));
    batch = [];
    await onBatch(results);
  };
  for await (const event of readRows(path, format, { encoding, requiredColumns: REQUIRED_COLUMNS })) {
    if ('problem' in event) {
      if (event.problem.row !== null && !event.fatal) {
        rows += 1;
        problems.badRows += 1;
      }
      if (event.fatal) problems.fatal = true;
      problems.add([event.problem]);
      continue;
    }
    rows += 1;
    batch.push(event.row);
    if (batch.length >= BATCH_ROWS) await flush();
  }
  if (batch.length > 0) await flush();
  return rows;
}

/** Thrown inside the write transaction to roll it back when the writing pass finds a problem. */
class RollBack extends Error {}

/**
 * Imports one CSV or JSON Lines file of print-ready records. Every row is checked first (images
 * decoded, values fitted to the card layout); by default a file with any bad row imports nothing.
 * Then the rows are written in one transaction. Both passes stream the file, so memory does not
 * depend on its size. A NIK that already has a card queued, printing or printed is imported as a
 * held job (reason `duplicate`) for a supervisor. Re-importing the same rows changes nothing.
 */
export async function importFile(ctx: StationContext, by: Operator, path: string, options: ImportOptions = {}): Promise<ImportReport> {
  requirePermission(by, 'import');
  const sourceFile = basename(path);
  const file = maskDigitRuns(sourceFile);
  const report = (problems: ProblemList, fields: Partial<ImportReport>): ImportReport => ({
    file, rows: 0, queued: 0, heldDuplicates: 0, alreadyImported: 0, rejected: problems.badRows, imported: false,
    problems: [...problems.listed].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)).map((p) => ({ file, ...p })), unlistedProblems: problems.unlisted, ...fields,
  });
  const fail = (problem: FileProblem): ImportReport => {
    const list = new ProblemList();
    list.add([problem]);
    return report(list, {});
  };
  const format = detectFormat(path);
  if (!format) return fail({ row: null, field: null, code: 'file-unknown-format', message: 'the file name must end in .csv, .jsonl or .ndjson' });
  let before: { size: number; mtimeMs: number };
  try {
    const info = await stat(path);
    if (!info.isFile()) return fail({ row: null, field: null, code: 'file-not-file', message: 'is not a file' });
    if (info.size > MAX_IMPORT_FILE_BYTES) return fail({ row: null, field: null, code: 'file-too-large', message: `is ${Math.round(info.size / 1048576)} MiB; split it below ${MAX_IMPORT_FILE_BYTES / 1048576} MiB` });
    before = { size: info.size, mtimeMs: info.mtimeMs };
    await (await open(path, 'r')).close();
  } catch (error) {
    return fail({ row: null, field: null, code: 'file-unreadable', message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
  }
  const encoding = options.encoding ?? 'utf8';
  // Stored copies found intact during this import: a picture used by many rows (a placeholder
  // signature) is hashed once, not once per row. Bounded, so a huge file cannot grow it.
  const intact = new Set<string>();
  const store = recordImageStore(ctx);
  const alreadyStored = async (sha256: string, format: CheckedImage['format']): Promise<boolean> => {
    if (intact.has(sha256)) return true;
    const ok = await store.has({ sha256, format });
    if (ok) {
      if (intact.size >= 4096) intact.clear();
      intact.add(sha256);
    }
    return ok;
  };
  const checker = (mode: ImageMode): RowChecker => ({
    baseDir: dirname(path),
    today: localDate(ctx.clock, options.utcOffsetMinutes ?? 480),
    layout: options.layout ?? defaultCardLayout(),
    mode,
    alreadyStored,
  });

  // Pass 1: check every row; store the images of good rows (named by hash, so the same photo is
  // stored once). The files this import wrote are remembered: if the import is then refused, those
  // no record uses are removed again, so a refused import leaves nothing behind.
  const checked = new ProblemList();
  const stored: StoredImageKey[] = [];
  const refused = async (error: unknown): Promise<never> => {
    await removeUnreferenced(ctx, store, stored);
    if (isDiskFullError(error)) {
      const free = await freeBytes(ctx.home).catch(() => 0);
      throw new StationError('disk-full', `${file}: nothing was imported; ${diskFullText(free, ctx.home)}`, { file });
    }
    if (error instanceof StationError) throw error;
    throw new StationError('import-write-failed', `${file}: nothing was imported; the database refused the write (${(error as Error).message.split('\n')[0]})`, { file });
  };
  let goodRows = 0;
  let rows;
  try {
    rows = await forEachCheckedBatch(path, format, encoding, checker('decode'), checked, async (results) => {
      const written: StoredImageKey[] = [];
      for (const result of results) {
        if (Array.isArray(result)) {
          checked.badRows += 1;
          checked.add(result);
          continue;
        }
        goodRows += 1;
        if (checked.count > 0 && !options.allowPartial) continue; // nothing will be imported: store nothing more
        for (const image of [result.photo, result.signature]) {
          if (intact.has(image.sha256)) continue;
          if (await store.put(image)) {
            written.push(image);
            stored.push({ sha256: image.sha256, format: image.format });
          }
          if (intact.size >= 4096) intact.clear();
          intact.add(image.sha256);
        }
      }
      await store.sync(written);
    });
  } catch (error) {
    return refused(error);
  }
  if (checked.fatal || (checked.count > 0 && !options.allowPartial)) {
    await removeUnreferenced(ctx, store, stored);
    return report(checked, { rows });
  }
  if (goodRows === 0) {
    if (checked.count === 0) checked.add([{ row: null, field: null, code: 'file-empty', message: 'has a header but no records' }]);
    return report(checked, { rows });
  }

  // Pass 2: the same rows again, now written. Images are not decoded again (pass 1 stored them);
  // a row that differs from pass 1 means the file changed underneath us.
  const changed = () => new StationError('import-file-changed', `${file}: nothing was imported; the file or its images changed while it was being imported. Import it again.`, { file });
  const batch = `${sourceFile}@${isoNow(ctx.clock).slice(0, 10)}`;
  const written = new ProblemList();
  let queued = 0;
  let heldDuplicates = 0;
  let alreadyImported = 0;
  try {
    await writeTransaction(ctx.db, async (trx) => {
      queued = heldDuplicates = alreadyImported = 0;
      const at = isoNow(ctx.clock);
      const again = new ProblemList();
      await forEachCheckedBatch(path, format, encoding, checker('stored'), again, async (results) => {
        for (const g of results) {
          if (Array.isArray(g)) {
            again.badRows += 1;
            continue;
          }
          const hash = contentHash(g);
          const exists = await trx.selectFrom('records').select(['imported_at', 'source_file', 'source_row']).where('content_sha256', '=', hash).executeTakeFirst();
          if (exists && exists.imported_at === at && exists.source_file === sourceFile && exists.source_row !== g.row) {
            // Twice in this very file: not "already imported", a mistake in the file.
            written.badRows += 1;
            written.add([{ row: g.row, field: null, code: 'row-repeated', message: `the record is the same as line ${exists.source_row} of this file; remove one of them` }]);
            continue;
          }
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
              issue_date: r.issue_date, priority: r.priority, photo_path: imagePath(g.photo),
              signature_path: imagePath(g.signature),
              source_file: sourceFile, source_row: g.row, source_batch: batch, imported_at: at, imported_by: by.id,
            })
            .execute();
          const state = duplicate ? 'held' : 'queued';
          await trx
            .insertInto('jobs')
            .values({ id: jobId, record_id: recordId, state, state_reason: duplicate ? 'duplicate' : null, priority_rank: priorityRank(r.priority), queued_at: at, updated_at: at })
            .execute();
          await appendAudit(trx, { actor: by.id, at, action: 'job.create', entityKind: 'job', entityId: jobId, details: { record: recordId, file: sourceFile, row: g.row, state, ...(duplicate ? { reason: 'duplicate' } : {}) } });
          if (duplicate) heldDuplicates++;
          else queued++;
        }
      });
      // The same checks on the same bytes give the same answers: anything else is a changed file.
      if (again.fatal || again.badRows !== checked.badRows) throw changed();
      const after = await stat(path);
      if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) throw changed();
      if (written.count > 0 && !options.allowPartial) throw new RollBack();
    });
  } catch (error) {
    if (error instanceof RollBack) {
      await removeUnreferenced(ctx, store, stored);
      const all = new ProblemList();
      all.add(checked.listed);
      all.add(written.listed);
      all.badRows = checked.badRows + written.badRows;
      return report(all, { rows });
    }
    return refused(error);
  }
  const all = new ProblemList();
  all.add(checked.listed);
  all.add(written.listed);
  all.unlisted += checked.unlisted + written.unlisted;
  all.badRows = checked.badRows + written.badRows;
  return report(all, { rows, queued, heldDuplicates, alreadyImported, imported: true });
}
