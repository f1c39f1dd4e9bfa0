export interface BackoffOptions {
  /** Wait after the first failure, in ms. Default 500. */
  readonly firstMs?: number;
  /** Longest wait, in ms. Default 30 000. */
  readonly maxMs?: number;
}

/**
 * The one backoff rule (hardware and station): the wait before the next try after `failures` consecutive
 * failures doubles from `firstMs` up to `maxMs`; no failure, no wait.
 */
export function backoffDelayMs(failures: number, options: BackoffOptions = {}): number {
  if (failures <= 0) return 0;
  const firstMs = options.firstMs ?? 500;
  const maxMs = options.maxMs ?? 30_000;
  return Math.min(maxMs, firstMs * 2 ** Math.min(failures - 1, 30));
}
