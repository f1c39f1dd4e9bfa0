/** Waits that double from `firstMs` up to `maxMs` (250, 500, 1000, … 10000, 10000, …). */
export function* backoff(firstMs: number, maxMs: number): Generator<number, never> {
  for (let ms = firstMs; ; ms = Math.min(ms * 2, maxMs)) yield ms;
}
