import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../../src/station/audit/audit-verify.js';
import { DATABASE_UNREACHABLE } from '../../../src/station/printing/dispatcher.js';
import { verifyLedger } from '../../../src/station/stock/ledger-verify.js';
import { stopSharedPostgresServer } from '../../support/postgres-server.js';
import { createOffice } from './office-fixture.js';

afterAll(() => stopSharedPostgresServer());

const JOBS = 240;

describe('the PostgreSQL server stops abruptly in the middle of a batch', () => {
  it('starts no card while it is gone, prints nothing twice, and accounts for every attempt', async () => {
    const office = await createOffice({ stations: 4, printersPerStation: 2, jobs: JOBS, model: 'datacard-cd800' });
    let down = false;
    try {
      await office.start();
      await office.loadRibbons();
      await office.waitFor('a third printed', async () => ((await office.jobStates())['printed'] ?? 0) >= JOBS / 3);
      await office.server.kill!();
      down = true;
      const killedAt = performance.now();

      // Every station notices, and no printer starts a card while the database is gone.
      await office.waitFor('every station sees the database unreachable', async () => office.stations.every((s) => s.runtime.databaseState.state === 'unreachable'), 10_000);
      const startedBefore = office.cards().length;
      await office.waitFor('printers wait for the database', async () => office.stations.some((s) => s.runtime.printers.handles.some((h) => h.waitingReason === DATABASE_UNREACHABLE)), 10_000);
      await new Promise((r) => setTimeout(r, 1_500));
      // Cards already under way may finish; none may start after the cards in flight drained.
      const inFlight = office.stations.reduce((n, s) => n + s.runtime.printers.handles.length, 0);
      expect(office.cards().length - startedBefore).toBeLessThanOrEqual(inFlight);
      const frozen = office.cards().length;
      await new Promise((r) => setTimeout(r, 1_000));
      expect(office.cards().length).toBe(frozen);
      console.log(`database down for ${((performance.now() - killedAt) / 1000).toFixed(1)} s`);

      await office.server.restart!();
      down = false;
      await office.waitFor('the batch finishes', async () => {
        const states = await office.jobStates().catch(() => ({}) as Record<string, number>);
        return (states['printed'] ?? 0) + (states['in-doubt'] ?? 0) === JOBS;
      }, 60_000).catch(async (error: Error) => {
        const waiting = office.stations.flatMap((s) => s.runtime.printers.handles.map((h) => `${h.config.id}: ${h.waitingReason ?? (h.current ? 'printing' : 'idle')}${h.lastError ? ` (${h.lastError.text})` : ''}`));
        throw new Error(`${error.message}; jobs ${JSON.stringify(await office.jobStates())}; printers ${waiting.join('; ')}`);
      });
      await office.waitFor('every station sees the database again', async () => office.stations.every((s) => s.runtime.databaseState.state === 'ok'), 10_000);

      const printed = office.cards().filter((c) => c.outcome === 'printed');
      // No card printed twice: each job's image left a printer at most once.
      expect(new Set(printed.map((c) => c.sha256)).size).toBe(printed.length);
      const attempts = await office.admin.db.selectFrom('attempts').select(['state', 'job_id']).execute();
      // Every attempt accounted for: none left printing.
      expect(attempts.filter((a) => !['printed', 'spoiled', 'not-consumed', 'in-doubt'].includes(a.state))).toEqual([]);
      const good = attempts.filter((a) => a.state === 'printed');
      expect(good.length).toBe(printed.length);
      expect(good.length + attempts.filter((a) => a.state === 'in-doubt').length).toBe(JOBS);
      expect(await verifyLedger(office.admin)).toEqual([]);
      expect(await verifyAuditLog(office.admin)).toMatchObject({ ok: true });
    } finally {
      if (down) await office.server.restart!().catch(() => undefined);
      await office.cleanup();
    }
  }, 150_000);
});
