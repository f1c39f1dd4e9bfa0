import { DISABLE_MOUSE, ENABLE_MOUSE } from './mouse.js';

/** Terminal control sequences the console writes itself (Ink does not manage the alternate screen). */
export const ENTER_ALT_SCREEN = '\u001B[?1049h';
export const LEAVE_ALT_SCREEN = '\u001B[?1049l';
export const HIDE_CURSOR = '\u001B[?25l';
export const SHOW_CURSOR = '\u001B[?25h';
/** Cursor home; the alternate screen starts blank, so no clear is needed. */
export const CURSOR_HOME = '\u001B[H';
/** Resets colours and attributes in case an exit came mid-frame. */
export const RESET_ATTRIBUTES = '\u001B[0m';

export interface TerminalOutput {
  write(data: string): boolean;
}

export interface RawModeInput {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/**
 * The alternate screen for one console session. `leave()` is idempotent and synchronous, so it is
 * safe from signal handlers, 'exit' listeners and error paths alike: whichever runs first restores the
 * terminal (main screen, cursor shown, attributes reset, cooked mode) and the rest do nothing.
 */
export class AltScreen {
  #entered = false;
  #left = false;
  readonly #stdout: TerminalOutput;
  readonly #stdin: RawModeInput;
  readonly #mouse: boolean;

  /** `mouse`: report clicks and the wheel while the console is up (the console.mouse setting). */
  constructor(stdout: TerminalOutput, stdin: RawModeInput, options: { mouse?: boolean } = {}) {
    this.#stdout = stdout;
    this.#stdin = stdin;
    this.#mouse = options.mouse ?? false;
  }

  enter(): void {
    if (this.#entered) return;
    this.#entered = true;
    this.#stdout.write(ENTER_ALT_SCREEN + HIDE_CURSOR + CURSOR_HOME + (this.#mouse ? ENABLE_MOUSE : ''));
  }

  leave(): void {
    if (!this.#entered || this.#left) return;
    this.#left = true;
    try {
      this.#stdout.write((this.#mouse ? DISABLE_MOUSE : '') + RESET_ATTRIBUTES + SHOW_CURSOR + LEAVE_ALT_SCREEN);
    } catch {
      // The terminal may already be gone (SSH hang-up); nothing is left to restore then.
    }
    try {
      if (this.#stdin.isTTY) this.#stdin.setRawMode?.(false);
    } catch {
      // Same: a closed tty cannot leave raw mode, and does not need to.
    }
  }

  get active(): boolean {
    return this.#entered && !this.#left;
  }
}
