import type { ColumnType } from 'kysely';

export interface JobsTable {
  id: string;
  record_id: string;
  state: string;
  state_reason: string | null;
  priority_rank: number;
  queued_at: string;
  updated_at: string;
  /**
   * A scheduling hint on a shared queue, not an accountable event: `station/printer` that has
   * picked this job to render next, until `claimed_until` (ISO-8601 UTC). Other printers skip it
   * meanwhile; an expired claim is void. Optional on insert.
   */
  claimed_by: ColumnType<string | null, string | null | undefined, string | null>;
  claimed_until: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AttemptsTable {
  id: string;
  job_id: string;
  printer_id: string;
  station_id: string;
  state: string;
  sides: number;
  film_roll_id: string | null;
  ribbon_roll_id: string | null;
  started_at: string;
  finished_at: string | null;
  reason: string | null;
  resolved_by: string | null;
  /** The blank's chip UID (hex), once read for this attempt; unique over all attempts. */
  chip_uid: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PrintersTable {
  id: string;
  name: string;
  family: string;
  uri: string;
  station_id: string;
  simulated: number;
  created_at: string;
}
