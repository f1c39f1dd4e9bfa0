import { describe, expect, it } from 'vitest';
import { FakeConnection } from './fake-connection.js';
import { consoleStarter, delay } from './render-app.js';
import { buildSnapshot } from './snapshot-fixture.js';

const start = consoleStarter();

describe('sessions on a shared workstation', () => {
  it('signs out by itself after the idle time, and each key starts the wait again', async () => {
    const connection = new FakeConnection();
    const ui = await start(connection, { idleSignOutMs: 2_000 });
    // About 2.5 s of keys, never 2 s without one (light keys: the help opens and closes).
    for (let i = 0; i < 12; i += 1) await ui.press(i % 2 === 0 ? '?' : '\u001b');
    for (let i = 0; i < 6; i += 1) {
      await ui.press('?', '\u001b');
      await delay(200);
    }
    expect(connection.sent('sign-out')).toEqual([]);
    const deadline = Date.now() + 10_000;
    while (connection.sent('sign-out').length === 0 && Date.now() < deadline) await delay(50);
    expect(connection.sent('sign-out')).toEqual([{}]);
    await ui.waitFor('signed out: no key for');
  });

  it('closes an open prompt when it signs out, so the next person does not inherit it', async () => {
    const connection = new FakeConnection();
    const ui = await start(connection, { idleSignOutMs: 2_000 });
    await ui.press('2');
    await ui.waitFor('NIK');
    await ui.press('h');
    await ui.waitFor('Reason for holding');
    expect(connection.sent('sign-out')).toHaveLength(0);
    await ui.waitFor('signed out: no key for', 10_000);
    expect(connection.sent('sign-out')).toHaveLength(1);
    expect(ui.frame()).not.toContain('Reason for holding');
  });

  it('never signs out by itself when the idle time is 0', async () => {
    const connection = new FakeConnection();
    await start(connection, { idleSignOutMs: 0 });
    await delay(400);
    expect(connection.sent('sign-out')).toEqual([]);
  });

  it('signs out at once on Ctrl+O', async () => {
    const connection = new FakeConnection();
    const ui = await start(connection);
    await ui.press('\u000f');
    expect(connection.sent('sign-out')).toEqual([{}]);
  });

  it('says which socket and data folder it tried when no station answers', async () => {
    const connection = new FakeConnection({ snapshot: null });
    connection.setConnection('disconnected', new Date().toISOString());
    const ui = await start(connection, { target: { home: '/srv/cetak', socket: '/srv/cetak/technician.sock' } });
    await ui.waitFor('no station answers on /srv/cetak/technician.sock');
    expect(ui.frame().replace(/\s+/g, ' ')).toContain('no station answers on /srv/cetak/technician.sock (data folder /srv/cetak)');
  });

  it('shows at sign-in where the console reached its station', async () => {
    const connection = new FakeConnection({ snapshot: buildSnapshot({ signedIn: false, role: 'technician' }) });
    const ui = await start(connection, { target: { home: '/srv/cetak', socket: '/srv/cetak/technician.sock' } });
    await ui.waitFor('station: /srv/cetak/technician.sock (data folder /srv/cetak)');
  });
});
