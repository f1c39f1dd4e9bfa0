export interface OperatorsTable {
  id: string;
  name: string;
  role: 'operator' | 'supervisor' | 'technician';
  /** scrypt$N$r$p$salt$hash, never the PIN itself. */
  pin_hash: string;
  created_at: string;
  created_by: string;
  disabled_at: string | null;
}

export interface StationsTable {
  id: string;
  name: string;
  created_at: string;
}
