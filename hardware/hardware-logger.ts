/**
 * The one logging slice everything in hardware/ takes; the station's pino logger fits it. Hardware
 * logs states, mnemonics and byte counts, never payloads or panels (style.md house rule 17).
 */
export interface HardwareLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Logs nothing; the default. */
export const SILENT_LOGGER: HardwareLogger = { debug: () => {}, warn: () => {} };
