import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../../src/station/audit/audit-verify.js';
import { verifyLedger } from '../../../src/station/stock/ledger-verify.js';
import { stopSharedPostgresServer } from '../../support/postgres-server.js';
import { createOffice } from './office-fixture.js';

afterAll(() => stopSharedPostgresServer());

const JOBS = Number(process.env['CETAK_CONTENTION_JOBS'] ?? 400);

describe('four stations with two printers each on one PostgreSQL', () => {
  it('print every job exactly once; blanks balance; the audit chain verifies', async () => {
    const office = await createOffice({ stations: 4, printersPerStation: 2, jobs: JOBS, model: 'datacard-cd800' });
    try {
      await office.start();
      const t0 = performance.now();
      await office.loadRibbons();
      await office.waitFor(`${JOBS} printed`, async () => (await office.jobStates())['printed'] === JOBS, 120_000);
      const seconds = (performance.now() - t0) / 1000;
      console.log(`${JOBS} jobs on 4 stations x 2 printers: ${seconds.toFixed(1)} s, ${(JOBS / seconds).toFixed(1)} jobs/s`);

      const printed = office.cards().filter((c) => c.outcome === 'printed');
      expect(printed).toHaveLength(JOBS);
      expect(new Set(printed.map((c) => c.sha256)).size).toBe(JOBS);
      // Every station took part: the queue really was shared.
      const perStation = new Map<string, number>();
      for (const c of printed) perStation.set(c.printer.replace(/-p\d+$/, ''), (perStation.get(c.printer.replace(/-p\d+$/, '')) ?? 0) + 1);
      expect([...perStation.keys()].sort()).toEqual(['ws-1', 'ws-2', 'ws-3', 'ws-4']);

      const attempts = await office.admin.db.selectFrom('attempts').select(['state', 'job_id', 'station_id']).execute();
      expect(attempts.filter((a) => a.state === 'printed')).toHaveLength(JOBS);
      expect(new Set(attempts.filter((a) => a.state === 'printed').map((a) => a.job_id)).size).toBe(JOBS);
      expect(attempts.every((a) => a.state === 'printed')).toBe(true);
      expect(await verifyLedger(office.admin)).toEqual([]);
      expect(await verifyAuditLog(office.admin)).toMatchObject({ ok: true });
    } finally {
      await office.cleanup();
    }
  }, 180_000);
});
