/**
 * The audit log as a hash chain: each row's hash covers the previous row's hash and the row's own fields,
 * so an edited, deleted, reordered or inserted row shows up when the chain is recomputed.
 *
 * Pure: the SHA-256 function is passed in (`(text) => lowercase hex`, hashing the UTF-8 bytes of the
 * text), so this module does no I/O and can be checked against any implementation.
 *
 * What the chain cannot show on its own: rows cut off the end, or a whole tail rewritten with fresh
 * hashes. Pass an `anchor` (a seq and hash recorded elsewhere, e.g. in the monthly blank report) to
 * cover that.
 */

/** A SHA-256 over the UTF-8 bytes of `text`, as 64 lowercase hex digits. */
export type Sha256Hex = (text: string) => string;

export interface AuditEntry {
  /** Consecutive from 1. */
  readonly seq: number;
  /** ISO timestamp. */
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly entityKind: string;
  readonly entityId: string;
  /** JSON-compatible values only (see canonicalJson); personal data masked before it gets here. */
  readonly details: Readonly<Record<string, unknown>>;
}

export interface AuditRow extends AuditEntry {
  /** The previous row's `hash`, or GENESIS_HASH for seq 1. */
  readonly prevHash: string;
  readonly hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

export const AUDIT_PROBLEM_KINDS = ['edited', 'deleted', 'reordered', 'broken-link', 'duplicate'] as const;
export type AuditProblemKind = (typeof AUDIT_PROBLEM_KINDS)[number];

export interface AuditProblem {
  /** The row concerned; for 'deleted', the first missing seq. */
  readonly seq: number;
  readonly kind: AuditProblemKind;
  readonly message: string;
}

export type AuditChainVerification =
  | { readonly ok: true; readonly count: number; readonly headHash: string }
  | {
      readonly ok: false;
      readonly count: number;
      /** Sorted by seq; at most `maxProblems`. */
      readonly problems: readonly AuditProblem[];
      /** Problems found beyond `maxProblems` and not listed. */
      readonly problemsOmitted: number;
    };

export interface AuditChainVerifierOptions {
  /**
   * A (seq, hash) pair recorded outside the database. The chain must reach this seq and have this hash
   * there; otherwise the tail was deleted or rewritten.
   */
  readonly anchor?: { readonly seq: number; readonly hash: string };
  /** Default 1000: bounds memory when a whole log has been tampered with. */
  readonly maxProblems?: number;
}

export class CanonicalJsonError extends TypeError {
  readonly code = 'audit-not-json';
  constructor(
    message: string,
    /** Dotted path to the offending value, "details.count". */
    readonly path: string,
  ) {
    super(message);
    this.name = 'CanonicalJsonError';
  }
}

/**
 * JSON with object keys sorted (UTF-16 code unit order) and no whitespace: the same value always gives the
 * same text, whatever order its keys were built in. For the values it accepts this is RFC 8785 (JCS).
 *
 * Accepts what survives a round trip through a JSON column unchanged: null, booleans, finite numbers,
 * strings, arrays and plain objects. Object members whose value is undefined are left out, as
 * JSON.stringify does. Anything else (NaN, Infinity, bigint, functions, symbols, Dates, Maps, class
 * instances, undefined in arrays, cycles) throws CanonicalJsonError, because storing it would change it
 * and the recomputed hash would no longer match.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, '$', new Set());
}

function encode(value: unknown, path: string, open: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new CanonicalJsonError(`canonicalJson: ${path} is ${value}, not a finite number.`, path);
      }
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(`canonicalJson: ${path} is a ${typeof value}, which JSON cannot hold.`, path);
  }
  if (open.has(value)) throw new CanonicalJsonError(`canonicalJson: ${path} refers back to itself.`, path);
  open.add(value);
  try {
    if (Array.isArray(value)) {
      const items = value.map((item: unknown, index) => {
        if (item === undefined) {
          throw new CanonicalJsonError(`canonicalJson: ${path}[${index}] is undefined.`, `${path}[${index}]`);
        }
        return encode(item, `${path}[${index}]`, open);
      });
      return `[${items.join(',')}]`;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new CanonicalJsonError(`canonicalJson: ${path} is not a plain object or array.`, path);
    }
    const record = value as Record<string, unknown>;
    const members: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const member = record[key];
      if (member === undefined) continue;
      members.push(`${JSON.stringify(key)}:${encode(member, `${path}.${key}`, open)}`);
    }
    return `{${members.join(',')}}`;
  } finally {
    open.delete(value);
  }
}

/** The text that is hashed: the previous hash and the entry's own fields, nothing else from the row. */
function hashInput(prevHash: string, entry: AuditEntry): string {
  return canonicalJson({
    prevHash,
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    entityKind: entry.entityKind,
    entityId: entry.entityId,
    details: entry.details,
  });
}

/** The hash a row with this entry must store when it follows a row whose hash is `prevHash`. */
export function hashEntry(prevHash: string, entry: AuditEntry, sha256: Sha256Hex): string {
  return sha256(hashInput(prevHash, entry));
}

/** The row to store for `entry` after a row whose hash is `prevHash` (GENESIS_HASH for seq 1). */
export function linkEntry(prevHash: string, entry: AuditEntry, sha256: Sha256Hex): AuditRow {
  return { ...entry, prevHash, hash: hashEntry(prevHash, entry, sha256) };
}

function brokenLinkMessage(seq: number, prevSeq: number): string {
  return `Row ${seq} does not link to row ${prevSeq}: one of them was changed and rehashed, or the link was altered.`;
}

interface SeqRange {
  from: number;
  to: number;
}

/**
 * Verifies a chain row by row, in the order the rows are stored (e.g. by insertion rowid, not by seq:
 * sorting by seq would hide reordering). Memory stays small for an intact chain of any length; it grows
 * only with the number of anomalies.
 *
 * - edited: the stored hash does not match the recomputed hash of the row's fields.
 * - broken-link: the row's prevHash is not the stored hash of the row with seq − 1 (that row, or this
 *   link, was changed and rehashed).
 * - deleted: seqs missing from the sequence (named by the first missing seq), or the chain stops before
 *   the anchor.
 * - reordered: a row stored after a row with a higher seq.
 * - duplicate: a seq seen twice (an inserted or copied row).
 */
export class AuditChainVerifier {
  readonly #sha256: Sha256Hex;
  readonly #options: Readonly<AuditChainVerifierOptions>;
  readonly #problems: AuditProblem[] = [];
  #problemsOmitted = 0;
  #count = 0;
  #maxSeq = 0;
  #headHash = GENESIS_HASH;
  /** Seqs above a gap that have not arrived (yet). */
  #missing: SeqRange[] = [];
  /** The previously pushed row, whose successor usually comes next. */
  #last: { seq: number; hash: string; successorChecked: boolean } | undefined;
  /** Hashes of rows whose successor was not the next row pushed: seq → hash. */
  readonly #orphanHashes = new Map<number, string>();
  /** Links claimed by rows that arrived before their predecessor: predecessor seq → claimed prevHash. */
  readonly #awaitingPrev = new Map<number, { claimedBy: number; prevHash: string }>();
  #anchorHash: string | undefined;

  constructor(sha256: Sha256Hex, options: AuditChainVerifierOptions = {}) {
    this.#sha256 = sha256;
    this.#options = Object.freeze({ ...options });
  }

  push(row: AuditRow): void {
    this.#count += 1;
    const { seq } = row;
    if (!Number.isSafeInteger(seq) || seq < 1) {
      this.#report({ seq, kind: 'edited', message: `A row has seq ${String(seq)}, not a positive integer.` });
      return;
    }

    // Order and gaps: an intact chain only ever takes the first branch.
    if (seq === this.#maxSeq + 1) {
      this.#maxSeq = seq;
    } else if (seq > this.#maxSeq + 1) {
      this.#missing.push({ from: this.#maxSeq + 1, to: seq - 1 });
      this.#maxSeq = seq;
    } else if (this.#takeMissing(seq)) {
      this.#report({
        seq,
        kind: 'reordered',
        message: `Row ${seq} is stored after row ${this.#maxSeq} (rows out of order).`,
      });
    } else {
      // A copy carries no link information of its own; it must not disturb the checks of the original.
      this.#report({ seq, kind: 'duplicate', message: `Row ${seq} appears more than once.` });
      if (hashEntry(row.prevHash, row, this.#sha256) !== row.hash) {
        this.#report({ seq, kind: 'edited', message: `Row ${seq} does not match its stored hash (edited).` });
      }
      return;
    }

    const expectedPrev = this.#predecessorHash(seq, row.prevHash);
    const recomputed = hashEntry(row.prevHash, row, this.#sha256);
    if (expectedPrev !== undefined && expectedPrev !== row.prevHash) {
      // If the row hashes correctly with the right link, only the prevHash column was changed.
      this.#report({
        seq,
        kind: 'broken-link',
        message: seq === 1 ? 'Row 1 does not start from the genesis hash.' : brokenLinkMessage(seq, seq - 1),
      });
      if (recomputed !== row.hash && hashEntry(expectedPrev, row, this.#sha256) !== row.hash) {
        this.#report({ seq, kind: 'edited', message: `Row ${seq} does not match its stored hash (edited).` });
      }
    } else if (recomputed !== row.hash) {
      this.#report({ seq, kind: 'edited', message: `Row ${seq} does not match its stored hash (edited).` });
    }

    let successorChecked = false;
    const claim = this.#awaitingPrev.get(seq);
    if (claim !== undefined) {
      this.#awaitingPrev.delete(seq);
      successorChecked = true;
      if (claim.prevHash !== row.hash) {
        this.#report({
          seq: claim.claimedBy,
          kind: 'broken-link',
          message: brokenLinkMessage(claim.claimedBy, seq),
        });
      }
    }

    if (this.#last !== undefined && !this.#last.successorChecked && seq !== this.#last.seq + 1) {
      this.#orphanHashes.set(this.#last.seq, this.#last.hash);
    }
    this.#last = { seq, hash: row.hash, successorChecked };
    if (seq === this.#maxSeq) this.#headHash = row.hash;
    if (this.#options.anchor?.seq === seq) this.#anchorHash = row.hash;
  }

  result(): AuditChainVerification {
    const problems = [...this.#problems];
    let omitted = this.#problemsOmitted;
    const add = (problem: AuditProblem) => {
      if (problems.length < this.#maxProblems()) problems.push(problem);
      else omitted += 1;
    };
    for (const { from, to } of this.#missing) {
      add({
        seq: from,
        kind: 'deleted',
        message:
          from === to
            ? `Row ${from} is missing (deleted after row ${from - 1}).`
            : `Rows ${from}–${to} are missing (deleted after row ${from - 1}).`,
      });
    }
    const anchor = this.#options.anchor;
    if (anchor !== undefined) {
      if (anchor.seq > this.#maxSeq) {
        add({
          seq: this.#maxSeq + 1,
          kind: 'deleted',
          message:
            `The chain ends at row ${this.#maxSeq} but the anchor records row ${anchor.seq}: ` +
            `rows ${this.#maxSeq + 1}–${anchor.seq} were deleted.`,
        });
      } else if (this.#anchorHash !== anchor.hash) {
        add({
          seq: anchor.seq,
          kind: 'edited',
          message: `Row ${anchor.seq} does not have the hash recorded in the anchor: the chain up to it was rewritten.`,
        });
      }
    }
    if (problems.length === 0 && omitted === 0) return { ok: true, count: this.#count, headHash: this.#headHash };
    problems.sort((a, b) => a.seq - b.seq);
    return { ok: false, count: this.#count, problems, problemsOmitted: omitted };
  }

  #maxProblems(): number {
    return this.#options.maxProblems ?? 1000;
  }

  #report(problem: AuditProblem): void {
    if (this.#problems.length < this.#maxProblems()) this.#problems.push(problem);
    else this.#problemsOmitted += 1;
  }

  /** Removes seq from the missing ranges; false if it was not missing. */
  #takeMissing(seq: number): boolean {
    const index = this.#missing.findIndex((range) => range.from <= seq && seq <= range.to);
    const range = this.#missing[index];
    if (range === undefined) return false;
    const parts: SeqRange[] = [];
    if (range.from < seq) parts.push({ from: range.from, to: seq - 1 });
    if (seq < range.to) parts.push({ from: seq + 1, to: range.to });
    this.#missing.splice(index, 1, ...parts);
    return true;
  }

  /**
   * The stored hash of row seq − 1 if it has been seen, GENESIS_HASH for row 1, else undefined (and the
   * claim is kept until that row arrives).
   */
  #predecessorHash(seq: number, claimedPrev: string): string | undefined {
    if (seq === 1) return GENESIS_HASH;
    const prevSeq = seq - 1;
    if (this.#last?.seq === prevSeq) {
      this.#last.successorChecked = true;
      return this.#last.hash;
    }
    const orphan = this.#orphanHashes.get(prevSeq);
    if (orphan !== undefined) {
      this.#orphanHashes.delete(prevSeq);
      return orphan;
    }
    this.#awaitingPrev.set(prevSeq, { claimedBy: seq, prevHash: claimedPrev });
    return undefined;
  }
}

/** Verifies a whole chain in stored order; see AuditChainVerifier for what each problem kind means. */
export function verifyChain(
  rows: Iterable<AuditRow>,
  sha256: Sha256Hex,
  options: AuditChainVerifierOptions = {},
): AuditChainVerification {
  const verifier = new AuditChainVerifier(sha256, options);
  for (const row of rows) verifier.push(row);
  return verifier.result();
}
