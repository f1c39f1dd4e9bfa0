import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../db/open-database.js';
import { describeDatabaseContract } from '../../support/database-contract.js';
import type { ContractTables } from '../../support/database-contract.js';

describeDatabaseContract('SQLite', async () => {
  const scratch = await mkdtemp(join(tmpdir(), 'cetak-contract-'));
  const db = await openDatabase<ContractTables>({ url: join(scratch, 'cetak.sqlite') });
  return {
    db,
    async dispose() {
      await db.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
});
