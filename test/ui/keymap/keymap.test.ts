import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { routeKey } from '../../../ui/keymap/command-router.js';
import { keyName, keyNamesOfChunk, PLAIN_KEY } from '../../../ui/keymap/key-name.js';
import { ALL_COMMANDS, CATEGORIES, commandForKey, NAMED_KEYS, SCOPES } from '../../../ui/keymap/keymap.js';
import { renderKeysDoc } from '../../../ui/keymap/render-keys-doc.js';

const isValidKey = (key: string) =>
  (NAMED_KEYS as readonly string[]).includes(key) || /^ctrl\+[a-z]$/.test(key) || (key.length === 1 && key >= '!' && key <= '~');

describe('keymap', () => {
  it('gives every command keys, a description, one known category and one scope', () => {
    for (const c of ALL_COMMANDS) {
      expect(c.keys.length, c.id).toBeGreaterThan(0);
      expect(c.description.length, c.id).toBeGreaterThan(5);
      expect(CATEGORIES.filter((cat) => cat === c.category), c.id).toHaveLength(1);
      expect(SCOPES, c.id).toContain(c.scope);
      for (const key of c.keys) expect(isValidKey(key), `${c.id}: ${key}`).toBe(true);
    }
  });

  it('has unique dotted ids', () => {
    const ids = ALL_COMMANDS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(\.[a-z-]+)+$/);
  });

  it('never binds one key to two commands in the same scope', () => {
    for (const scope of SCOPES) {
      const seen = new Map<string, string>();
      for (const c of ALL_COMMANDS.filter((x) => x.scope === scope)) {
        for (const key of c.keys) {
          expect(seen.get(key), `${scope}: ${key} is bound to ${seen.get(key)} and ${c.id}`).toBeUndefined();
          seen.set(key, c.id);
        }
      }
    }
  });

  it('looks keys up from the innermost scope outwards', () => {
    expect(commandForKey('r', ['screen:queue', 'global'])?.id).toBe('jobs.release');
    expect(commandForKey('r', ['screen:printers', 'global'])?.id).toBe('printers.resume');
    expect(commandForKey('enter', ['panel:queue.detail', 'screen:queue', 'global'])?.id).toBe('jobs.close-detail');
    expect(commandForKey('enter', ['screen:queue', 'global'])?.id).toBe('nav.open');
    expect(commandForKey('h', ['screen:stock', 'global'])).toBeNull();
  });

  it('routes a command to the first layer that handles it and words why it is unavailable', () => {
    const ran: string[] = [];
    const layers = [
      { scopes: ['screen:queue'] as const, table: { 'jobs.hold': { run: () => ran.push('screen'), unavailable: 'technician view: no print actions' }, 'nav.down': { run: () => ran.push('screen-down') } } },
      { scopes: ['global'] as const, table: { 'nav.down': { run: () => ran.push('global-down') }, 'app.quit': { run: () => ran.push('quit') } } },
    ];
    expect(routeKey('h', layers, 'not here')).toMatchObject({ kind: 'unavailable', reason: 'technician view: no print actions' });
    const down = routeKey('j', layers, 'not here');
    if (down.kind === 'run') down.handler.run();
    expect(ran).toEqual(['screen-down']);
    expect(routeKey('c', layers, 'not here')).toMatchObject({ kind: 'unavailable', reason: 'not here' });
    expect(routeKey('Z', layers, 'not here')).toEqual({ kind: 'unbound' });
  });

  it('keeps docs/keys.md equal to a fresh render (npx tsx ui/keymap/write-keys-doc.ts)', () => {
    const committed = readFileSync(fileURLToPath(new URL('../../../docs/keys.md', import.meta.url)), 'utf8');
    expect(committed).toBe(renderKeysDoc());
    const indonesian = readFileSync(fileURLToPath(new URL('../../../docs/keys.id.md', import.meta.url)), 'utf8');
    expect(indonesian).toBe(renderKeysDoc('id'));
    expect(indonesian).toContain('| `h` | `jobs.hold` | Tahan pekerjaan (alasan ditanya) | Antrean |');
  });

  it('lists every command in docs/keys.md', () => {
    const doc = renderKeysDoc();
    for (const c of ALL_COMMANDS) expect(doc).toContain(`\`${c.id}\``);
  });
});

describe('keyName', () => {
  const key = (over: Partial<Key>): Key => ({
    upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
    return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
    super: false, hyper: false, capsLock: false, numLock: false, ...over,
  });

  it('names the keys the keymap uses', () => {
    expect(keyName('', key({ pageDown: true }))).toBe('pgdn');
    expect(keyName('', key({ tab: true, shift: true }))).toBe('shift+tab');
    expect(keyName('c', key({ ctrl: true }))).toBe('ctrl+c');
    expect(keyName('G', key({ shift: true }))).toBe('G');
    expect(keyName('', key({ delete: true }))).toBe('backspace');
    expect(keyName('', key({ return: true }))).toBe('enter');
    expect(keyName('abc', key({}))).toBeNull();
  });

  it('splits a chunk of several keys (fast typing, paste, tmux send-keys) into keys in order', () => {
    expect(keyNamesOfChunk('ab\t12\r', PLAIN_KEY)).toEqual([['a', 'a'], ['b', 'b'], ['tab', ''], ['1', '1'], ['2', '2'], ['enter', '']]);
    expect(keyNamesOfChunk('x\u007f\u0003', PLAIN_KEY)).toEqual([['x', 'x'], ['backspace', ''], ['ctrl+c', '']]);
    expect(keyNamesOfChunk('j', PLAIN_KEY)).toBeNull();
    expect(keyNamesOfChunk('\u001B[A', PLAIN_KEY)).toBeNull();
  });
});
