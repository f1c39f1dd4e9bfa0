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

/** Failed sign-ins under one key: `id:<operator id>` or `socket:<operator|technician>`. */
export interface SignInLocksTable {
  key: string;
  /** Failures since the last lock (or the last success, for an id). */
  failures: number;
  /** Locks so far; each lock lasts twice the one before, up to a cap. */
  locks: number;
  /** ISO time the current lock ends; null when never locked. */
  locked_until: string | null;
  last_failure_at: string;
}
