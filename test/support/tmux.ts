import { execFileSync } from 'node:child_process';

/**
 * A real terminal for end-to-end tests: a detached tmux session of a fixed size running one command.
 * Reads the screen as a user sees it (capture-pane) and types with send-keys.
 */
export class TmuxSession {
  readonly name: string;
  constructor(name: string, command: string, options: { width?: number; height?: number; env?: Record<string, string> } = {}) {
    this.name = name;
    // The tmux server keeps the environment it started with; the harness's language is passed on.
    const inherited = process.env['CETAK_LANG'] ? { CETAK_LANG: process.env['CETAK_LANG'] } : {};
    const env = Object.entries({ ...inherited, ...options.env }).map(([k, v]) => `${k}=${shellQuote(v)}`).join(' ');
    // remain-on-exit keeps the last screen after the command ends, so a test can read it.
    execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', String(options.width ?? 80), '-y', String(options.height ?? 24), `env ${env} ${command}`]);
    execFileSync('tmux', ['set-option', '-t', name, 'remain-on-exit', 'on']);
  }

  screen(options: { escapes?: boolean } = {}): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-t', this.name, ...(options.escapes ? ['-e'] : [])], { encoding: 'utf8' });
  }

  keys(...keys: string[]): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, ...keys]);
  }

  /** Types text literally (no key-name interpretation). */
  type(text: string): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, '-l', text]);
  }

  /** True once the command in the pane has exited. */
  exited(): boolean {
    return execFileSync('tmux', ['display-message', '-p', '-t', this.name, '#{pane_dead}'], { encoding: 'utf8' }).trim() === '1';
  }

  async waitFor(what: string | RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (typeof what === 'string' ? screen.includes(what) : what.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`screen never showed ${String(what)}; it shows:\n${screen}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async waitUntil(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen shows:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  kill(): void {
    try {
      execFileSync('tmux', ['kill-session', '-t', this.name]);
    } catch {
      // already gone
    }
  }
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
