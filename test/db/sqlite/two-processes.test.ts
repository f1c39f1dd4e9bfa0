import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/open-database.js';
import type { MigrateResult, WritersResult } from '../../support/two-writers-child.js';
import { RACE_MIGRATIONS } from '../../support/two-writers-child.js';

const CHILD = fileURLToPath(new URL('../../support/two-writers-child.ts', import.meta.url));
const ROWS_PER_WRITER = 250;

let scratch: string;
let path: string;
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cetak-two-'));
  path = join(scratch, 'cetak.sqlite');
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

interface Child {
  readonly process: ChildProcess;
  readonly ready: Promise<void>;
  readonly result: Promise<unknown>;
  readonly exited: Promise<number | null>;
}

function startChild(args: string[]): Child {
  const child = fork(CHILD, args, {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, CETAK_TWO_WRITERS_CHILD: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages: unknown[] = [];
  const waiters: Array<() => void> = [];
  child.on('message', (m) => {
    messages.push(m);
    waiters.splice(0).forEach((w) => w());
  });
  const nth = (n: number) =>
    new Promise<unknown>((resolve, reject) => {
      const check = () => (messages.length > n ? resolve(messages[n]) : waiters.push(check));
      child.once('exit', (code) => reject(new Error(`child ${args.join(' ')} exited with ${code} before message ${n}`)));
      check();
    });
  return {
    process: child,
    ready: nth(0).then(() => undefined),
    result: nth(1),
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
}

/** Starts both children, waits until both have opened the database, then lets them go together. */
async function race(mode: string, extra: string[] = []): Promise<unknown[]> {
  const children = ['a', 'b'].map((label) => startChild([mode, path, label, ...extra]));
  try {
    await Promise.all(children.map((c) => c.ready));
    children.forEach((c) => c.process.send('go'));
    const results = await Promise.all(children.map((c) => c.result));
    expect(await Promise.all(children.map((c) => c.exited))).toEqual([0, 0]);
    return results;
  } finally {
    children.forEach((c) => c.process.kill());
  }
}

describe('two processes on one SQLite file', () => {
  it('both write in read-then-write loops at once without SQLITE_BUSY, and every row is there', async () => {
    const setup = await openDatabase<any>({ url: path });
    await sql`create table entry (seq integer primary key, writer text not null)`.execute(setup.kysely);
    await setup.close();

    const results = (await race('writers', [String(ROWS_PER_WRITER)])) as WritersResult[];
    for (const result of results) {
      expect(result).toEqual({ type: 'writers', committed: ROWS_PER_WRITER, busyErrors: 0, otherErrors: [] });
    }

    const check = await openDatabase<any>({ url: path });
    try {
      const rows: Array<{ seq: number; writer: string }> = await check.kysely
        .selectFrom('entry')
        .select(['seq', 'writer'])
        .orderBy('seq')
        .execute();
      // Sequence numbers were read and incremented inside each transaction: no gaps and no
      // duplicates means the transactions really ran one after the other.
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 2 * ROWS_PER_WRITER }, (_, i) => i + 1));
      expect(rows.filter((r) => r.writer === 'a')).toHaveLength(ROWS_PER_WRITER);
      expect(rows.filter((r) => r.writer === 'b')).toHaveLength(ROWS_PER_WRITER);
    } finally {
      await check.close();
    }
  });

  it('both migrate at once: each migration is applied exactly once and both succeed', async () => {
    const results = (await race('migrate')) as MigrateResult[];
    expect(results.map((r) => r.error)).toEqual([undefined, undefined]);
    const allApplied = results.flatMap((r) => r.applied).sort();
    expect(allApplied).toEqual(Object.keys(RACE_MIGRATIONS).sort());

    const check = await openDatabase<any>({ url: path });
    try {
      const recorded = await check.kysely.selectFrom('kysely_migration').select('name').orderBy('name').execute();
      expect(recorded.map((r: { name: string }) => r.name)).toEqual(Object.keys(RACE_MIGRATIONS).sort());
      const { count } = await check.kysely
        .selectFrom('item')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow();
      expect(count).toBe(50_000);
    } finally {
      await check.close();
    }
  });
});
