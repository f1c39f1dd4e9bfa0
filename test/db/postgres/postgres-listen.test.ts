import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANGES_CHANNEL, isConnectionError, migrateToLatest, migrations, openDatabase, writeTransaction } from '../../../db/index.js';
import type { Database } from '../../../db/schema.js';
import { createTestDatabase, startPostgresServer, type PostgresServer } from '../../support/postgres-server.js';

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgresServer();
});
afterAll(async () => {
  await server?.stop();
});

function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const tick = () => {
      if (check()) resolve();
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(tick, 20);
    };
    tick();
  });
}

describe('PostgreSQL change notifications', () => {
  it('tells a listener the tables a commit touched, once per table, and nothing for a rollback', async () => {
    const database = await createTestDatabase(server);
    const db = await openDatabase<Database>({ url: database.url });
    try {
      await migrateToLatest(db.kysely, migrations);
      const heard: string[] = [];
      let up = false;
      const listener = db.listen!(CHANGES_CHANNEL, { onNotify: (p) => heard.push(p), onState: (s) => (up = s === 'connected') });
      await until(() => up, 'the listener to connect');
      await writeTransaction(db, async (trx) => {
        await trx.insertInto('stations').values({ id: 's1', name: 's1', created_at: 'x' }).execute();
        await trx.insertInto('printers').values({ id: 'p1', name: 'P1', family: 'evolis', uri: 'sim://x', station_id: 's1', simulated: 1, created_at: 'x' }).execute();
        await trx.updateTable('printers').set({ name: 'P1b' }).execute();
      });
      await expect(writeTransaction(db, async (trx) => {
        await trx.insertInto('operators').values({ id: 'o', name: 'O', role: 'operator', pin_hash: 'x', created_at: 'x', created_by: 'x', disabled_at: null }).execute();
        throw new Error('changed my mind');
      })).rejects.toThrow('changed my mind');
      await until(() => heard.length >= 1, 'a notification');
      await new Promise((r) => setTimeout(r, 200));
      expect(heard).toEqual(['printers']);
      await listener.close();
    } finally {
      await db.close();
      await database.drop();
    }
  });

  it('survives the server going away: queries fail as connection errors, the listener reconnects and says so', async () => {
    const database = await createTestDatabase(server);
    const db = await openDatabase<Database>({ url: database.url });
    const states: string[] = [];
    try {
      await migrateToLatest(db.kysely, migrations);
      db.listen!(CHANGES_CHANNEL, { onNotify: () => undefined, onState: (s) => states.push(s), minBackoffMs: 50, maxBackoffMs: 200 });
      await until(() => states.includes('connected'), 'the listener to connect');
      await server.kill!();
      await until(() => states.includes('disconnected'), 'the listener to notice');
      const error = await db.kysely.selectFrom('jobs').selectAll().execute().catch((e: unknown) => e);
      expect(isConnectionError(error)).toBe(true);
      await server.restart!();
      await until(() => states.filter((s) => s === 'connected').length === 2, 'the listener to reconnect');
      expect(await db.kysely.selectFrom('jobs').selectAll().execute()).toEqual([]);
    } finally {
      await db.close();
      await database.drop();
    }
  });
});
