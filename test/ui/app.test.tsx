import { afterEach, describe, expect, it } from 'vitest';
import { FakeConnection } from './fake-connection.js';
import { renderApp, type RenderedApp } from './render-app.js';
import { buildSnapshot, fixtureJob } from './snapshot-fixture.js';

const FIRST_JOB = /▶ 5371014101500001 +MARIA GORETI/;
const KEY = { enter: '\r', esc: '\u001B', tab: '\t', backspace: '\u007F' } as const;
let app: RenderedApp | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

/** Renders and lets the first effects run, so the key listener is attached before keys arrive. */
async function start(connection: FakeConnection, options?: Parameters<typeof renderApp>[1]): Promise<RenderedApp> {
  app = renderApp(connection, options);
  await app.press();
  return app;
}

describe('console at 80×24', () => {
  it('shows the dashboard: printers with state and bars, queue, stock with the binding constraint, alerts', async () => {
    const ui = await start(new FakeConnection());
    await ui.press();
    const lines = ui.lines();
    expect(lines).toHaveLength(23);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    const frame = ui.frame();
    expect(frame).toContain('MARIA T. (operator)');
    expect(frame).toMatch(/P1 FARGO HDP5000 +printing 5371…0003/);
    expect(frame).toContain('film ████████░░ 412');
    expect(frame).toMatch(/P2 DATACARD CD800 +STOPPED film empty/);
    expect(frame).toMatch(/P3 EVOLIS PRIMACY .*\[SIMULATED\]/);
    expect(frame).toContain('queued 1,204');
    expect(frame).toContain('printable now 938');
    expect(frame).toContain('datacard 0 (film)');
    expect(frame).toContain('!! P1 card in doubt: verify it');
    expect(lines[22]).toContain('1 Dash 2 Queue 3 Printers 4 Stock 5 Audit');
  });

  it('signs in with operator ID and PIN without echoing the PIN, and waits for the station', async () => {
    const connection = new FakeConnection({ snapshot: buildSnapshot({ signedIn: false }) });
    const ui = await start(connection);
    await ui.press();
    await ui.waitFor('Operator ID');
    await ui.type('maria');
    await ui.press(KEY.tab);
    await ui.type('1111');
    expect(ui.frame()).not.toContain('1111');
    await ui.waitFor('••••');
    await ui.press(KEY.enter);
    expect(connection.sent('sign-in')).toEqual([{ operatorId: 'maria', pin: '1111' }]);
    await ui.press();
    await ui.waitFor('MARIA T. (operator)');
    await ui.waitFor('printable now');
  });

  it('signs in from one chunk of keys, as a paste or tmux send-keys delivers them', async () => {
    const connection = new FakeConnection({ snapshot: buildSnapshot({ signedIn: false }) });
    const ui = await start(connection);
    await ui.waitFor('Operator ID');
    await ui.press('maria\t1111\r');
    expect(connection.sent('sign-in')).toEqual([{ operatorId: 'maria', pin: '1111' }]);
    await ui.waitFor('MARIA T. (operator)');
  });

  it('says in words when the PIN is wrong and asks again', async () => {
    const connection = new FakeConnection({ snapshot: buildSnapshot({ signedIn: false }) });
    const ui = await start(connection);
    await ui.press();
    await ui.type('maria');
    await ui.press(KEY.enter);
    await ui.type('9999');
    await ui.press(KEY.enter);
    await ui.waitFor('operator ID or PIN is wrong');
    expect(ui.frame()).not.toContain('9999');
    await ui.waitFor('Operator ID');
  });

  it('holds a job: reason typed in a prompt, shown pending, changed only when the station says so', async () => {
    const jobs = Array.from({ length: 50 }, (_, i) => fixtureJob(i));
    const connection = new FakeConnection({ holdActions: true, jobCount: 50, jobAt: (i) => jobs[i]! });
    const ui = await start(connection);
    await ui.press('2');
    await ui.waitFor(/▶ 5371014101500001 +MARIA GORETI +1st +queued/);
    await ui.press('h');
    await ui.waitFor('Reason for holding 5371…0001 MARIA GORETI:');
    await ui.type('photo unclear');
    await ui.press(KEY.enter);
    expect(connection.sent('job.hold')).toEqual([{ jobId: 'job-000001', reason: 'photo unclear' }]);
    await ui.waitFor(/MARIA GORETI +1st +hold…/);
    await ui.waitFor('hold 5371…0001 MARIA GORETI: sent, waiting for the station');

    expect(connection.answer()).toBe('job.hold');
    await ui.press();
    // Answered, but the station has not said the job changed: the row still reads queued.
    await ui.waitFor(/MARIA GORETI +1st +queued/);

    jobs[0] = { ...jobs[0]!, state: 'held', reason: 'photo unclear' };
    connection.pushPatch({ queue: { ...connection.getState().snapshot!.queue, counts: { ...connection.getState().snapshot!.queue.counts, held: 4 } } });
    await ui.press();
    await ui.waitFor(/MARIA GORETI +1st +held/);
  });

  it('asks before cancelling and sends nothing when the answer is no', async () => {
    const connection = new FakeConnection();
    const ui = await start(connection);
    await ui.press('2');
    await ui.waitFor(FIRST_JOB);
    await ui.press('c');
    await ui.type('duplicate record');
    await ui.press(KEY.enter);
    await ui.waitFor('Cancel the card for 5371…0001 MARIA GORETI?');
    await ui.press('n');
    expect(connection.sent('job.cancel')).toEqual([]);
    await ui.press('c');
    await ui.type('duplicate record');
    await ui.press(KEY.enter, 'y');
    expect(connection.sent('job.cancel')).toEqual([{ jobId: 'job-000001', reason: 'duplicate record' }]);
  });

  it('resolves an in-doubt card: outcome chosen, reason typed for a spoiled card, confirmed', async () => {
    const connection = new FakeConnection({ jobCount: 10, jobAt: (i) => fixtureJob(i, i === 0 ? { state: 'in-doubt', printerId: 'P1' } : {}) });
    const ui = await start(connection);
    await ui.press('2');
    await ui.waitFor(/▶ 5371014101500001 +MARIA GORETI +1st +IN DOUBT +3d 4h +P1/);
    await ui.press('v');
    await ui.waitFor('What happened to the card? 1 printed  2 spoiled  3 not printed');
    await ui.press('7', KEY.enter);
    await ui.waitFor('error: type 1, 2 or 3');
    await ui.press(KEY.backspace, '2', KEY.enter);
    await ui.type('ribbon smeared');
    await ui.press(KEY.enter);
    await ui.waitFor('Record the card for 5371…0001 MARIA GORETI as spoiled?');
    expect(connection.sent('job.resolve')).toEqual([]);
    await ui.press('y');
    expect(connection.sent('job.resolve')).toEqual([{ jobId: 'job-000001', resolution: 'spoiled', reason: 'ribbon smeared' }]);
  });

  it('says why an action is not available instead of doing nothing', async () => {
    const connection = new FakeConnection();
    const ui = await start(connection);
    await ui.press('2');
    await ui.waitFor(FIRST_JOB);
    await ui.press('r');
    await ui.waitFor('release: cannot release a job that is queued');
    await ui.press('p');
    await ui.waitFor('reprint: cannot reprint a job that is queued');
    expect(connection.sent('job.release')).toEqual([]);
  });

  it('gives a technician masked data and no print or stock actions', async () => {
    const connection = new FakeConnection({ snapshot: buildSnapshot({ role: 'technician' }) });
    const ui = await start(connection);
    await ui.press();
    await ui.waitFor('ANDI (technician)');
    await ui.press('2');
    const queue = await ui.waitFor('5371**********0001');
    expect(queue).toContain('5371**********0001');
    expect(queue).toContain('M. G.');
    expect(queue).not.toMatch(/\d{16}/);
    expect(queue).not.toContain(' hold ');
    await ui.press('h');
    await ui.waitFor('technician view: no print actions');
    expect(connection.sent('job.hold')).toEqual([]);
    await ui.press(KEY.enter);
    await ui.waitFor('born KUPANG');
    expect(connection.sent('job.preview')).toEqual([]);
    await ui.press(KEY.esc);
    await ui.press('4');
    await ui.waitFor('Movements');
    await ui.press('r');
    await ui.waitFor('technician view: no stock actions');
    await ui.press('3');
    await ui.waitFor('recent outcomes');
    await ui.press('p');
    expect(connection.sent('printer.pause')).toEqual([{ printerId: 'P1' }]);
  });

  it('opens the job detail with the record fields and closes it with Esc', async () => {
    const ui = await start(new FakeConnection(), { env: { TERM: 'xterm-256color', NO_COLOR: '1' } });
    await ui.press('2');
    await ui.waitFor(FIRST_JOB);
    await ui.press(KEY.enter);
    await ui.waitFor('born KUPANG, 07-08-1985 (male)');
    await ui.waitFor('Esc close');
    await ui.press(KEY.esc);
    expect(ui.frame()).not.toContain('born KUPANG');
  });

  it('filters the queue by state and name as the operator types', async () => {
    const connection = new FakeConnection();
    const ui = await start(connection);
    await ui.press('2');
    await ui.waitFor(FIRST_JOB);
    await ui.press('/');
    await ui.type('state:queued yoh');
    await ui.waitFor(/▶ \d+ +YOHAN/);
    const last = connection.sent('jobs.page').at(-1);
    expect(last?.filter).toEqual({ text: 'yoh', states: ['queued'] });
    await ui.press(KEY.enter);
    await ui.waitFor(/\d+ match/);
    for (const line of ui.lines().slice(3, 10)) expect(line).toMatch(/YOHAN|^\s*$/);
  });

  it('runs printer and stock actions through the station', async () => {
    const connection = new FakeConnection();
    const ui = await start(connection);
    // P2 is stopped (film empty): a cleaning is not offered there, and the console says why.
    await ui.press('3', 'j', 'c');
    await ui.waitFor('film empty');
    expect(ui.frame()).not.toContain('Start a cleaning cycle on P2?');
    await ui.press('j', 'c');
    await ui.waitFor('Start a cleaning cycle on P3?');
    await ui.press('y');
    expect(connection.sent('printer.clean')).toEqual([{ printerId: 'P3' }]);
    await ui.press('4', 'r');
    await ui.type('blanks SPB-114 4000');
    await ui.press(KEY.enter);
    expect(connection.sent('stock.receive-blanks')).toEqual([{ documentNo: 'SPB-114', quantity: 4000 }]);
  });

  it('shows the help generated from the keymap for the current screen', async () => {
    const ui = await start(new FakeConnection());
    await ui.press('2');
    await ui.waitFor(FIRST_JOB);
    await ui.press('?');
    await ui.waitFor('Hold the job (reason asked)');
    await ui.waitFor('Quit the console');
    await ui.press('q');
    expect(ui.quits).toBe(0);
    expect(ui.frame()).not.toContain('Hold the job (reason asked)');
  });

  it('says when the station is unreachable and since when', async () => {
    const connection = new FakeConnection();
    const ui = await start(connection);
    await ui.press();
    const since = new Date(2026, 10, 27, 10, 42).toISOString();
    connection.setConnection('disconnected', since);
    await ui.press();
    await ui.waitFor('station unreachable since 10:42');
    await ui.press('3');
    await ui.waitFor('P1 Loket 1');
    await ui.press('p');
    await ui.waitFor('pause: the station is unreachable');
    expect(connection.sent('printer.pause')).toEqual([]);
  });

  it('shows "terminal too small" below 80×24 and still quits on q', async () => {
    const ui = await start(new FakeConnection(), { columns: 70, rows: 20 });
    await ui.press();
    await ui.waitFor('terminal too small (need 80×24, have 70×20)');
    await ui.press('j', '2');
    expect(ui.quits).toBe(0);
    await ui.press('q');
    expect(ui.quits).toBe(1);
  });
});
