import pino from 'pino';

/**
 * Structured logs, one child per module. Callers log ids, mnemonics and counts: never a full NIK,
 * a name or an image (use src/domain/masking.ts first).
 */
export type Logger = pino.Logger;

export function createLogger(options: { level?: string; destination?: string } = {}): Logger {
  const level = options.level ?? process.env['CETAK_LOG_LEVEL'] ?? 'info';
  if (options.destination) {
    return pino({ level, base: { pid: process.pid } }, pino.destination({ dest: options.destination, mkdir: true, sync: false }));
  }
  // Without a file, logs go to stderr so they never mix with command output or the console's screen.
  return pino({ level, base: { pid: process.pid } }, pino.destination(2));
}

/** A logger that drops everything: for one-shot CLI commands where the user reads stderr sentences. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
