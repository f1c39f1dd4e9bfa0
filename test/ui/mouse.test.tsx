import { describe, expect, it } from 'vitest';
import { AltScreen } from '../../ui/terminal/alt-screen.js';
import { osc52 } from '../../ui/terminal/clipboard.js';
import { DISABLE_MOUSE, ENABLE_MOUSE, parseMouse } from '../../ui/terminal/mouse.js';
import { FakeConnection } from './fake-connection.js';
import { consoleStarter, type RenderedApp } from './render-app.js';
import { buildSnapshot, fixtureJob } from './snapshot-fixture.js';

const start = consoleStarter();

/** An SGR mouse report as a terminal sends it: button, column, row (from 1). */
const click = (column: number, row: number) => `\u001B[<0;${column};${row}M`;
const wheel = (step: 1 | -1, column = 10, row = 10) => `\u001B[<${step > 0 ? 65 : 64};${column};${row}M`;

describe('mouse reports', () => {
  it('reads a left click and the wheel, and ignores releases and other buttons', () => {
    expect(parseMouse('[<0;12;5M')).toEqual({ kind: 'click', column: 12, row: 5 });
    expect(parseMouse('\u001B[<65;3;4M')).toEqual({ kind: 'wheel', step: 1, column: 3, row: 4 });
    expect(parseMouse('[<64;300;4M')).toEqual({ kind: 'wheel', step: -1, column: 300, row: 4 });
    expect(parseMouse('[<0;12;5m')).toBeNull();
    expect(parseMouse('[<2;12;5M')).toBeNull();
    expect(parseMouse('j')).toBeNull();
  });

  it('is turned on with the alternate screen only when the setting allows, and off when it is left', () => {
    const written: string[] = [];
    const out = { write: (d: string) => written.push(d) > 0 };
    const on = new AltScreen(out, {}, { mouse: true });
    on.enter();
    on.leave();
    expect(written.join('')).toContain(ENABLE_MOUSE);
    expect(written.join('')).toContain(DISABLE_MOUSE);
    written.length = 0;
    const off = new AltScreen(out, {});
    off.enter();
    off.leave();
    expect(written.join('')).not.toContain(ENABLE_MOUSE);
  });
});

describe('the console with a mouse', () => {
  it('selects the clicked row, and the next key acts on it', async () => {
    const connection = new FakeConnection({ jobCount: 20 });
    const ui = await start(connection);
    await ui.press('2');
    await ui.waitFor(/▶ 5371014101500001/);
    // Terminal row 1 is the header, 2 the queue title, 3 the column header, 4 the first job.
    await ui.press(click(20, 6));
    await ui.waitFor(`▶ ${fixtureJob(2).nik}`);
    await ui.press('h');
    await ui.waitFor('Reason for holding 5371…0003');
  });

  it('scrolls with the wheel like the arrow keys', async () => {
    const connection = new FakeConnection({ jobCount: 20 });
    const ui = await start(connection);
    await ui.press('2');
    await ui.waitFor(/▶ 5371014101500001/);
    await ui.press(wheel(1), wheel(1), wheel(1), wheel(-1));
    await ui.waitFor(`▶ ${fixtureJob(2).nik}`);
  });

  it('switches screens by a click on the screen hints, and selects a printer by a click', async () => {
    const ui = await start(new FakeConnection());
    const hintRow = ui.lines().length;
    const column = ui.lines()[hintRow - 1]!.indexOf('3 Printers') + 1;
    await ui.press(click(column + 2, hintRow));
    await ui.waitFor(/▶ P1/);
    await ui.press(click(5, 4));
    await ui.waitFor(/▶ P2/);
  });

  it('copies the job id with OSC 52, and never the NIK, also in a technician console', async () => {
    for (const role of ['operator', 'technician'] as const) {
      const copied: string[] = [];
      const connection = new FakeConnection({ snapshot: buildSnapshot({ role }), jobCount: 5 });
      const ui = await start(connection, { copy: (t) => copied.push(t) });
      await ui.press('2');
      await ui.waitFor('NIK');
      await ui.press('j', 'y');
      await ui.waitFor('copied job id job-000002 to the clipboard');
      // Exactly the id: no NIK, masked or not, reaches the clipboard.
      expect(copied).toEqual(['job-000002']);
    }
    expect(osc52('job-000002')).toBe(`\u001B]52;c;${Buffer.from('job-000002').toString('base64')}\u0007`);
  });
});
