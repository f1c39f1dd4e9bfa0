import { afterAll, beforeAll } from 'vitest';
import { openDatabase } from '../../../db/open-database.js';
import { describeDatabaseContract } from '../../support/database-contract.js';
import type { ContractTables } from '../../support/database-contract.js';
import { createTestDatabase, startPostgresServer } from '../../support/postgres-server.js';
import type { PostgresServer } from '../../support/postgres-server.js';

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgresServer();
});
afterAll(async () => {
  await server?.stop();
});

describeDatabaseContract('PostgreSQL', async () => {
  const database = await createTestDatabase(server);
  const db = await openDatabase<ContractTables>({ url: database.url });
  return {
    db,
    async dispose() {
      await db.close();
      await database.drop();
    },
  };
});
