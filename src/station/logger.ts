import pino from 'pino';
import { JournalLines, RotatingLogFile } from './log-destinations.js';

/**
 * Structured logs, one child per module. Callers log ids, mnemonics and counts: never a full NIK,
 * a name or an image (use src/domain/masking.ts first).
 */
export type Logger = pino.Logger;

/**
 * The station's logger. To a file (`destination`, else CETAK_LOG_FILE) that rotates by size; under
 * systemd (JOURNAL_STREAM set) as journald lines on stdout; else JSON lines on stderr, so logs
 * never mix with command output or the console's screen.
 */
export function createLogger(options: { level?: string; destination?: string; env?: NodeJS.ProcessEnv } = {}): Logger {
  const env = options.env ?? process.env;
  const level = options.level ?? env['CETAK_LOG_LEVEL'] ?? 'info';
  const file = options.destination ?? env['CETAK_LOG_FILE'];
  if (file) return pino({ level, base: { pid: process.pid } }, new RotatingLogFile(file));
  if (env['JOURNAL_STREAM']) return pino({ level, base: {}, timestamp: false }, new JournalLines(1));
  return pino({ level, base: { pid: process.pid } }, pino.destination(2));
}

/** A logger that drops everything: for one-shot CLI commands where the user reads stderr sentences. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
