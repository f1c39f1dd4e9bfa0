/**
 * A 100,000-job office (issue 19 item 5): the station time of the Queue screen's reads — the first
 * page, the end (`G`), a NIK-prefix filter and a name-word filter (each a count and a page, as one
 * `jobs.page` request) — with about 650 cards printed. "before" is the query as it was (a page with
 * a correlated latest-attempt subquery, a count over the join, no `attempts_by_job` and no
 * `jobs_queue_order`), "after" is `jobsPage` with migration 161's indexes, on the same database in
 * the same run. Target: every read ≤ 50 ms.
 * Run: npx tsx bench/jobs-page.bench.ts (BENCH_JOBS=100000, BENCH_PRINTED=650)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { writeTransaction } from '../db/transaction.js';
import { ManualClock } from '../src/station/clock.js';
import { jobsPage, toJobRow, type JobFilter, type JobsPage } from '../src/station/jobs/jobs-page.js';
import { openStation, type OpenStation } from '../src/station/open-station.js';

const JOBS = Number(process.env['BENCH_JOBS'] ?? 100_000);
const PRINTED = Number(process.env['BENCH_PRINTED'] ?? 650);
const PAGE = 20;
const RUNS = 7;

const NAMES = ['SITI', 'AHMAD', 'PUTU', 'MADE', 'KETUT', 'NYOMAN', 'WAYAN', 'DEWI', 'RINA', 'BUDI', 'AGUS', 'SRI', 'NUR', 'EKA', 'DWI'];
const REGIONS = ['5371', '5372', '5301', '5302', '6471', '3171', '3273', '7371'];

async function seed(station: OpenStation): Promise<void> {
  let rnd = 42;
  const next = () => (rnd = (rnd * 1103515245 + 12345) % 2147483648) >> 8;
  await station.db.insertInto('printers').values({ id: 'p1', name: 'P1', uri: 'sim://evolis-primacy', family: 'evolis', station_id: 'bench', simulated: 1, created_at: 'x' }).execute();
  await station.db.insertInto('printers').values({ id: 'p2', name: 'P2', uri: 'sim://evolis-primacy', family: 'evolis', station_id: 'bench', simulated: 1, created_at: 'x' }).execute();
  await writeTransaction(station.db, async (trx) => {
    const BATCH = 400;
    for (let i = 0; i < JOBS; i += BATCH) {
      const records = [];
      const jobs = [];
      for (let j = i; j < Math.min(JOBS, i + BATCH); j++) {
        const nik = `${REGIONS[next() % REGIONS.length]}${String(next() % 1_000_000_000_000).padStart(12, '0')}`;
        const name = `${NAMES[next() % NAMES.length]} ${NAMES[next() % NAMES.length]} ${j}`;
        const id = String(j).padStart(7, '0');
        records.push({
          id: `rec-${id}`, nik, content_sha256: `sha-${id}`, name, province: 'BALI', regency: 'DENPASAR', birth_place: 'DENPASAR', birth_date: '1990-01-01', sex: 'male' as const,
          blood_type: '-', address: 'JL. X', rt_rw: '001/002', village: 'V', district: 'D', religion: 'ISLAM', marital_status: 'KAWIN', occupation: 'X', nationality: 'WNI',
          valid_until: 'SEUMUR HIDUP', issue_place: 'DENPASAR', issue_date: '2026-11-01', priority: 'first-card' as const, photo_path: 'images/x.jpg', signature_path: 'images/y.png',
          source_file: 'bench.csv', source_row: j, source_batch: 'bench', imported_at: '2026-11-01T00:00:00Z', imported_by: 'bench',
        });
        const queuedAt = new Date(Date.UTC(2026, 10, 1) + j * 1000).toISOString();
        jobs.push({ id: `job-${id}`, record_id: `rec-${id}`, state: j < PRINTED ? 'printed' : 'queued', state_reason: null, priority_rank: next() % 3, queued_at: queuedAt, updated_at: queuedAt });
      }
      await trx.insertInto('records').values(records).execute();
      await trx.insertInto('jobs').values(jobs).execute();
    }
    for (let j = 0; j < PRINTED; j += BATCH) {
      const attempts = [];
      for (let k = j; k < Math.min(PRINTED, j + BATCH); k++) {
        const id = String(k).padStart(7, '0');
        const at = new Date(Date.UTC(2026, 10, 2) + k * 30_000).toISOString();
        attempts.push({ id: `att-${id}`, job_id: `job-${id}`, printer_id: k % 2 ? 'p1' : 'p2', station_id: 'bench', state: 'printed', sides: 1, film_roll_id: null, ribbon_roll_id: null, started_at: at, finished_at: at, reason: null, resolved_by: null });
      }
      await trx.insertInto('attempts').values(attempts).execute();
    }
  });
}

/** The page as it was before migration 161 and this rewrite (kept here to measure against). */
async function jobsPageBefore(station: OpenStation, input: { filter: JobFilter; offset: number; limit: number }): Promise<JobsPage> {
  const text = input.filter.text?.trim() ?? '';
  const base = station.db.selectFrom('jobs').innerJoin('records', 'records.id', 'jobs.record_id');
  const filtered = () => {
    let q = base;
    if (input.filter.states?.length) q = q.where('jobs.state', 'in', [...input.filter.states]);
    if (text === '') return q;
    if (/^\d+$/.test(text)) return q.where(sql<boolean>`records.nik like ${`${text}%`}`);
    return q.where((eb) => eb.or([eb(sql`lower(records.name)`, 'like', `${text.toLowerCase()}%`), eb(sql`lower(records.name)`, 'like', `% ${text.toLowerCase()}%`)]));
  };
  const counted = await filtered().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await filtered()
    .select(['jobs.id', 'records.nik', 'records.name', 'jobs.priority_rank', 'jobs.state', 'jobs.state_reason', 'jobs.queued_at',
      (eb) => eb.selectFrom('attempts').select('attempts.printer_id').whereRef('attempts.job_id', '=', 'jobs.id').orderBy('attempts.started_at', 'desc').limit(1).as('printer_id')])
    .orderBy('jobs.priority_rank').orderBy('jobs.queued_at').orderBy('jobs.id').limit(input.limit).offset(input.offset).execute();
  return { total: Number(counted.n), offset: input.offset, rows: rows.map(toJobRow) };
}

type PageFn = typeof jobsPageBefore;
const CASES: readonly { label: string; filter: JobFilter; end?: true }[] = [
  { label: 'first page', filter: {} },
  { label: 'end (G)', filter: {}, end: true },
  { label: 'filter NIK 5371', filter: { text: '5371' } },
  { label: 'filter name "dewi"', filter: { text: 'dewi' } },
  { label: 'queued only, end', filter: { states: ['queued'] }, end: true },
];

async function measure(station: OpenStation, page: PageFn): Promise<Map<string, { ms: number; page: JobsPage }>> {
  const out = new Map<string, { ms: number; page: JobsPage }>();
  for (const c of CASES) {
    const times: number[] = [];
    let last!: JobsPage;
    for (let r = 0; r < RUNS; r++) {
      let offset = 0;
      const t = performance.now();
      if (c.end) {
        // `G`: the console knows the total from the page it shows and asks for the last one.
        const { total } = await page(station, { filter: c.filter, offset: 0, limit: PAGE });
        offset = Math.max(0, total - PAGE);
      }
      last = await page(station, { filter: c.filter, offset, limit: PAGE });
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    out.set(c.label, { ms: times[Math.floor(RUNS / 2)]!, page: last });
  }
  return out;
}

const dir = await mkdtemp(join(tmpdir(), 'cetak-bench-jobs-'));
try {
  const station = await openStation({ home: dir, clock: new ManualClock('2026-12-01T02:00:00Z'), stationId: 'bench' });
  let t = performance.now();
  await seed(station);
  console.log(`seeded ${JOBS.toLocaleString('en')} jobs, ${PRINTED} printed, in ${((performance.now() - t) / 1000).toFixed(1)} s (not counted)`);
  await sql`drop index attempts_by_job`.execute(station.db);
  await sql`drop index jobs_queue_order`.execute(station.db);
  await sql`drop index records_nik_id`.execute(station.db);
  await sql`drop index jobs_by_record`.execute(station.db);
  const before = await measure(station, jobsPageBefore);
  await sql`create index attempts_by_job on attempts (job_id, started_at)`.execute(station.db);
  await sql`create index jobs_queue_order on jobs (priority_rank, queued_at, id)`.execute(station.db);
  await sql`create index records_nik_id on records (nik, id)`.execute(station.db);
  await sql`create index jobs_by_record on jobs (record_id, state, priority_rank, queued_at, id)`.execute(station.db);
  const after = await measure(station, jobsPage);
  console.log(`jobs.page at ${JOBS.toLocaleString('en')} jobs (${PRINTED} printed), median of ${RUNS}, station ms (target <= 50 ms):`);
  for (const c of CASES) {
    const b = before.get(c.label)!;
    const a = after.get(c.label)!;
    // Same answer before and after: the rewrite changes the cost, not the page.
    const same = JSON.stringify(a.page) === JSON.stringify(b.page);
    console.log(`  ${c.label.padEnd(22)} before ${b.ms.toFixed(1).padStart(7)} ms   after ${a.ms.toFixed(1).padStart(6)} ms   total ${a.page.total}${same ? '' : '   PAGES DIFFER'}`);
    if (!same) process.exitCode = 1;
  }
  console.log(`  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  await station.close();
} finally {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}
