import { describe, expect, it } from 'vitest';
import type { RequestOp } from '../../src/api/protocol.js';
import type { JobRow } from '../../src/api/views.js';
import { FakeConnection } from './fake-connection.js';
import { consoleStarter, type RenderedApp } from './render-app.js';
import { fixtureJob } from './snapshot-fixture.js';

/**
 * A key typed right after a movement key, with no pause between them, acts on the row the movement
 * reached: the console must not wait for a frame to know which row is highlighted.
 */
const ENTER = '\r';
const start = consoleStarter();

/** Answers prompts: a word is typed key by key, a single key pressed. */
async function answer(ui: RenderedApp, steps: readonly string[]): Promise<void> {
  for (const step of steps) await (step.length > 1 ? ui.type(step) : ui.press(step));
}

interface RowAction {
  readonly key: string;
  /** The second row's state, which allows the action; the first row's does not, or names another job. */
  readonly state: JobRow['state'];
  /** Keys that answer the prompts and confirmations that follow. */
  readonly answers: readonly string[];
  readonly op: RequestOp;
}

// The first row is queued: an action that would hit it either is refused or sends the wrong job id.
const QUEUE_ACTIONS: Readonly<Record<string, RowAction>> = {
  hold: { key: 'h', state: 'queued', answers: ['photo unclear', ENTER], op: 'job.hold' },
  release: { key: 'r', state: 'held', answers: [], op: 'job.release' },
  cancel: { key: 'c', state: 'held', answers: ['duplicate', ENTER, 'y'], op: 'job.cancel' },
  priority: { key: '+', state: 'held', answers: ['3', ENTER], op: 'job.priority' },
  reprint: { key: 'p', state: 'spoiled', answers: ['smeared', ENTER, 'y'], op: 'job.reprint' },
  spoil: { key: 's', state: 'printed', answers: ['scratched', ENTER, 'y'], op: 'job.spoil' },
  resolve: { key: 'v', state: 'in-doubt', answers: ['3', ENTER, 'y'], op: 'job.resolve' },
};

describe('a key right after j acts on the row j reached', () => {
  for (const [name, action] of Object.entries(QUEUE_ACTIONS)) {
    it(`queue: j then ${action.key} (${name}) acts on the second job`, async () => {
      const jobs = Array.from({ length: 20 }, (_, i) => fixtureJob(i, i === 1 ? { state: action.state } : {}));
      const connection = new FakeConnection({ jobCount: jobs.length, jobAt: (i) => jobs[i]! });
      const ui = await start(connection);
      await ui.press('2');
      await ui.waitFor(/▶ 5371014101500001/);
      await ui.burst('j', action.key);
      // Acting on the first row would have been refused, in words, on the status row.
      expect(ui.frame()).not.toMatch(/cannot \w+ a job/);
      await answer(ui, action.answers);
      const sent = connection.sent(action.op) as { jobId: string }[];
      expect(sent.map((p) => p.jobId)).toEqual(['job-000002']);
    });
  }

  it('queue: j then Enter opens the detail of the second job', async () => {
    const connection = new FakeConnection({ jobCount: 20 });
    const ui = await start(connection);
    await ui.press('2');
    await ui.waitFor(/▶ 5371014101500001/);
    await ui.burst('j', ENTER);
    await ui.waitFor(`┌─ ${fixtureJob(1).nik} `);
    await ui.waitFor('attempts: none');
    expect((connection.sent('job.detail') as { jobId: string }[]).map((p) => p.jobId)).toEqual(['job-000002']);
  });

  it('queue: j typed five times then h names the sixth job in the prompt', async () => {
    const connection = new FakeConnection({ jobCount: 20 });
    const ui = await start(connection);
    await ui.press('2');
    await ui.waitFor(/▶ 5371014101500001/);
    await ui.burst('j', 'j', 'j', 'j', 'j', 'h');
    await ui.waitFor('Reason for holding 5371…0006');
  });

  // P2 is stopped (film empty), where a test card and a cleaning are not offered: those two go one row further, to P3.
  const PRINTER_ACTIONS: Readonly<Record<string, { key: string; answers: readonly string[]; op: RequestOp; to?: 'P3' }>> = {
    pause: { key: 'p', answers: [], op: 'printer.pause' },
    resume: { key: 'r', answers: [], op: 'printer.resume' },
    clean: { key: 'c', answers: ['y'], op: 'printer.clean', to: 'P3' },
    'test card': { key: 't', answers: ['y'], op: 'printer.test-card', to: 'P3' },
    'load roll': { key: 'l', answers: [ENTER], op: 'roll.load' },
    unload: { key: 'u', answers: ['1', ENTER, 'y', ENTER, 'y'], op: 'roll.unload' },
    feeder: { key: 'f', answers: ['2', '0', ENTER, 'y'], op: 'printer.refill' },
  };
  for (const [name, action] of Object.entries(PRINTER_ACTIONS)) {
    it(`printers: j then ${action.key} (${name}) acts on the ${action.to ? 'third' : 'second'} printer`, async () => {
      const connection = new FakeConnection();
      const ui = await start(connection);
      await ui.press('3');
      await ui.waitFor(/▶ P1/);
      await ui.burst(...(action.to ? ['j', 'j'] : ['j']), action.key);
      await answer(ui, action.answers);
      const sent = connection.sent(action.op) as { printerId?: string; rollId?: string; count?: number }[];
      expect(sent).toHaveLength(1);
      // Unload names the roll, not the printer: P2's film roll.
      if (action.op === 'roll.unload') expect(sent[0]!.rollId).toBe('R-F-0102');
      else expect(sent[0]!.printerId).toBe(action.to ?? 'P2');
      if (action.op === 'printer.refill') expect(sent[0]!.count).toBe(20);
    });
  }
});

describe('rolls are picked from a list, never typed', () => {
  it('loads a roll on P2 by picking among the datacard rolls in stock', async () => {
    const connection = new FakeConnection();
    const ui = await start(connection);
    await ui.press('3', 'j', 'l');
    const list = await ui.waitFor('Load which roll on P2?');
    expect(list).toContain('roll_d0001  datacard-film  lot D2311-09  750/750');
    // Only rolls that fit a datacard printer are offered.
    expect(list).not.toContain('roll_f0003');
    expect(list).not.toContain('roll_e0004');
    await ui.press('j', '\r');
    expect(connection.sent('roll.load')).toEqual([{ rollId: 'roll_d0002', printerId: 'P2' }]);
  });

  it('lends two rolls marked with Space, then asks the due date and the office', async () => {
    const connection = new FakeConnection();
    const ui = await start(connection);
    await ui.press('4', 'l');
    await ui.waitFor('Lend which rolls?');
    // Borrowed rolls are not ours to lend.
    expect(ui.frame()).not.toContain('roll_f0003');
    await ui.press(' ', 'j', ' ', '\r');
    await ui.waitFor('Due back on (YYYY-MM-DD)');
    await ui.type('2026-12-31');
    await ui.press('\r');
    await ui.type('Kab. TTS');
    await ui.press('\r');
    expect(connection.sent('stock.lend')).toEqual([{ rollIds: ['roll_d0001', 'roll_d0002'], dueDate: '2026-12-31', counterparty: 'Kab. TTS' }]);
  });

  it('returns a borrowed loan by picking the loan, then its rolls', async () => {
    const connection = new FakeConnection();
    const ui = await start(connection);
    await ui.press('4', 'R');
    await ui.waitFor('Return which loan?');
    await ui.press('\r');
    await ui.waitFor('roll_f0003');
    await ui.press(' ', '\r');
    expect(connection.sent('stock.return')).toEqual([{ loanId: 'L-5', rollIds: ['roll_f0003'] }]);
  });
});

describe('resolving a card in doubt', () => {
  it('offers to resume its stopped printer in the same flow, and resumes it after the outcome', async () => {
    const connection = new FakeConnection({ jobCount: 3, jobAt: (i) => fixtureJob(i, i === 0 ? { state: 'in-doubt', printerId: 'P2' } : {}) });
    const ui = await start(connection);
    await ui.press('2');
    await ui.waitFor(/▶ 5371014101500001 .*IN DOUBT/);
    await ui.press('v', '1', '\r', 'y');
    await ui.waitFor('P2 stopped for this card. Resume P2 now?');
    await ui.press('y');
    expect(connection.sent('job.resolve')).toEqual([{ jobId: 'job-000001', resolution: 'printed' }]);
    expect(connection.sent('printer.resume')).toEqual([{ printerId: 'P2' }]);
    const order = connection.requests.map((r) => r.op).filter((op) => op === 'job.resolve' || op === 'printer.resume');
    expect(order).toEqual(['job.resolve', 'printer.resume']);
  });

  it('does not ask when the printer is still running', async () => {
    const connection = new FakeConnection({ jobCount: 3, jobAt: (i) => fixtureJob(i, i === 0 ? { state: 'in-doubt', printerId: 'P1' } : {}) });
    const ui = await start(connection);
    await ui.press('2');
    await ui.waitFor(/▶ 5371014101500001 .*IN DOUBT/);
    await ui.press('v', '1', '\r', 'y');
    expect(connection.sent('job.resolve')).toHaveLength(1);
    expect(ui.frame()).not.toContain('Resume P1');
  });
});
