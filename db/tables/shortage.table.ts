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
