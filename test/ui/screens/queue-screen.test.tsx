import { afterEach, describe, expect, it } from 'vitest';
import { jobActionUnavailable } from '../../../ui/screens/queue-screen.js';
import { FakeConnection } from '../fake-connection.js';
import { renderApp, type RenderedApp } from '../render-app.js';
import { fixtureJob, fixtureNik } from '../snapshot-fixture.js';

const PGDN = '\u001B[6~';
const PGUP = '\u001B[5~';
/** 24 rows: header, title, column header, 17 job rows, hints, status, keys, and the spare row. */
const VIEW_ROWS = 17;

let app: RenderedApp | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
});

function jobRows(frame: string): string[] {
  return frame.split('\n').filter((l) => /^[▶ ] \d{16} /.test(l));
}

describe('queue with 100,000 jobs', () => {
  it('renders only the visible rows and fetches only the pages under them', async () => {
    const connection = new FakeConnection({ jobCount: 100_000 });
    app = renderApp(connection);
    await app.press();
    await app.press('2');
    const frame = await app.waitFor(/100,000 jobs/);
    const rows = jobRows(frame);
    expect(rows).toHaveLength(VIEW_ROWS);
    expect(rows[0]).toContain(fixtureNik(0));
    expect(rows[VIEW_ROWS - 1]).toContain(fixtureNik(VIEW_ROWS - 1));
    // Row 18 is in the fetched page but below the window: it is not rendered.
    expect(frame).not.toContain(fixtureNik(VIEW_ROWS));
    expect(connection.sent('jobs.page').map((p) => p.offset)).toEqual([0]);
  });

  it('moves a page with PgDn and PgUp, to the end with G and back with g', async () => {
    const connection = new FakeConnection({ jobCount: 100_000 });
    app = renderApp(connection);
    await app.press();
    await app.press('2');
    await app.waitFor(/100,000 jobs/);

    await app.press(PGDN);
    let frame = await app.waitFor(new RegExp(`▶ ${fixtureNik(VIEW_ROWS)}`));
    expect(jobRows(frame)[0]).toContain(fixtureNik(VIEW_ROWS));

    await app.press('G');
    frame = await app.waitFor(new RegExp(`▶ ${fixtureNik(99_999)}`));
    const rows = jobRows(frame);
    expect(rows).toHaveLength(VIEW_ROWS);
    expect(rows[0]).toContain(fixtureNik(100_000 - VIEW_ROWS));
    expect(rows.at(-1)).toContain(fixtureNik(99_999));
    // Jumping to the end asked for the last page only, not the 999 pages in between.
    expect(connection.sent('jobs.page').map((p) => p.offset)).toEqual([0, 99_900]);

    await app.press(PGUP);
    frame = await app.waitFor(new RegExp(`▶ ${fixtureNik(99_999 - VIEW_ROWS)}`));
    await app.press('g');
    frame = await app.waitFor(new RegExp(`▶ ${fixtureNik(0)}`));
    expect(jobRows(frame)[0]).toContain(fixtureNik(0));
  });

  it('keeps the cursor on the same job when the station reports a change that shifts the list', async () => {
    let offset = 0;
    const connection = new FakeConnection({ jobCount: 1_000, jobAt: (i) => fixtureJob(i + offset) });
    app = renderApp(connection);
    await app.press();
    await app.press('2');
    await app.waitFor(/1,000 jobs/);
    await app.press('j', 'j', 'j');
    await app.waitFor(new RegExp(`▶ ${fixtureNik(3)}`));
    // Two jobs ahead of it were printed; the station sends a queue patch and the list shifts up.
    offset = 2;
    connection.setJobs(998);
    const queue = connection.getState().snapshot!.queue;
    connection.pushPatch({ queue: { ...queue, printedToday: queue.printedToday + 2 } });
    const frame = await app.waitFor(/998 jobs/);
    expect(frame).toMatch(new RegExp(`▶ ${fixtureNik(3)}`));
  });
});

describe('jobActionUnavailable', () => {
  const job = (state: Parameters<typeof fixtureJob>[1]) => fixtureJob(0, state);

  it('follows the job state machine and the role', () => {
    expect(jobActionUnavailable('hold', job({ state: 'queued' }), 'operator')).toBeNull();
    expect(jobActionUnavailable('release', job({ state: 'queued' }), 'operator')).toBe('cannot release a job that is queued');
    expect(jobActionUnavailable('release', job({ state: 'held', reason: 'duplicate NIK' }), 'operator')).toBe('needs a supervisor');
    expect(jobActionUnavailable('release', job({ state: 'held', reason: 'duplicate NIK' }), 'supervisor')).toBeNull();
    expect(jobActionUnavailable('resolve-printed', job({ state: 'in-doubt' }), 'operator')).toBeNull();
    expect(jobActionUnavailable('fail-qc', job({ state: 'queued' }), 'operator')).toBe('cannot spoil a job that is queued');
    expect(jobActionUnavailable('hold', job({ state: 'queued' }), 'technician')).toBe('technician view: no print actions');
    expect(jobActionUnavailable('hold', null, 'operator')).toBe('no job selected');
  });
});
