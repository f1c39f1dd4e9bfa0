/**
 * A small terminal model for tests: applies the control sequences Ink and the console write (cursor
 * moves, line erases, SGR, alternate screen) to a grid, so a test reads the screen as a person would.
 * Unknown sequences throw, so a new kind of output cannot pass unnoticed.
 */
export class ScreenModel {
  readonly columns: number;
  readonly rows: number;
  #grid: string[][];
  #row = 0;
  #col = 0;
  altScreen = false;
  cursorVisible = true;
  clears = 0;

  constructor(columns: number, rows: number) {
    this.columns = columns;
    this.rows = rows;
    this.#grid = this.#blank();
  }

  #blank(): string[][] {
    return Array.from({ length: this.rows }, () => Array.from({ length: this.columns }, () => ' '));
  }

  #lineFeed(): void {
    if (this.#row === this.rows - 1) {
      this.#grid.shift();
      this.#grid.push(Array.from({ length: this.columns }, () => ' '));
    } else {
      this.#row += 1;
    }
  }

  write(data: string): void {
    let i = 0;
    while (i < data.length) {
      const ch = data[i]!;
      if (ch === '\u001B') {
        const rest = data.slice(i);
        const csi = /^\u001B\[([?<>=]?)([\d;]*)([A-Za-z@])/.exec(rest);
        if (csi) {
          this.#csi(csi[1]!, csi[2]!, csi[3]!);
          i += csi[0].length;
          continue;
        }
        if (rest[1] === 'c') {
          this.clears += 1;
          this.#grid = this.#blank();
          i += 2;
          continue;
        }
        throw new Error(`screen model: unknown escape ${JSON.stringify(rest.slice(0, 8))}`);
      }
      if (ch === '\n') {
        // A tty with onlcr turns LF into CR LF.
        this.#col = 0;
        this.#lineFeed();
      } else if (ch === '\r') {
        this.#col = 0;
      } else if (ch >= ' ') {
        if (this.#col >= this.columns) {
          this.#col = 0;
          this.#lineFeed();
        }
        this.#grid[this.#row]![this.#col] = ch;
        this.#col += 1;
      }
      i += 1;
    }
  }

  #csi(prefix: string, params: string, final: string): void {
    // Terminals read a missing or zero count as one.
    const n = Math.max(1, params === '' ? 1 : Number(params.split(';')[0]));
    if (prefix === '?') {
      const on = final === 'h';
      if (params === '1049') {
        this.altScreen = on;
        if (on) this.#grid = this.#blank();
      } else if (params === '25') this.cursorVisible = on;
      return;
    }
    switch (final) {
      case 'm':
        return;
      case 'A':
        this.#row = Math.max(0, this.#row - n);
        return;
      case 'B':
        this.#row = Math.min(this.rows - 1, this.#row + n);
        return;
      case 'E':
        this.#row = Math.min(this.rows - 1, this.#row + n);
        this.#col = 0;
        return;
      case 'G':
        this.#col = Math.max(0, n - 1);
        return;
      case 'H': {
        const [r = 1, c = 1] = params.split(';').map((v) => (v === '' ? 1 : Number(v)));
        this.#row = r - 1;
        this.#col = c - 1;
        return;
      }
      case 'K': {
        const mode = params === '' ? 0 : Number(params);
        const line = this.#grid[this.#row]!;
        const [from, to] = mode === 0 ? [this.#col, this.columns] : mode === 1 ? [0, this.#col + 1] : [0, this.columns];
        for (let c = from; c < to; c += 1) line[c] = ' ';
        return;
      }
      case 'J':
        if (params === '2' || params === '3') {
          this.clears += 1;
          this.#grid = this.#blank();
        } else {
          for (let r = this.#row + 1; r < this.rows; r += 1) this.#grid[r] = Array.from({ length: this.columns }, () => ' ');
          const line = this.#grid[this.#row]!;
          for (let c = this.#col; c < this.columns; c += 1) line[c] = ' ';
        }
        return;
      default:
        throw new Error(`screen model: unknown CSI ${prefix}${params}${final}`);
    }
  }

  lines(): string[] {
    return this.#grid.map((l) => l.join('').replace(/\s+$/, ''));
  }

  text(): string {
    return this.lines().join('\n');
  }
}
