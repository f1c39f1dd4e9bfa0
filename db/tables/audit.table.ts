export interface AuditLogTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity_kind: string;
  entity_id: string;
  /** Canonical JSON; never unmasked personal data. */
  details: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}
