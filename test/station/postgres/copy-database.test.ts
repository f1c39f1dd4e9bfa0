import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerDbCommand } from '../../../src/cli/commands/db-command.js';
import type { Output } from '../../../src/cli/output.js';
import { beginAttempt, finishAttempt } from '../../../src/station/jobs/attempts.js';
import { verifyAuditLog } from '../../../src/station/audit/audit-verify.js';
import { copyDatabase } from '../../../src/station/db-copy/copy-database.js';
import { importFile } from '../../../src/station/import/import-file.js';
import { verifyLedger } from '../../../src/station/stock/ledger-verify.js';
import { openStation } from '../../../src/station/open-station.js';
import { renderJob } from '../../../src/station/jobs/job-card.js';
import { defaultCardLayout } from '../../../src/station/render/index.js';
import { defineConsumableType, loadRoll, receiveBlanks, receiveRolls } from '../../../src/station/stock/stock-service.js';
import { writeRecordsFile } from '../../fixtures/records-fixture.js';
import { addPrinter, createStationFixture, stopTestPostgres, type StationFixture } from '../../fixtures/station-fixture.js';
import { createTestDatabase, sharedPostgresServer, type TestDatabase } from '../../support/postgres-server.js';

afterAll(() => stopTestPostgres());

let fx: StationFixture;
let target: TestDatabase;
let dir: string;
const sqlitePath = () => fx.databaseUrl;

beforeEach(async () => {
  fx = await createStationFixture();
  dir = await mkdtemp(join(tmpdir(), 'cetak-copy-'));
  const { path } = await writeRecordsFile(dir, 6);
  await importFile(fx.station, fx.operator, path);
  await addPrinter(fx.station, 'p1', 'datacard');
  await receiveBlanks(fx.station, fx.operator, { documentNo: 'BA-1', quantity: 20 });
  const type = await defineConsumableType(fx.station, fx.operator, { family: 'datacard', kind: 'ribbon', nominalImages: 100 });
  const [roll] = await receiveRolls(fx.station, fx.operator, { typeId: type, count: 1, lot: 'R' });
  await loadRoll(fx.station, fx.operator, { rollId: roll!, printerId: 'p1' });
  const jobs = (await fx.station.db.selectFrom('jobs').select('id').orderBy('id').execute()).map((j) => j.id);
  for (const [i, jobId] of jobs.slice(0, 4).entries()) {
    const began = await beginAttempt(fx.station, { jobId, printerId: 'p1', sides: 1, needsFilm: false });
    await finishAttempt(fx.station, { attemptId: began!.attemptId, outcome: i === 3 ? 'unknown' : i === 2 ? 'spoiled' : 'printed' });
  }
  target = await createTestDatabase(await sharedPostgresServer());
});
afterEach(async () => {
  await fx.cleanup();
  await target.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('cetak db copy', () => {
  it('moves a station into an empty PostgreSQL database and verifies counts, blanks and the audit chain head', async () => {
    const head = await fx.station.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    const report = await copyDatabase({ from: sqlitePath(), to: target.url });
    expect(report.rows).toMatchObject({ records: 6, jobs: 6, attempts: 4, printers: 1, operators: 3 });
    expect(report.blanks).toMatchObject({ 'in-stock': 16, printed: 2, spoiled: 1, 'in-doubt': 1 });
    expect(report.auditHead).toEqual({ seq: head.seq, hash: head.hash });
    const paths = await fx.station.db.selectFrom('records').select(['photo_path', 'signature_path']).execute();
    expect(report.images).toBe(new Set(paths.flatMap((p) => [p.photo_path, p.signature_path])).size);

    // The office now runs on PostgreSQL: same ledger, same chain, and it keeps working, from a data
    // folder of its own (no images/ folder): the cards come from the images in the database.
    const newHome = await mkdtemp(join(tmpdir(), 'cetak-copy-home-'));
    const office = await openStation({ home: newHome, databaseUrl: target.url, stationId: 'ws-test' });
    try {
      for (const { id } of await fx.station.db.selectFrom('jobs').select('id').execute()) {
        const before = await renderJob(fx.station, id, defaultCardLayout());
        const after = await renderJob(office, id, defaultCardLayout());
        expect(after.ok && before.ok && Buffer.from(after.preview.data).equals(Buffer.from(before.preview.data))).toBe(true);
      }
      expect(await verifyLedger(office)).toEqual([]);
      expect(await verifyAuditLog(office)).toMatchObject({ ok: true, count: head.seq });
      const queued = await office.db.selectFrom('jobs').select('id').where('state', '=', 'queued').orderBy('id').execute();
      const began = await beginAttempt(office, { jobId: queued[0]!.id, printerId: 'p1', sides: 1, needsFilm: false });
      await finishAttempt(office, { attemptId: began!.attemptId, outcome: 'printed' });
      // Three rows to begin (job, blank, images) and three to finish: the chain goes on from the copied head.
      expect(await verifyAuditLog(office)).toMatchObject({ ok: true, count: head.seq + 6 });
    } finally {
      await office.close();
      await rm(newHome, { recursive: true, force: true });
    }
    // A second copy into the same database is refused before anything is written.
    await expect(copyDatabase({ from: sqlitePath(), to: target.url })).rejects.toMatchObject({ code: 'db-copy-target-not-empty', message: expect.stringMatching(/row\(s\) in jobs/) });
  });

  it('refuses, keeping nothing, when the copy would not verify, and says what differs', async () => {
    // A chain edited behind its back in the source: the copy must not launder it.
    await fx.station.db.updateTable('audit_log').set({ actor: 'someone-else' }).where('seq', '=', 3).execute();
    await expect(copyDatabase({ from: sqlitePath(), to: target.url })).rejects.toMatchObject({ code: 'db-copy-mismatch', message: expect.stringMatching(/audit chain does not verify: row 3/) });
    const office = await openStation({ home: fx.home, databaseUrl: target.url, stationId: 'ws-test' });
    try {
      expect(await office.db.selectFrom('jobs').select('id').execute()).toEqual([]);
    } finally {
      await office.close();
    }
  });

  it('refuses, keeping nothing, when a record image is missing from the data folder', async () => {
    const { photo_path } = await fx.station.db.selectFrom('records').select('photo_path').executeTakeFirstOrThrow();
    await rm(join(fx.home, photo_path));
    await expect(copyDatabase({ from: sqlitePath(), to: target.url })).rejects.toMatchObject({ code: 'db-copy-mismatch', message: expect.stringContaining(`record image ${photo_path} is missing`) });
    const office = await openStation({ home: fx.home, databaseUrl: target.url, stationId: 'ws-test' });
    try {
      expect(await office.db.selectFrom('record_images').select('sha256').execute()).toEqual([]);
    } finally {
      await office.close();
    }
  });

  it('runs as a command, printing what it verified', async () => {
    const lines: string[] = [];
    const output: Output = { out: (l) => lines.push(l), err: (l) => lines.push(l) };
    const program = new Command('cetak').exitOverride();
    registerDbCommand(program, output, () => ({ home: fx.home, database: sqlitePath() }));
    for (const c of program.commands) c.exitOverride();
    await program.parseAsync(['node', 'cetak', 'db', 'copy', '--to', target.url]);
    expect(lines.join('\n')).toMatch(/jobs\s+6 rows/);
    expect(lines.join('\n')).toMatch(/record images\s+\d+/);
    expect(lines.join('\n')).toMatch(/verified: row counts, blank balances and the audit chain head match/);
    expect(lines.join('\n')).not.toContain(new URL(target.url).password);
  });
});
