import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DatabaseError } from '../../../db/database-error.js';
import { openDatabase } from '../../../db/open-database.js';
import { postgresConnectError } from '../../../db/postgres/postgres-connect-error.js';
import { postgresTarget } from '../../../db/postgres/postgres-target.js';

const PASSWORD = 'S3cret:p@ss/word';
const ENCODED = encodeURIComponent(PASSWORD);

/** A loopback port nobody listens on: bound, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

function expectNoPassword(error: DatabaseError): void {
  const everything = [error.message, String(error.stack), JSON.stringify(error), JSON.stringify(error.details), String(error.cause)].join('\n');
  expect(everything).not.toContain(PASSWORD);
  expect(everything).not.toContain(ENCODED);
  expect(everything).not.toContain('S3cret');
}

describe('PostgreSQL connection failures', () => {
  it('are one sentence naming user@host:port/database and the reason, without the password', async () => {
    const port = await closedPort();
    const error = await openDatabase({ url: `postgres://cetak:${ENCODED}@127.0.0.1:${port}/cetak` }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseError);
    const failure = error as DatabaseError;
    expect(failure.code).toBe('db-connect-failed');
    expect(failure.message).toBe(
      `Cannot connect to PostgreSQL at cetak@127.0.0.1:${port}/cetak: connection refused, so no server is listening there (ECONNREFUSED).`,
    );
    expect(failure.details).toEqual({ host: '127.0.0.1', port, database: 'cetak', reason: 'ECONNREFUSED' });
    expectNoPassword(failure);
  });

  it('select PostgreSQL for postgresql:// URLs too', async () => {
    const port = await closedPort();
    const error = await openDatabase({ url: `postgresql://cetak:${ENCODED}@127.0.0.1:${port}/stock` }).catch(
      (e: unknown) => e,
    );
    expect((error as DatabaseError).code).toBe('db-connect-failed');
    expect((error as DatabaseError).message).toContain(`127.0.0.1:${port}/stock`);
    expectNoPassword(error as DatabaseError);
  });

  it('mask the password even when an unknown error quotes it', () => {
    const target = postgresTarget(`postgres://cetak:${ENCODED}@db.example:5433/cetak`);
    expect(target.location).toBe('cetak@db.example:5433/cetak');
    const error = postgresConnectError(target, new Error(`weird failure near ${PASSWORD} and ${ENCODED}`), PASSWORD);
    expect(error.message).toBe('Cannot connect to PostgreSQL at cetak@db.example:5433/cetak: weird failure near *** and *** (unknown).');
    expectNoPassword(error);
  });

  it('name the reason for the server-side refusals', () => {
    const target = postgresTarget('postgres://cetak@localhost/cetak');
    const reason = (code: string) => postgresConnectError(target, Object.assign(new Error('x'), { code }), undefined).message;
    expect(reason('28P01')).toContain('password authentication failed (28P01)');
    expect(reason('3D000')).toContain('the database does not exist (3D000)');
    expect(reason('ENOTFOUND')).toContain('does not resolve');
  });
});
