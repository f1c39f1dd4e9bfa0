import { spawn } from 'node:child_process';
import { lstat, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, REQUEST_OPS, type RequestOp } from '../../src/api/protocol.js';
import { startApiServer } from '../../src/api/socket-server.js';
import { finishAttempt, beginAttempt } from '../../src/station/jobs/attempts.js';
import { silentLogger } from '../../src/station/logger.js';
import { createApiHarness, RawClient, type ApiHarness, type Message } from './api-harness.js';
import { validParams } from './op-params.js';
import { t } from '../../src/i18n/i18n.js';

let h: ApiHarness;
const clients: RawClient[] = [];

beforeEach(async () => {
  h = await createApiHarness();
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await h.cleanup();
});

async function connect(path = h.operatorSocket): Promise<RawClient> {
  const client = await RawClient.connect(path);
  clients.push(client);
  return client;
}

async function signedIn(operatorId = 'sup', pin = '1234', path = h.operatorSocket): Promise<RawClient> {
  const client = await connect(path);
  const answer = await client.request('sign-in', { operatorId, pin });
  expect(answer.ok).toBe(true);
  return client;
}

const jobState = async (id: string) => (await h.fx.station.db.selectFrom('jobs').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;
const lastAudit = async () => h.fx.station.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').executeTakeFirstOrThrow();

describe('socket server: sign-in', () => {
  it('signs an operator in with ID and PIN and attributes actions to them', async () => {
    const client = await connect();
    const answer = await client.request('sign-in', { operatorId: 'op', pin: '1111' });
    expect(answer).toMatchObject({ ok: true, result: { viewer: { role: 'operator', operatorId: 'op', operatorName: 'OPERATOR' } } });
    expect((await client.request('job.hold', { jobId: h.jobs[1], reason: 'photo check' })).ok).toBe(true);
    expect(await lastAudit()).toMatchObject({ actor: 'op', action: 'job.hold', entity_id: h.jobs[1] });
  });

  it('refuses a wrong PIN and an unknown id with the same answer, and stays signed out', async () => {
    const client = await connect();
    const wrongPin = await client.request('sign-in', { operatorId: 'op', pin: '9999' });
    const unknown = await client.request('sign-in', { operatorId: 'nobody', pin: '1111' });
    expect(wrongPin.error).toEqual(unknown.error);
    expect(wrongPin.error?.code).toBe('sign-in-failed');
    expect((await client.request('job.hold', { jobId: h.jobs[1], reason: 'x' })).error?.code).toBe('sign-in-required');
    expect(await jobState(h.jobs[1]!)).toBe('queued');
  });

  it('locks an id for a minute after five wrong PINs, on every connection, whether or not the id exists', async () => {
    const a = await connect();
    const b = await connect();
    for (let i = 0; i < 5; i++) expect((await (i % 2 ? a : b).request('sign-in', { operatorId: 'op', pin: '0000' })).error?.code).toBe('sign-in-failed');
    expect((await a.request('sign-in', { operatorId: 'op', pin: '1111' })).error).toMatchObject({ code: 'sign-in-locked', params: { seconds: 60 } });
    for (let i = 0; i < 5; i++) await b.request('sign-in', { operatorId: 'ghost', pin: '0000' });
    expect((await b.request('sign-in', { operatorId: 'ghost', pin: '0000' })).error?.code).toBe('sign-in-locked');
    expect((await b.request('sign-in', { operatorId: 'sup', pin: '1234' })).ok).toBe(true);
    h.fx.clock.advanceMs(60_000);
    expect((await a.request('sign-in', { operatorId: 'op', pin: '1111' })).ok).toBe(true);
  });

  it('keeps technicians off operator.sock and operators off technician.sock, answering as for a wrong PIN', async () => {
    const onOperator = await connect(h.operatorSocket);
    const wrongPin = (await onOperator.request('sign-in', { operatorId: 'tech', pin: '9999' })).error;
    expect((await onOperator.request('sign-in', { operatorId: 'tech', pin: '2222' })).error).toEqual(wrongPin);
    const onTechnician = await connect(h.technicianSocket);
    expect((await onTechnician.request('sign-in', { operatorId: 'op', pin: '1111' })).error).toEqual(wrongPin);
    expect((await onTechnician.request('sign-in', { operatorId: 'sup', pin: '1234' })).error).toEqual(wrongPin);
    expect(wrongPin?.code).toBe('sign-in-failed');
    // Refused sign-ins leave nobody signed in.
    expect((await onOperator.request('job.hold', { jobId: h.jobs[1], reason: 'x' })).error?.code).toBe('sign-in-required');
    expect((await onTechnician.request('printer.pause', { printerId: 'p1' })).error?.code).toBe('sign-in-required');
  });

  it('gives each connection its own sign-in, and sign-out ends it', async () => {
    const a = await signedIn('op', '1111');
    const b = await connect();
    expect((await b.request('job.hold', { jobId: h.jobs[1], reason: 'x' })).error?.code).toBe('sign-in-required');
    expect((await a.request('sign-out')).ok).toBe(true);
    expect((await a.request('job.hold', { jobId: h.jobs[1], reason: 'x' })).error?.code).toBe('sign-in-required');
  });

  it('lets an operator do only what the role allows', async () => {
    await h.fx.station.db.updateTable('jobs').set({ state: 'held', state_reason: 'duplicate' }).where('id', '=', h.jobs[1]!).execute();
    const operator = await signedIn('op', '1111');
    expect((await operator.request('job.release', { jobId: h.jobs[1] })).error).toMatchObject({ code: 'not-permitted', params: { permission: 'jobs.release-duplicate' } });
    const supervisor = await signedIn('sup', '1234');
    expect((await supervisor.request('job.release', { jobId: h.jobs[1] })).ok).toBe(true);
  });
});

describe('socket server: every op', () => {
  it('serves every op in REQUESTS on operator.sock for a signed-in supervisor', async () => {
    const params = validParams(h);
    const served = new Set<RequestOp>();
    const client = await connect();
    const ok = async (op: RequestOp, p: unknown = params[op]): Promise<Message> => {
      const answer = await client.request(op, p);
      expect(answer.error, `${op}: ${JSON.stringify(answer.error)}`).toBeUndefined();
      expect(answer.ok).toBe(true);
      served.add(op);
      return answer;
    };
    const result = async <T>(op: RequestOp, p?: unknown): Promise<T> => (await ok(op, p)).result as T;

    await ok('sign-in');
    const subscribed = client.messages.length;
    await ok('subscribe');
    expect((await client.waitFor((m) => m.type === 'snapshot', subscribed)).seq).toBe(1);

    const page = await result<{ total: number; rows: { id: string; nik: string; name: string }[] }>('jobs.page');
    expect(page.total).toBe(h.rows.length);
    expect(page.rows.map((r) => r.nik).sort()).toEqual(h.rows.map((r) => r.nik).sort());
    const byName = await result<{ rows: { nik: string }[] }>('jobs.page', { filter: { text: h.rows[2]!.name.split(' ').at(-1)!.toLowerCase() }, offset: 0, limit: 10 });
    expect(byName.rows.map((r) => r.nik)).toContain(h.rows[2]!.nik);
    const byNik = await result<{ rows: { nik: string }[] }>('jobs.page', { filter: { text: h.rows[3]!.nik.slice(0, 12) }, offset: 0, limit: 10 });
    expect(byNik.rows.map((r) => r.nik)).toContain(h.rows[3]!.nik);

    const detail = await result<{ job: { id: string; state: string }; record: { address: string }; attempts: unknown[] }>('job.detail');
    expect(detail.job).toMatchObject({ id: h.jobs[0], state: 'printing' });
    expect(detail.attempts).toHaveLength(1);
    const preview = await result<{ width: number; height: number; rgb: string }>('job.preview');
    expect(preview).toMatchObject({ width: 40, height: 25 });
    expect(Buffer.from(preview.rgb, 'base64')).toHaveLength(40 * 25 * 3);

    await ok('job.hold');
    expect(await jobState(h.jobs[1]!)).toBe('held');
    await ok('job.release');
    expect(await jobState(h.jobs[1]!)).toBe('queued');
    await ok('job.cancel');
    expect(await jobState(h.jobs[2]!)).toBe('canceled');
    await ok('job.priority');
    expect((await h.fx.station.db.selectFrom('jobs').select('priority_rank').where('id', '=', h.jobs[3]!).executeTakeFirstOrThrow()).priority_rank).toBe(2);

    // jobs[0] is on p1: the printer cannot say what happened, a person resolves it, QC fails it, it is reprinted.
    const attempt = await h.fx.station.db.selectFrom('attempts').select('id').where('job_id', '=', h.jobs[0]!).executeTakeFirstOrThrow();
    await finishAttempt(h.fx.station, { attemptId: attempt.id, outcome: 'unknown' });
    await ok('job.resolve');
    expect(await jobState(h.jobs[0]!)).toBe('printed');
    await ok('job.spoil');
    expect(await jobState(h.jobs[0]!)).toBe('spoiled');
    await ok('job.reprint');
    expect(await jobState(h.jobs[0]!)).toBe('queued');
    const second = await beginAttempt(h.fx.station, { jobId: h.jobs[4]!, printerId: 'p1', sides: 1, needsFilm: true });
    await finishAttempt(h.fx.station, { attemptId: second!.attemptId, outcome: 'printed' });
    await ok('job.pass-qc', { jobId: h.jobs[4] });
    expect(await jobState(h.jobs[4]!)).toBe('completed');

    for (const op of ['printer.pause', 'printer.resume', 'printer.clean', 'printer.test-card', 'printer.refill'] as const) await ok(op);
    expect(h.backend.actions).toEqual([
      { by: 'sup', printerId: 'p1', action: 'pause' },
      { by: 'sup', printerId: 'p1', action: 'resume' },
      { by: 'sup', printerId: 'p1', action: 'clean' },
      { by: 'sup', printerId: 'p1', action: 'test-card' },
      { by: 'sup', printerId: 'p1', action: 'refill', count: 10 },
    ]);
    const printer = await result<{ printer: { id: string }; info: Record<string, string> }>('printer.detail');
    expect(printer).toMatchObject({ printer: { id: 'p1' }, info: { serial: 'SIM-p1' } });

    await ok('roll.unload', { rollId: h.ribbonRollId });
    await ok('roll.load');
    const rolls = await result<{ rows: { id: string; state: string; printerId: string | null; remaining: number }[] }>('stock.rolls');
    expect(rolls.rows.find((r) => r.id === h.spareRibbonRollId)).toMatchObject({ state: 'loaded', printerId: 'p2', remaining: 500 });
    expect((await result<{ state: string }>('roll.unload')).state).toBe('in-stock');

    const batch = await result<{ batchId: string }>('stock.receive-blanks');
    expect(batch.batchId).toMatch(/^batch_/);
    const received = await result<{ rollIds: string[] }>('stock.receive-rolls');
    expect(received.rollIds).toHaveLength(2);
    const borrowed = await result<{ loanId: string; rollIds: string[] }>('stock.borrow');
    expect(borrowed.rollIds).toHaveLength(1);
    const lent = await result<{ loanId: string }>('stock.lend', { counterparty: 'DUKCAPIL TTS', rollIds: received.rollIds, dueDate: '2026-12-31' });
    expect(lent.loanId).toMatch(/^loan_/);
    expect(await result('stock.return', { loanId: borrowed.loanId, rollIds: borrowed.rollIds })).toEqual({ settled: 1, open: 0 });
    const movements = await result<{ total: number; rows: { actor: string }[] }>('stock.movements');
    expect(movements.total).toBeGreaterThan(10);
    expect(movements.rows[0]!.actor).toBe('sup');
    const picture = await result<{ days: string[]; cardsPrinted: number[]; consumables: { id: string; levels: number[] }[] }>('stock.picture');
    expect(picture.days).toHaveLength(30);
    expect(picture.cardsPrinted).toHaveLength(30);
    expect(picture.consumables.every((c) => c.levels.length === 30)).toBe(true);
    const report = await result<{ sections: { title: string }[] }>('report.monthly', { month: '2026-11' });
    expect(report.sections[0]!.title).toBe(t('documents:monthly.stock.title'));

    const audit = await result<{ rows: { actor: string; action: string }[] }>('audit.page');
    expect(audit.rows.find((r) => r.action === 'job.cancel')).toMatchObject({ actor: 'sup' });
    const older = await result<{ rows: { seq: number }[] }>('audit.page', { beforeSeq: 5, limit: 10 });
    expect(older.rows.map((r) => r.seq)).toEqual([4, 3, 2, 1]);
    expect(await result('audit.verify')).toMatchObject({ ok: true, problems: [] });

    await ok('sign-out');
    expect(REQUEST_OPS.filter((op) => !served.has(op))).toEqual([]);
    // Each committed change was reported to the backend, so the runtime can refresh and wake the dispatcher.
    expect(h.backend.noted.length).toBeGreaterThanOrEqual(15);
  });

  it('answers a service refusal with its code and params', async () => {
    const client = await signedIn();
    const answer = await client.request('job.release', { jobId: h.jobs[1] });
    expect(answer.error).toMatchObject({ code: 'job-transition-refused', params: { job: h.jobs[1], from: 'queued', event: 'release' } });
    expect((await client.request('job.detail', { jobId: 'job_nope' })).error?.code).toBe('job-unknown');
    expect((await client.request('printer.pause', { printerId: 'p9' })).error?.code).toBe('printer-unknown');
  });
});

describe('socket server: bad input', () => {
  it('answers malformed JSON, a non-request, an unknown op and bad params with errors, and keeps serving', async () => {
    const client = await connect();
    client.sendLine('{"id": 1, "op": \n');
    expect((await client.waitFor((m) => m.ok === false)).error?.code).toBe('bad-message');
    client.sendLine('{"id": 7, "op": 12}\n');
    expect(await client.waitFor((m) => m.id === 7)).toMatchObject({ ok: false, error: { code: 'bad-message' } });
    client.sendLine('[1,2,3]\n');
    expect((await client.waitFor((m) => m.id === 0 && m.error?.code === 'bad-message', 2)).ok).toBe(false);
    expect((await client.request('printer.explode', {})).error?.code).toBe('unknown-op');
    expect((await client.request('toString', {})).error?.code).toBe('unknown-op');
    expect((await client.request('jobs.page', { filter: {}, offset: -1, limit: 10 })).error?.code).toBe('bad-params');
    expect((await client.request('jobs.page', { filter: {}, offset: 0, limit: 10, extra: true })).error?.code).toBe('bad-params');
    expect((await client.request('sign-in', { operatorId: 'op' })).error?.code).toBe('bad-params');
    expect((await client.request('sign-in', { operatorId: 'op', pin: '1111' })).ok).toBe(true);
  });

  it('answers an oversized line once, drops it without buffering it, and serves the next line', async () => {
    const client = await connect();
    const chunk = Buffer.alloc(64 * 1024, 'a');
    for (let sent = 0; sent <= MAX_MESSAGE_BYTES * 2; sent += chunk.length) client.sendLine(chunk);
    client.sendLine('\n');
    const tooLarge = await client.waitFor((m) => m.error?.code === 'message-too-large');
    expect(tooLarge).toMatchObject({ id: 0, ok: false, error: { params: { maxBytes: MAX_MESSAGE_BYTES } } });
    expect((await client.request('audit.verify')).ok).toBe(true);
    expect(client.messages.filter((m) => m.error?.code === 'message-too-large')).toHaveLength(1);
  });

  it('accepts a line of exactly MAX_MESSAGE_BYTES', async () => {
    const client = await connect();
    const head = '{"id":5,"op":"audit.verify","params":{}}';
    client.sendLine(`${head}${' '.repeat(MAX_MESSAGE_BYTES - head.length)}\n`);
    expect(await client.waitFor((m) => m.id === 5)).toMatchObject({ ok: true });
  });

  it('refuses ops that need a signed-in operator', async () => {
    const client = await connect();
    for (const op of ['job.hold', 'job.detail', 'job.preview', 'roll.load', 'stock.receive-blanks', 'printer.pause'] as const) {
      expect((await client.request(op, validParams(h)[op])).error?.code, op).toBe('sign-in-required');
    }
    // Views need no sign-in on operator.sock: the console shows the station before anyone signs in.
    expect((await client.request('jobs.page', validParams(h)['jobs.page'])).ok).toBe(true);
  });
});

describe('socket server: technician.sock', () => {
  it('refuses every op outside TECHNICIAN_OPS before any service runs, even with bad params', async () => {
    const client = await signedIn('tech', '2222', h.technicianSocket);
    const before = await lastAudit();
    for (const op of ['job.hold', 'job.cancel', 'job.preview', 'stock.receive-blanks', 'stock.lend'] as const) {
      expect((await client.request(op, validParams(h)[op])).error?.code, op).toBe('not-permitted');
      expect((await client.request(op, { nonsense: true })).error?.code, op).toBe('not-permitted');
    }
    expect((await lastAudit()).seq).toBe(before.seq);
    expect(await jobState(h.jobs[1]!)).toBe('queued');
  });

  it('lets a technician filter jobs by region digits only', async () => {
    const client = await signedIn('tech', '2222', h.technicianSocket);
    const region = await client.request('jobs.page', { filter: { text: '5371' }, offset: 0, limit: 10 });
    expect((region.result as { total: number }).total).toBe(h.rows.length);
    for (const text of ['53710', h.rows[0]!.nik, 'maria', h.rows[0]!.name]) {
      expect((await client.request('jobs.page', { filter: { text }, offset: 0, limit: 10 })).error?.code, text).toBe('not-permitted');
    }
  });

  it('lets a technician pause a printer and load rolls, attributed to them', async () => {
    const client = await signedIn('tech', '2222', h.technicianSocket);
    expect((await client.request('printer.pause', { printerId: 'p1' })).ok).toBe(true);
    expect(h.backend.actions.at(-1)).toEqual({ by: 'tech', printerId: 'p1', action: 'pause' });
    expect((await client.request('roll.load', { rollId: h.spareRibbonRollId, printerId: 'p2' })).ok).toBe(true);
    expect(await lastAudit()).toMatchObject({ actor: 'tech' });
  });
});

describe('socket server: files and lifetime', () => {
  it('creates both sockets with mode 0660', async () => {
    for (const path of [h.operatorSocket, h.technicianSocket]) {
      const info = await stat(path);
      expect(info.isSocket()).toBe(true);
      expect(info.mode & 0o777).toBe(0o660);
    }
  });

  it('refuses to start over a station that answers, and leaves it running', async () => {
    await expect(
      startApiServer({ backend: h.backend, operatorSocketPath: h.operatorSocket, technicianSocketPath: join(h.dir, 'other.sock'), log: silentLogger() }),
    ).rejects.toMatchObject({ code: 'station-already-running' });
    const client = await connect();
    expect((await client.request('audit.verify')).ok).toBe(true);
  });

  it('removes a stale socket left by a crashed station, and never a file that is not a socket', async () => {
    await h.server.close();
    // A station killed with SIGKILL leaves its socket file behind with nobody listening.
    const child = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(h.operatorSocket)}, () => console.log('up'))`]);
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect((await lstat(h.operatorSocket)).isSocket()).toBe(true);
    await h.startServer();
    const client = await connect();
    expect((await client.request('audit.verify')).ok).toBe(true);

    await h.server.close();
    await writeFile(h.operatorSocket, 'not a socket');
    await expect(h.startServer()).rejects.toMatchObject({ code: 'api-socket-path-taken' });
    expect((await lstat(h.operatorSocket)).isFile()).toBe(true);
  });

  it('drops a client that stops reading once its queued bytes pass the limit', async () => {
    await h.server.close();
    await h.startServer({ maxWriteBufferBytes: 64 * 1024, patchIntervalMs: 0 });
    const client = await connect();
    await client.request('subscribe');
    await client.waitFor((m) => m.type === 'snapshot');
    client.socket.pause();
    let dropped = false;
    void client.closed.then(() => (dropped = true));
    for (let i = 0; i < 5000 && h.server.connectionCount > 0; i++) {
      h.backend.emit(['printers', 'queue', 'stock', 'alerts', 'station', 'lastEvent']);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(h.server.connectionCount).toBe(0);
    client.socket.resume();
    await client.closed;
    expect(dropped).toBe(true);
    expect(h.backend.listenerCount).toBe(0);
  });

  it('refuses a connection past the per-socket limit unless a stalled client can make room', async () => {
    await h.server.close();
    await h.startServer({ connectionLimits: { perSocket: 2, stalledBytes: 16 * 1024 }, patchIntervalMs: 0 });
    const a = await connect();
    const b = await connect();
    await a.request('subscribe');
    await b.request('subscribe');
    const refused = await connect();
    expect(await refused.waitFor((m) => m.error?.code === 'too-many-connections')).toMatchObject({ id: 0 });
    await refused.closed;
    // The other socket has its own allowance.
    expect((await (await connect(h.technicianSocket)).request('printer.detail', { printerId: 'p1' })).ok).toBe(true);
    // b stops reading and falls behind: a newcomer now takes its place.
    b.socket.pause();
    let admitted = false;
    for (let i = 0; i < 100 && !admitted; i++) {
      for (let j = 0; j < 20; j++) {
        h.backend.emit(['printers', 'queue', 'stock', 'alerts', 'station', 'lastEvent']);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const newcomer = await connect();
      const refusal = newcomer.waitFor((m) => m.error?.code === 'too-many-connections').then(() => false);
      admitted = await Promise.race([refusal, newcomer.request('printer.detail', { printerId: 'p1' }).then((m) => m.ok === true)]);
    }
    expect(admitted).toBe(true);
    b.socket.resume();
    await b.closed;
    expect((await a.request('printer.detail', { printerId: 'p1' })).ok).toBe(true);
  });

  it('bounds the bytes queued for all clients together, dropping the client furthest behind first', async () => {
    await h.server.close();
    // Per connection 4 MiB as by default; all together only 256 KiB.
    await h.startServer({ connectionLimits: { queuedBytesTotal: 256 * 1024 }, patchIntervalMs: 0 });
    const reader = await connect();
    await reader.request('subscribe');
    const sleepers = await Promise.all([connect(), connect(), connect()]);
    for (const s of sleepers) {
      await s.request('subscribe');
      await s.waitFor((m) => m.type === 'snapshot');
      s.socket.pause();
    }
    // A paused client hears of its drop only when it reads again: watch the server's count.
    for (let i = 0; i < 5000 && h.server.connectionCount > 1; i++) {
      h.backend.emit(['printers', 'queue', 'stock', 'alerts', 'station', 'lastEvent']);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(h.server.connectionCount).toBe(1);
    for (const s of sleepers) s.socket.resume();
    await Promise.all(sleepers.map((s) => s.closed));
    expect((await reader.request('printer.detail', { printerId: 'p1' })).ok).toBe(true);
  });

  it('streams patches on the technician socket only to a signed-in technician', async () => {
    const tech = await connect(h.technicianSocket);
    await tech.request('subscribe');
    await tech.waitFor((m) => m.type === 'snapshot');
    const emitted = async () => {
      for (let i = 0; i < 10; i++) {
        h.backend.emit(['printers', 'queue']);
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
    };
    await emitted();
    expect(tech.messages.filter((m) => m.type === 'patch')).toEqual([]);
    expect((await tech.request('sign-in', { operatorId: 'tech', pin: '2222' })).ok).toBe(true);
    await tech.waitFor((m) => m.type === 'snapshot' && (m as { snapshot?: { viewer: { operatorId: string | null } } }).snapshot?.viewer.operatorId === 'tech');
    await emitted();
    expect(tech.messages.filter((m) => m.type === 'patch').length).toBeGreaterThan(0);
    // An operator's socket streams before sign-in, as the console's sign-in screen expects.
    const op = await connect();
    await op.request('subscribe');
    await op.waitFor((m) => m.type === 'snapshot');
    await emitted();
    expect(op.messages.filter((m) => m.type === 'patch').length).toBeGreaterThan(0);
  });
});
