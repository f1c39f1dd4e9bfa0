import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startStation, type RunningStation } from '../../src/cli/commands/station-command.js';
import { beginAttempt } from '../../src/station/jobs/attempts.js';
import { importFile } from '../../src/station/import/import-file.js';
import { defineConsumableType, loadRoll, receiveBlanks, receiveRolls } from '../../src/station/stock/stock-service.js';
import { writeRecordsFile } from '../fixtures/records-fixture.js';

let home: string;
let first: RunningStation | undefined;
afterAll(async () => {
  await first?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('starting a station', () => {
  it('refuses a second station on the same sockets before it touches the first one\'s cards', async () => {
    home = await mkdtemp(join(tmpdir(), 'cetak-start-'));
    // A printer that is paused by config would still be polled; an unreachable TCP printer is
    // enough here: nothing in this test must print.
    await writeFile(join(home, 'station.json'), JSON.stringify({ station: { id: 'ws-1' }, printers: [{ id: 'p1', name: 'P1', uri: 'tcp://127.0.0.1:9', family: 'evolis' }] }));
    first = await startStation({ home }, { logFile: join(home, 'station.log') });
    const ctx = first.station;
    const by = { id: 'sup', name: 'SUP', role: 'supervisor' as const };
    await ctx.db.insertInto('operators').values({ id: 'sup', name: 'SUP', role: 'supervisor', pin_hash: 'x', created_at: 'x', created_by: 'x', disabled_at: null }).execute();
    const { path } = await writeRecordsFile(join(home, 'batch'), 1);
    await importFile(ctx, by, path);
    await receiveBlanks(ctx, by, { documentNo: 'BA', quantity: 5 });
    const [roll] = await receiveRolls(ctx, by, { typeId: await defineConsumableType(ctx, by, { family: 'evolis', kind: 'ribbon', nominalImages: 10 }), count: 1, lot: 'L' });
    await loadRoll(ctx, by, { rollId: roll!, printerId: 'p1' });
    const job = await ctx.db.selectFrom('jobs').select('id').executeTakeFirstOrThrow();
    // The first station's card in flight.
    const attempt = await beginAttempt(ctx, { jobId: job.id, printerId: 'p1', sides: 1, needsFilm: false });

    await expect(startStation({ home }, { logFile: join(home, 'station-2.log') })).rejects.toMatchObject({ code: 'station-already-running' });
    const after = await ctx.db.selectFrom('attempts').select('state').where('id', '=', attempt!.attemptId).executeTakeFirstOrThrow();
    expect(after.state).toBe('printing');
  });
});
