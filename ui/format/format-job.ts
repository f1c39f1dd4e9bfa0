import type { JobRow } from '../../src/api/views.js';

const PRIORITY_SHORT: Readonly<Record<JobRow['priority'], string>> = {
  'first-card': '1st',
  'data-change': 'chg',
  replacement: 'rep',
};

export function priorityShort(priority: JobRow['priority']): string {
  return PRIORITY_SHORT[priority];
}

/** The state column: words only, so it reads the same without colour. */
export function jobStateText(state: JobRow['state']): string {
  return state === 'in-doubt' ? 'IN DOUBT' : state;
}
