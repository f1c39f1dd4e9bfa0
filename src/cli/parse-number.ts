import { UsageError } from './cli-error.js';

/** A whole number from an option, with the option named in the error. */
export function wholeNumber(option: string, text: string, { allowNegative = false } = {}): number {
  const pattern = allowNegative ? /^[+-]?\d+$/ : /^\+?\d+$/;
  if (!pattern.test(text.trim())) throw new UsageError(`${option} must be a whole number${allowNegative ? ' (e.g. -3 or 5)' : ''}, got "${text}"`);
  return Number(text);
}

export function isoDateOption(option: string, text: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text))) throw new UsageError(`${option} must be a date yyyy-mm-dd, got "${text}"`);
  return text;
}
