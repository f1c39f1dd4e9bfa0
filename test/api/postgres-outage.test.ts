import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RuntimeBackend } from '../../src/api/runtime/runtime-backend.js';
import { startApiServer } from '../../src/api/socket-server.js';
import type { StationSnapshot } from '../../src/api/views.js';
import { silentLogger } from '../../src/station/logger.js';
import { stopSharedPostgresServer } from '../support/postgres-server.js';
import { createOffice } from '../station/postgres/office-fixture.js';
import { RawClient, type Message } from './api-harness.js';

afterAll(() => stopSharedPostgresServer());

type Station = Pick<StationSnapshot, 'station' | 'alerts'>;

/** The picture a client holds: the snapshot with every patch applied since. */
function picture(client: RawClient): Station | null {
  let state: Station | null = null;
  for (const m of client.messages as (Message & { snapshot?: Station; station?: Station['station']; alerts?: Station['alerts'] })[]) {
    if (m.type === 'snapshot') state = m.snapshot!;
    else if (m.type === 'patch' && state) state = { station: m.station ?? state.station, alerts: m.alerts ?? state.alerts };
  }
  return state;
}

describe('the PostgreSQL server goes away while consoles are attached', () => {
  it('shows "database unreachable since hh:mm" within seconds, to attached and new consoles, and says why requests fail', async () => {
    const office = await createOffice({ stations: 1, printersPerStation: 1, jobs: 6, model: 'datacard-cd800' });
    const dir = await mkdtemp(join(tmpdir(), 'cetak-pg-outage-'));
    const clients: RawClient[] = [];
    let down = false;
    const { runtime } = office.stations[0]!;
    const backend = new RuntimeBackend(runtime, { dialect: 'postgres', location: 'test' });
    const server = await startApiServer({ backend, operatorSocketPath: join(dir, 'op.sock'), technicianSocketPath: join(dir, 'tech.sock'), log: silentLogger(), patchIntervalMs: 20 });
    const connect = async () => {
      const c = await RawClient.connect(join(dir, 'op.sock'));
      clients.push(c);
      await c.request('subscribe');
      await c.waitFor((m) => m.type === 'snapshot');
      return c;
    };
    try {
      await office.start();
      const attached = await connect();
      expect(picture(attached)!.station.database.state).toBe('ok');

      await office.server.kill!();
      down = true;
      const killedAt = Date.now();
      const waitForPicture = async (client: RawClient, check: (p: Station) => boolean) => {
        while (!check(picture(client)!)) {
          if (Date.now() - killedAt > 15_000) throw new Error(`the console still shows ${JSON.stringify(picture(client)!.station.database)}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      await waitForPicture(attached, (p) => p.station.database.state === 'unreachable');
      console.log(`header changed ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the server stopped`);
      const seen = picture(attached)!;
      expect(seen.station.database.unreachableSince).not.toBeNull();
      expect(seen.alerts[0]).toMatchObject({ level: 'critical', code: 'database-unreachable', message: expect.stringMatching(/^database unreachable since \d\d:\d\d: no new card starts/) });

      // A console that attaches during the outage is told at once, not handed a cached "ok".
      const late = await connect();
      expect(picture(late)!.station.database).toMatchObject({ state: 'unreachable', unreachableSince: seen.station.database.unreachableSince });

      // Requests say why they did not happen.
      const signIn = await late.request('sign-in', { operatorId: 'sup', pin: '123456' });
      expect(signIn.error).toMatchObject({ code: 'database-unreachable', message: expect.stringContaining('the database is unreachable') });
      const page = await late.request('jobs.page', { filter: {}, offset: 0, limit: 5 });
      expect(page.error?.code).toBe('database-unreachable');

      await office.server.restart!();
      down = false;
      await office.waitFor('the header to clear', async () => picture(attached)!.station.database.state === 'ok' && !picture(attached)!.alerts.some((a) => a.code === 'database-unreachable'), 30_000);
      expect((await late.request('jobs.page', { filter: {}, offset: 0, limit: 5 })).ok).toBe(true);
    } finally {
      for (const c of clients) await c.close();
      await server.close();
      if (down) await office.server.restart!().catch(() => undefined);
      await office.cleanup();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
