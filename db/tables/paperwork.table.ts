/** A number given to an official document, once per (kind, subject). */
export interface OfficialDocumentsTable {
  id: string;
  kind: string;
  subject: string;
  code: string;
  year: number;
  seq: number;
  number: string;
  issued_at: string;
  issued_by: string;
}

/** A counted batch of old cards residents handed back; counts only, never whose. */
export interface ReturnedOldCardsTable {
  id: string;
  received_at: string;
  received_by: string;
  quantity: number;
  note: string | null;
}

export interface DestructionSessionsTable {
  id: string;
  state: 'open' | 'closed';
  rule: 'burn' | 'corner-cut';
  place: string;
  method: string;
  opened_at: string;
  opened_by: string;
  closed_at: string | null;
  closed_by: string | null;
}

export interface DestructionWitnessesTable {
  session_id: string;
  seq: number;
  name: string;
  nip: string | null;
  position: string;
}

export interface DestructionItemsTable {
  id: string;
  session_id: string;
  kind: 'spoiled-card' | 'roll' | 'old-cards';
  attempt_id: string | null;
  roll_id: string | null;
  old_cards_id: string | null;
  quantity: number;
  added_at: string;
  checked_at: string | null;
  checked_by: string | null;
}

export interface CardHandoversTable {
  id: string;
  job_id: string;
  handed_at: string;
  handed_by: string;
  receiver_name: string;
  receiver_is_holder: number;
  identity_checked: string;
  note: string | null;
}
