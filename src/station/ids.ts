import { randomUUID } from 'node:crypto';

/**
 * Ids are made by the application so both databases store them the same way. The prefix tells a
 * technician what an id is when it shows up in a log ("job_…", "att_…", "roll_…").
 */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
}
