import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_OPS, TECHNICIAN_OPS, type RequestOp } from '../../src/api/protocol.js';
import { CHANGED_PARTS } from '../../src/api/station-backend.js';
import { maskNik, nameInitials } from '../../src/domain/masking.js';
import { createApiHarness, RawClient, type ApiHarness, type Message } from './api-harness.js';
import { validParams } from './op-params.js';

/**
 * Everything a technician can ask for and every event type they can receive, with seeded records
 * whose NIKs, names and photos are known; then the raw bytes received are searched for them.
 */
let h: ApiHarness;
let tech: RawClient;
let operator: RawClient;
const answers = new Map<RequestOp, Message>();
let printing: { nik: string; name: string };

beforeAll(async () => {
  h = await createApiHarness({ records: 8 });
  // The printer is printing jobs[0]: its view carries that job's full NIK and name before shaping.
  operator = await RawClient.connect(h.operatorSocket);
  expect((await operator.request('sign-in', { operatorId: 'op', pin: '1111' })).ok).toBe(true);
  await operator.request('subscribe');
  printing = await h.fx.station.db.selectFrom('jobs').innerJoin('records', 'records.id', 'jobs.record_id').select(['records.nik', 'records.name']).where('jobs.id', '=', h.jobs[0]!).executeTakeFirstOrThrow();

  // A reason that (wrongly) carries a full NIK, so it lands in the job list and the audit log.
  expect((await operator.request('job.hold', { jobId: h.jobs[1], reason: `check ${h.rows[1]!.nik}` })).ok).toBe(true);
  tech = await RawClient.connect(h.technicianSocket);
  const params = validParams(h);
  answers.set('sign-in', await tech.request('sign-in', { operatorId: 'tech', pin: '2222' }));
  answers.set('subscribe', await tech.request('subscribe'));
  await tech.waitFor((m) => m.type === 'snapshot');
  for (const op of REQUEST_OPS) {
    if (op === 'sign-in' || op === 'sign-out' || op === 'subscribe') continue;
    answers.set(op, await tech.request(op, params[op]));
  }
  // Every patch part: operator actions, a status line that (wrongly) carries a full NIK, every part at once.
  await operator.request('job.cancel', { jobId: h.jobs[2], reason: 'moved away' });
  h.backend.setLastEvent(`P1 printed ${h.rows[0]!.nik}`);
  const lastEventIs = (text: string) => (m: Message) => m.type === 'patch' && (m['lastEvent'] as { text?: string } | undefined)?.text === text;
  await operator.waitFor(lastEventIs(`P1 printed ${h.rows[0]!.nik}`));
  await tech.waitFor(lastEventIs(`P1 printed ${maskNik(h.rows[0]!.nik)}`));
  h.backend.emit([...CHANGED_PARTS]);
  h.backend.setLastEvent('marker');
  await tech.waitFor((m) => m.type === 'patch' && (m['lastEvent'] as { text?: string } | undefined)?.text === 'marker');
  await operator.waitFor((m) => m.type === 'patch' && (m['lastEvent'] as { text?: string } | undefined)?.text === 'marker');
  answers.set('sign-out', await tech.request('sign-out'));
  // Signed out, the technician socket stops streaming: it sends one picture for the sign-in screen.
  await tech.waitFor((m) => m.type === 'snapshot' && (m['snapshot'] as { viewer: { operatorId: string | null } }).viewer.operatorId === null);
  // Error answers too: a refused filter that names a person.
  await tech.request('jobs.page', { filter: { text: h.rows[3]!.name }, offset: 0, limit: 10 });
});

afterAll(async () => {
  await tech?.close();
  await operator?.close();
  await h?.cleanup();
});

describe('technician.sock privacy', () => {
  it('answered every technician op and refused every other op with not-permitted', () => {
    for (const op of REQUEST_OPS) {
      const answer = answers.get(op);
      expect(answer, op).toBeDefined();
      if (TECHNICIAN_OPS.has(op)) expect(answer!.error, `${op}: ${JSON.stringify(answer!.error)}`).toBeUndefined();
      else expect(answer!.error?.code, op).toBe('not-permitted');
    }
  });

  it('received a snapshot and patches of every part', () => {
    const all = tech.messages.filter((m) => m.type !== undefined);
    // The stream while signed in; the sign-out ends it with one more snapshot, and nothing follows.
    const signedOut = all.map((e) => e.type).lastIndexOf('snapshot');
    expect(signedOut).toBeGreaterThan(0);
    expect(all.slice(signedOut + 1).filter((e) => e.type === 'patch')).toEqual([]);
    const events = all.slice(0, signedOut);
    expect(events[0]).toMatchObject({ type: 'snapshot', seq: 1 });
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    for (const part of CHANGED_PARTS) {
      expect(events.some((e) => e.type === 'patch' && e[part] !== undefined), part).toBe(true);
    }
  });

  it('never received a full NIK, a full name or photo bytes', async () => {
    const text = tech.bytes.toString('utf8');
    expect(text.length).toBeGreaterThan(5000);
    for (const row of h.rows) {
      expect(text.includes(row.nik), `NIK of row ${h.rows.indexOf(row)}`).toBe(false);
      expect(text.includes(row.name), `name of row ${h.rows.indexOf(row)}`).toBe(false);
      expect(text.toLowerCase().includes(row.name.toLowerCase()), 'name in any case').toBe(false);
    }
    expect(text).not.toMatch(/(?<![0-9A-Za-z])\d{16}(?![0-9A-Za-z])/);
    for (const row of h.rows.slice(0, 3)) {
      const photo = await readFile(join(h.dir, 'in', row.photo));
      for (const offset of [0, 200, 1000]) {
        const slice = photo.subarray(offset, offset + 48);
        expect(text.includes(slice.toString('base64')), `photo bytes at ${offset} (base64)`).toBe(false);
        expect(text.includes(slice.toString('hex')), `photo bytes at ${offset} (hex)`).toBe(false);
        expect(tech.bytes.includes(slice), `photo bytes at ${offset} (raw)`).toBe(false);
      }
    }
    expect(text).not.toContain('"rgb"');
  });

  it('still showed the technician what they need, masked', () => {
    const text = tech.bytes.toString('utf8');
    // The printer's current card, in the masked forms.
    expect(text).toContain(JSON.stringify({ jobId: h.jobs[0], nik: maskNik(printing.nik), name: nameInitials(printing.name) }));
    const detail = answers.get('job.detail')!.result as { record: { address: string; birthDate: string }; job: { nik: string } };
    expect(detail.record).toMatchObject({ address: '***', birthDate: '***' });
    expect(detail.job.nik).toBe(maskNik(printing.nik));
  });

  it('gave the operator on operator.sock the same views unmasked', () => {
    const text = operator.bytes.toString('utf8');
    expect(text).toContain(JSON.stringify({ jobId: h.jobs[0], nik: printing.nik, name: printing.name }));
    expect(text).toContain(`P1 printed ${h.rows[0]!.nik}`);
  });
});
