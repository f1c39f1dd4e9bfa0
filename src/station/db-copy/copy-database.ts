import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { sql, type Kysely, type Transaction } from 'kysely';
import { migrateToLatest, migrations, openDatabase, type CetakDatabase } from '../../../db/index.js';
import type { Database } from '../../../db/schema.js';
import { folderImageStore, imageKeyOfPath } from '../images/record-image-store.js';
import { verifyAuditLog } from '../audit/audit-verify.js';
import type { StationContext } from '../context.js';
import { silentLogger } from '../logger.js';
import { isoNow, systemClock } from '../clock.js';
import { StationError } from '../station-error.js';

/**
 * Every cetak table in an order that satisfies the foreign keys, each with the key it is paged
 * and ordered by. audit_head is not copied as a row: the migration made it; it is set at the end.
 * sign_in_locks is not copied: counts of wrong PINs belong to the database they were made on.
 */
const COPY_ORDER = [
  ['stations', ['id']],
  ['operators', ['id']],
  ['records', ['id']],
  ['printers', ['id']],
  ['jobs', ['id']],
  ['blank_batches', ['id']],
  ['consumable_types', ['id']],
  ['loans', ['id']],
  ['blank_loans', ['id']],
  ['directory', ['id']],
  ['rolls', ['id']],
  ['attempts', ['id']],
  ['test_cards', ['id']],
  ['printer_care', ['id']],
  ['sukets', ['id']],
  ['rationing', ['id']],
  ['audit_log', ['seq']],
  ['movements', ['id']],
  ['stock_balances', ['item', 'scope', 'bucket']],
  ['official_documents', ['id']],
  ['returned_old_cards', ['id']],
  ['destruction_sessions', ['id']],
  ['destruction_witnesses', ['session_id', 'seq']],
  ['destruction_items', ['id']],
  ['card_handovers', ['id']],
] as const satisfies readonly (readonly [keyof Database, readonly string[]])[];

type CopiedTable = (typeof COPY_ORDER)[number][0];
const TABLES: readonly CopiedTable[] = COPY_ORDER.map(([t]) => t);

/** Rows per INSERT: records has ~30 columns, so 400 rows stay far below PostgreSQL's 65 535 parameters. */
const BATCH_ROWS = 400;

export interface CopyDatabaseReport {
  /** Rows per table, equal in source and target. */
  readonly rows: Readonly<Record<CopiedTable, number>>;
  /** Blank balances by bucket, equal in source and target. */
  readonly blanks: Readonly<Record<string, number>>;
  readonly auditHead: { readonly seq: number; readonly hash: string };
  /** Record images moved from the source's data folder into the target's `record_images`. */
  readonly images: number;
  readonly source: string;
  readonly target: string;
}

/**
 * Moves a station's SQLite database into an empty PostgreSQL database: migrates the target,
 * copies every table (the audit chain in seq order) in one target transaction while holding the
 * source's write lock (nothing changes mid-copy), then, still inside that transaction, compares
 * row counts per table, blank balances and the audit chain head (seq and hash), and walks the
 * copied chain. Any difference rolls everything back and throws `db-copy-mismatch` naming it; a
 * target that already holds cetak rows is refused (`db-copy-target-not-empty`) before anything is
 * written. The record images the records name move from the source's data folder (`home`, default
 * the SQLite file's folder) into `record_images`, each checked against its hash on the way, so the
 * office's stations need no shared images folder; a missing or damaged image is a mismatch.
 */
export async function copyDatabase(input: { from: string; to: string; home?: string }): Promise<CopyDatabaseReport> {
  if (!/^postgres(?:ql)?:\/\//i.test(input.to)) {
    throw new StationError('db-copy-bad-target', `the target must be a postgres:// URL, not "${input.to.split('@').pop()}"`);
  }
  if (/^postgres(?:ql)?:\/\//i.test(input.from)) {
    throw new StationError('db-copy-bad-source', 'the source must be a station\'s SQLite database, not PostgreSQL');
  }
  const source = await openDatabase<Database>({ url: input.from });
  let target: CetakDatabase<Database> | null = null;
  try {
    await migrateToLatest(source.kysely, migrations);
    target = await openDatabase<Database>({ url: input.to });
    const occupied = await occupiedTables(target.kysely);
    if (occupied.length > 0) {
      throw new StationError('db-copy-target-not-empty', `${target.location} already holds cetak data (${occupied.join(', ')}); copy only into an empty database`, { target: target.location });
    }
    await migrateToLatest(target.kysely, migrations);
    const to = target;
    return await source.kysely.transaction().execute((src) =>
      to.kysely.transaction().execute(async (dst) => {
        for (const [table, key] of COPY_ORDER) await copyTable(src, dst, table, key);
        const images = await copyImages(src, dst, input.home ?? dirname(source.location));
        const head = await src.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
        await dst.updateTable('audit_head').set({ seq: head.seq, hash: head.hash }).where('id', '=', 1).execute();
        return compare(src, dst, source.location, to.location, images);
      }),
    );
  } finally {
    await target?.close();
    await source.close();
  }
}

/** Tables of ours in the target that hold rows (an untouched chain head does not count). */
async function occupiedTables(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(db);
  const present = new Set(rows.map((r) => r.name));
  const occupied: string[] = [];
  for (const table of TABLES) {
    if (!present.has(table)) continue;
    const n = await countRows(db, table);
    if (n > 0) occupied.push(`${n} row(s) in ${table}`);
  }
  if (present.has('audit_head')) {
    const head = await db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirst();
    if (head && head.seq > 0) occupied.push(`an audit chain at seq ${head.seq}`);
  }
  return occupied;
}

async function countRows(db: Kysely<Database>, table: CopiedTable): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function copyTable(src: Transaction<Database>, dst: Transaction<Database>, table: CopiedTable, key: readonly string[]): Promise<void> {
  // Table names vary here, so the typed builder cannot follow: go untyped for this generic loop.
  const from = src as unknown as Kysely<any>;
  const into = dst as unknown as Kysely<any>;
  const page = BATCH_ROWS * 10;
  // Keyset paging on single keys; stock_balances (composite key, a few hundred rows) is read whole.
  let after: unknown = undefined;
  for (;;) {
    let query = from.selectFrom(table).selectAll();
    if (key.length === 1 && after !== undefined) query = query.where(key[0]!, '>', after);
    for (const k of key) query = query.orderBy(k);
    if (key.length === 1) query = query.limit(page);
    const rows = (await query.execute()) as Record<string, unknown>[];
    for (let i = 0; i < rows.length; i += BATCH_ROWS) {
      await into.insertInto(table).values(rows.slice(i, i + BATCH_ROWS)).execute();
    }
    if (key.length !== 1 || rows.length < page) return;
    after = rows[rows.length - 1]![key[0]!];
  }
}

interface CopiedImages {
  readonly count: number;
  readonly problems: readonly string[];
}

/**
 * Every image a record names, read from the source's folder and inserted into the target's
 * `record_images`. The bytes must match the hash in the path: a damaged copy is not moved on.
 */
async function copyImages(src: Transaction<Database>, dst: Transaction<Database>, home: string): Promise<CopiedImages> {
  const paths = new Set<string>();
  for (const r of await src.selectFrom('records').select(['photo_path', 'signature_path']).execute()) {
    paths.add(r.photo_path);
    paths.add(r.signature_path);
  }
  const folder = folderImageStore(home);
  const problems: string[] = [];
  let batch: { sha256: string; format: 'jpeg' | 'png'; bytes: Buffer; stored_at: string }[] = [];
  let batchBytes = 0;
  const flush = async () => {
    if (batch.length > 0) await dst.insertInto('record_images').values(batch).onConflict((oc) => oc.column('sha256').doNothing()).execute();
    batch = [];
    batchBytes = 0;
  };
  const at = isoNow(systemClock);
  for (const path of [...paths].sort()) {
    let key;
    let bytes: Uint8Array;
    try {
      key = imageKeyOfPath(path);
      bytes = await folder.read(path);
    } catch {
      problems.push(`record image ${path} is missing from ${home}`);
      continue;
    }
    if (createHash('sha256').update(bytes).digest('hex') !== key.sha256) {
      problems.push(`record image ${path} in ${home} is damaged (its bytes do not match its name)`);
      continue;
    }
    batch.push({ sha256: key.sha256, format: key.format, bytes: Buffer.from(bytes), stored_at: at });
    batchBytes += bytes.byteLength;
    // A few MiB per INSERT: memory stays flat however many records the office has.
    if (batch.length >= 100 || batchBytes >= 8 * 1024 * 1024) await flush();
  }
  await flush();
  return { count: paths.size, problems };
}

async function compare(src: Transaction<Database>, dst: Transaction<Database>, sourceName: string, targetName: string, images: CopiedImages): Promise<CopyDatabaseReport> {
  const differences: string[] = [...images.problems];
  const copied = Number((await dst.selectFrom('record_images').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  if (images.problems.length === 0 && copied !== images.count) differences.push(`record images: ${images.count} named by the records, ${copied} in the target`);
  const rows = {} as Record<CopiedTable, number>;
  for (const table of TABLES) {
    const [a, b] = [await countRows(src, table), await countRows(dst, table)];
    rows[table] = a;
    if (a !== b) differences.push(`${table}: ${a} rows in the source, ${b} in the target`);
  }
  const blanksOf = async (db: Transaction<Database>) =>
    Object.fromEntries((await db.selectFrom('stock_balances').select(['bucket', 'quantity']).where('item', '=', 'blank').orderBy('bucket').execute()).map((r) => [r.bucket, Number(r.quantity)]));
  const [blanksA, blanksB] = [await blanksOf(src), await blanksOf(dst)];
  for (const bucket of new Set([...Object.keys(blanksA), ...Object.keys(blanksB)])) {
    if (blanksA[bucket] !== blanksB[bucket]) differences.push(`blanks ${bucket}: ${blanksA[bucket] ?? 0} in the source, ${blanksB[bucket] ?? 0} in the target`);
  }
  const headOf = (db: Transaction<Database>) => db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  const [headA, headB] = [await headOf(src), await headOf(dst)];
  if (headA.seq !== headB.seq || headA.hash !== headB.hash) {
    differences.push(`audit head: seq ${headA.seq} ${headA.hash.slice(0, 12)}… in the source, seq ${headB.seq} ${headB.hash.slice(0, 12)}… in the target`);
  }
  // The copied chain must verify link by link up to that head, on the target's own reading of the rows.
  const chain = await verifyAuditLog({ db: dst, dialect: 'postgres', clock: systemClock, stationId: 'db-copy', home: '', log: silentLogger() } satisfies StationContext);
  if (!chain.ok) differences.push(`the copied audit chain does not verify: ${chain.problems.map((p) => `row ${p.seq} ${p.kind}`).join(', ')}`);
  if (differences.length > 0) {
    throw new StationError('db-copy-mismatch', `the copy does not match its source, so nothing was kept: ${differences.join('; ')}`);
  }
  return { rows, blanks: blanksA, auditHead: { seq: headA.seq, hash: headA.hash }, images: images.count, source: sourceName, target: targetName };
}
