/**
 * Errors the station reports to people. `code` is stable (the console words it from ui/text.ts);
 * `message` is one plain sentence with what went wrong and where; neither carries personal data.
 */
export class StationError extends Error {
  readonly code: string;
  readonly params: Readonly<Record<string, string | number>>;
  constructor(code: string, message: string, params: Record<string, string | number> = {}) {
    super(message);
    this.name = 'StationError';
    this.code = code;
    this.params = Object.freeze({ ...params });
  }
}

export function isStationError(error: unknown): error is StationError {
  return error instanceof StationError;
}
