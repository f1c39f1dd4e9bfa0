import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** What pino writes its lines to. */
export interface LogLineSink {
  write(line: string): void;
}

export interface RotatingLogFileOptions {
  /** Size at which the file is moved to `.1`. Default 10 MiB. */
  readonly maxBytes?: number;
  /** Old files kept (`.1` newest … `.N`). Default 5. */
  readonly keep?: number;
}

/**
 * A log file that rotates itself by size: `station.log` → `station.log.1` → … → `.N`, the oldest
 * dropped. Written synchronously, so the line about a crash is on disk before the process dies; a
 * station writes a few lines a second. Mode 0600 in a 0700 folder: lines carry operator ids.
 */
export class RotatingLogFile implements LogLineSink {
  readonly #path: string;
  readonly #maxBytes: number;
  readonly #keep: number;
  #fd: number;
  #size: number;

  constructor(path: string, options: RotatingLogFileOptions = {}) {
    this.#path = path;
    this.#maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
    this.#keep = options.keep ?? 5;
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    this.#fd = openSync(path, 'a', 0o600);
    this.#size = fstatSync(this.#fd).size;
  }

  write(line: string): void {
    const bytes = Buffer.from(line);
    if (this.#size > 0 && this.#size + bytes.length > this.#maxBytes) this.#rotate();
    writeSync(this.#fd, bytes);
    this.#size += bytes.length;
  }

  #rotate(): void {
    closeSync(this.#fd);
    for (let i = this.#keep - 1; i >= 1; i--) {
      if (existsSync(`${this.#path}.${i}`)) renameSync(`${this.#path}.${i}`, `${this.#path}.${i + 1}`);
    }
    if (this.#keep > 0) renameSync(this.#path, `${this.#path}.1`);
    this.#fd = openSync(this.#path, this.#keep > 0 ? 'a' : 'w', 0o600);
    this.#size = 0;
  }
}

/** pino level → syslog priority, which journald reads from a `<N>` prefix. */
function priority(level: number): number {
  if (level >= 60) return 2;
  if (level >= 50) return 3;
  if (level >= 40) return 4;
  if (level >= 30) return 6;
  return 7;
}

const OMITTED = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'module']);

/**
 * Lines for journald under systemd: `<6>station: P1 printed a card printer=p1 job=…`. journald
 * stamps time, pid and unit itself, and reads the priority from the prefix, so `journalctl -p
 * warning -u cetak-station` shows what needs a person.
 */
export class JournalLines implements LogLineSink {
  constructor(private readonly fd: number = 1) {}

  write(line: string): void {
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      writeSync(this.fd, line);
      return;
    }
    const fields = Object.entries(entry)
      .filter(([k]) => !OMITTED.has(k))
      .map(([k, v]) => `${k}=${typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v)}`);
    const module = typeof entry['module'] === 'string' ? `${entry['module']}: ` : '';
    writeSync(this.fd, `<${priority(Number(entry['level']))}>${module}${String(entry['msg'] ?? '')}${fields.length ? ` ${fields.join(' ')}` : ''}\n`);
  }
}
