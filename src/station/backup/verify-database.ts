import { openDatabase, sqliteIntegrityProblems } from '../../../db/index.js';
import type { Database } from '../../../db/schema.js';
import { verifyAuditLog } from '../audit/audit-verify.js';
import { systemClock } from '../clock.js';
import { verifyLedger } from '../stock/ledger-verify.js';
import { silentLogger } from '../logger.js';

/** What a backup or a restored database was checked for, and what was found. */
export interface DatabaseVerification {
  readonly ok: boolean;
  /** Audit rows the chain was walked through. */
  readonly auditRows: number;
  /** The first problems found (integrity, audit chain, ledger), in words; empty when ok. */
  readonly problems: readonly string[];
}

const MAX_PROBLEMS = 10;

/**
 * Checks a database the way `cetak audit verify` does, plus SQLite's own integrity check: the file's
 * pages, the audit hash chain to its head, and every stock balance against its movements. `url` is
 * a SQLite path or a `postgres://` URL. It writes nothing (it never migrates).
 */
export async function verifyDatabase(url: string): Promise<DatabaseVerification> {
  const problems: string[] = [];
  const sqlite = !/^postgres(ql)?:\/\//i.test(url);
  if (sqlite) {
    problems.push(...sqliteIntegrityProblems(url).map((p) => `integrity: ${p}`));
    if (problems.length > 0) return { ok: false, auditRows: 0, problems: problems.slice(0, MAX_PROBLEMS) };
  }
  const database = await openDatabase<Database>({ url });
  try {
    const ctx = { db: database.kysely, dialect: database.dialect, clock: systemClock, stationId: 'verify', home: '', log: silentLogger() };
    const chain = await verifyAuditLog(ctx);
    if (!chain.ok) {
      problems.push(`audit chain: ${chain.problems.length + chain.problemsOmitted} problem(s)`);
      for (const p of chain.problems) problems.push(`audit row ${p.seq}: ${p.kind}: ${p.message}`);
    }
    for (const p of await verifyLedger(ctx)) problems.push(`ledger: ${p}`);
    return { ok: problems.length === 0, auditRows: chain.count, problems: problems.slice(0, MAX_PROBLEMS) };
  } finally {
    await database.close();
  }
}
