import { describe, expect, it } from 'vitest';
import { wrapWords } from '../../../ui/format/format-cell.js';
import { FakeConnection } from '../fake-connection.js';
import { consoleStarter } from '../render-app.js';
import { buildSnapshot, fixtureJob } from '../snapshot-fixture.js';

const start = consoleStarter();

describe('wrapWords', () => {
  it('wraps at word boundaries and cuts a word longer than a line', () => {
    expect(wrapWords('datacard film 0 images on hand: order now', 16)).toEqual(['datacard film 0', 'images on hand:', 'order now']);
    expect(wrapWords('roll_754a58fefab1437e99b9 x', 10)).toEqual(['roll_754a5', '8fefab1437', 'e99b9 x']);
    expect(wrapWords('', 10)).toEqual([]);
  });
});

describe('screens use their words and their width', () => {
  it('shows a long alert whole, wrapped inside the panel, at 80×24', async () => {
    const long = 'film for datacard: 0 images on hand, 2 rolls ordered, lead time 14 days: lend from Kota Kupang or pause P2';
    const snapshot = buildSnapshot();
    const connection = new FakeConnection({ snapshot: { ...snapshot, alerts: [{ level: 'critical', code: 'stock-empty', message: long }] } });
    const ui = await start(connection);
    const frame = ui.frame();
    for (const line of ui.lines()) expect(line.length).toBeLessThanOrEqual(80);
    // Every word of the alert is on the screen, none cut with an ellipsis.
    const alertText = ui.lines().map((l) => l.slice(l.lastIndexOf('│', l.length - 2) + 1, -1)).join(' ');
    for (const word of long.split(' ')) expect(alertText).toContain(word);
    expect(frame).not.toMatch(/lead time 14…/);
  });

  it('leaves WAITING blank for printed jobs and shows the printer, not the hold reason, under PRINTER', async () => {
    const jobs = [
      fixtureJob(0, { state: 'printed', printerId: 'P3' }),
      fixtureJob(1, { state: 'held', reason: 'duplicate NIK' }),
      fixtureJob(2),
    ];
    const connection = new FakeConnection({ jobCount: jobs.length, jobAt: (i) => jobs[i]! });
    const ui = await start(connection);
    await ui.press('2');
    const frame = await ui.waitFor(/MARIA GORETI +1st +printed/);
    const lines = frame.split('\n');
    const printed = lines.find((l) => l.includes(jobs[0]!.nik))!;
    expect(printed).toMatch(/printed +P3 *$/);
    const held = lines.find((l) => l.includes(jobs[1]!.nik))!;
    expect(held).toMatch(/held +3d 3h +- *$/);
    expect(held).not.toContain('duplicate');
  });

  it('uses the width at 200 columns: long printer ids are not cut', async () => {
    const jobs = [fixtureJob(0, { state: 'printing', printerId: 'fargo-loket-12' })];
    const connection = new FakeConnection({ jobCount: 1, jobAt: (i) => jobs[i]! });
    const ui = await start(connection, { columns: 200, rows: 60 });
    await ui.press('2');
    await ui.waitFor(/printing +fargo-loket-12/);
  });

  it('lists in the help only the keys the screen acts on', async () => {
    const ui = await start(new FakeConnection());
    await ui.press('?');
    let help = await ui.waitFor('Quit the console');
    expect(help).not.toContain('Down one row');
    expect(help).not.toContain('Hold the job');
    expect(help).not.toContain('Filter (NIK');
    await ui.press('q', '3', '?');
    help = await ui.waitFor('Pause after the current card');
    expect(help).toContain('Down one row');
    expect(help).not.toContain('Hold the job');
    expect(help).not.toContain('Down one page');
  });
});
