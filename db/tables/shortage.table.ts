/** An office, supplier, the Directorate, or one of our sub-units, as the office knows them. */
export interface DirectoryTable {
  id: string;
  name: string;
  kind: 'office' | 'supplier' | 'directorate' | 'sub-unit';
  contact: string | null;
  note: string | null;
  created_at: string;
  created_by: string;
}

/** Blanks borrowed from or lent to another office; settled by blank movements carrying its id. */
export interface BlankLoansTable {
  id: string;
  direction: 'borrowed' | 'lent';
  counterparty: string;
  quantity: number;
  /** The letter the loan was made under. */
  document_no: string;
  due_date: string;
  created_at: string;
  created_by: string;
  closed_at: string | null;
  note: string | null;
}

/** A Surat Keterangan pengganti KTP-el issued against a job; closed by the job's printed card. */
export interface SuketsTable {
  id: string;
  number: string;
  job_id: string;
  issued_at: string;
  issued_by: string;
  /** Office-local date (yyyy-mm-dd), six months after issue. */
  valid_until: string;
  official_name: string;
  official_nip: string;
}

/** The one rationing row ('office'): on since when, and the daily quotas a supervisor confirmed. */
export interface RationingTable {
  id: string;
  on_since: string | null;
  set_by: string;
  set_at: string;
  reason: string | null;
  /** JSON: { [family]: cards per day }. */
  quotas: string;
}
