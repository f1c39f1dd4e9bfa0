import type { Key } from 'ink';

/**
 * Turns one Ink keypress into the key name the keymap uses: `enter`, `pgdn`, `ctrl+c`, or the typed
 * character (`G`, `?`). Returns null for input the console ignores (pastes, unknown sequences).
 */
export function keyName(input: string, key: Key): string | null {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pgup';
  if (key.pageDown) return 'pgdn';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  // Most terminals send DEL (0x7f) for the Backspace key, which Ink reports as `delete`.
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input.length === 1) return `ctrl+${input.toLowerCase()}`;
  // Space has a name so the keymap can bind it; a text field still types it (modal-layers typedText).
  if (input === ' ') return 'space';
  if (input.length === 1 && input >= ' ') return input;
  return null;
}

/** A keypress with no modifier or special key, for keys split out of a chunk. */
export const PLAIN_KEY: Key = Object.freeze({
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
});

const CONTROL_NAMES: Readonly<Record<string, string>> = { '\r': 'enter', '\n': 'enter', '\t': 'tab', '\u007f': 'backspace', '\b': 'backspace' };

/**
 * Splits a multi-character chunk of plain input (typed fast, pasted, or sent by tmux) into keys:
 * each [key name, text] in order. Returns null for a single key or an escape sequence, which Ink
 * has already parsed.
 */
export function keyNamesOfChunk(input: string, key: Key): [string | null, string][] | null {
  if (input.length <= 1 || key.ctrl || key.meta || input.includes('\u001B')) return null;
  return [...input].map((ch): [string | null, string] => {
    const control = CONTROL_NAMES[ch];
    if (control) return [control, ''];
    if (ch < ' ') return [`ctrl+${String.fromCharCode(ch.charCodeAt(0) + 96)}`, ''];
    if (ch === ' ') return ['space', ch];
    return [ch, ch];
  });
}
