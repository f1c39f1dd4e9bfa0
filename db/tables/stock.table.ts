import type { ColumnType } from 'kysely';

export interface BlankBatchesTable {
  id: string;
  document_no: string;
  quantity: number;
  serial_from: string | null;
  serial_to: string | null;
  received_at: string;
  received_by: string;
  /** Where the batch came from: the Directorate's allocation unless said otherwise. Optional on insert. */
  source: ColumnType<string, string | undefined, string>;
}

export interface ConsumableTypesTable {
  id: string;
  family: string;
  kind: 'film' | 'ribbon';
  name: string;
  nominal_images: number;
}

export interface RollsTable {
  id: string;
  type_id: string;
  kind: 'film' | 'ribbon';
  lot: string;
  capacity_images: number;
  state: string;
  printer_id: string | null;
  ownership: 'own' | 'borrowed';
  loan_id: string | null;
  station_id: string | null;
  received_at: string;
  destroyed_at: string | null;
  destruction_method: string | null;
  destroyed_by: string | null;
  destruction_witness: string | null;
}

export interface LoansTable {
  id: string;
  direction: 'borrowed' | 'lent';
  counterparty: string;
  type_id: string;
  roll_count: number;
  due_date: string;
  created_at: string;
  created_by: string;
  closed_at: string | null;
  note: string | null;
}

/** One append-only stock movement: `quantity` units of `item` go from one bucket to another. */
export interface MovementsTable {
  id: string;
  audit_seq: number;
  at: string;
  actor: string;
  item: 'blank' | 'roll' | 'images';
  type_id: string | null;
  roll_id: string | null;
  batch_id: string | null;
  from_bucket: string;
  to_bucket: string;
  quantity: number;
  attempt_id: string | null;
  loan_id: string | null;
  printer_id: string | null;
  reason: string | null;
  /** The blank loan this movement makes or settles. Optional on insert. */
  blank_loan_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The sub-unit blanks are distributed to or come back from. Optional on insert. */
  location: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Cached balance per (item, scope, bucket); scope is '' for blanks, the roll id for images. */
export interface StockBalancesTable {
  item: string;
  scope: string;
  bucket: string;
  quantity: number;
}
