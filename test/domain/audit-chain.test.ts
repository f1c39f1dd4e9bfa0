import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AuditChainVerifier,
  CanonicalJsonError,
  GENESIS_HASH,
  canonicalJson,
  hashEntry,
  linkEntry,
  verifyChain,
} from '../../src/domain/audit-chain.js';
import type { AuditEntry, AuditRow } from '../../src/domain/audit-chain.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function entry(seq: number): AuditEntry {
  return {
    seq,
    at: new Date(Date.UTC(2026, 10, 27, 8, 0, seq)).toISOString(),
    actor: seq % 2 === 0 ? 'operator:ana' : 'station',
    action: 'card.printed',
    entityKind: 'job',
    entityId: `job-${seq}`,
    details: { printer: 'fargo-1', nik: '5371********0003', attempt: seq % 3, flags: ['qc'] },
  };
}

function buildChain(length: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const row = linkEntry(prev, entry(seq), sha256);
    rows.push(row);
    prev = row.hash;
  }
  return rows;
}

/** Rewrites a row's fields and gives it a fresh, self-consistent hash (what a careful forger does). */
function rehash(row: AuditRow, changes: Partial<AuditEntry>): AuditRow {
  return linkEntry(row.prevHash, { ...row, ...changes }, sha256);
}

function problemsOf(rows: Iterable<AuditRow>, options = {}) {
  const result = verifyChain(rows, sha256, options);
  return result.ok ? [] : result.problems.map(({ seq, kind }) => ({ seq, kind }));
}

describe('canonicalJson', () => {
  it('sorts keys at every depth, whatever order they were built in', () => {
    const a = { b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } };
    const b = { a: { c: 'x', d: [3, { y: null, z: true }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('escapes strings as JSON does and orders keys by UTF-16 code units', () => {
    expect(canonicalJson({ 'é': 1, Z: 2, a: 3, '"q"': 'line\nbreak ✓' })).toBe(
      '{"\\"q\\"":"line\\nbreak ✓","Z":2,"a":3,"é":1}',
    );
  });

  it('formats numbers as JSON does and -0 as 0', () => {
    expect(canonicalJson([1, 1.5, -0, 1e21, 0.1 + 0.2])).toBe('[1,1.5,0,1e+21,0.30000000000000004]');
  });

  it('leaves out undefined members, like a JSON column would', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
    expect(canonicalJson(Object.assign(Object.create(null) as object, { k: 'v' }))).toBe('{"k":"v"}');
  });

  it.each([
    ['NaN', { n: Number.NaN }, '$.n'],
    ['Infinity', { n: Number.POSITIVE_INFINITY }, '$.n'],
    ['bigint', { n: 1n }, '$.n'],
    ['function', { f: () => 1 }, '$.f'],
    ['symbol', [Symbol('s')], '$[0]'],
    ['Date', { at: new Date(0) }, '$.at'],
    ['Map', { m: new Map() }, '$.m'],
    ['class instance', { e: new Error('x') }, '$.e'],
    ['undefined in an array', [1, undefined], '$[1]'],
    ['top-level undefined', undefined, '$'],
  ])('refuses %s, naming the path', (_name, value, path) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
    try {
      canonicalJson(value);
    } catch (error) {
      expect(error).toMatchObject({ code: 'audit-not-json', path });
    }
  });

  it('refuses cycles but accepts the same object twice side by side', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/refers back to itself/);
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it('round-trips through JSON.parse to the same text for random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('hashEntry', () => {
  it('covers the previous hash and every field of the entry', () => {
    const base = entry(7);
    const hash = hashEntry(GENESIS_HASH, base, sha256);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashEntry('f'.repeat(64), base, sha256)).not.toBe(hash);
    const changes: Partial<AuditEntry>[] = [
      { seq: 8 },
      { at: '2026-11-27T08:00:08.000Z' },
      { actor: 'operator:budi' },
      { action: 'card.spoiled' },
      { entityKind: 'roll' },
      { entityId: 'job-8' },
      { details: { ...base.details, attempt: 9 } },
    ];
    for (const change of changes) expect(hashEntry(GENESIS_HASH, { ...base, ...change }, sha256)).not.toBe(hash);
  });

  it('ignores the row’s own hash columns and detail key order', () => {
    const base = entry(3);
    const row = { ...base, prevHash: 'x', hash: 'y', extra: 1 } as AuditEntry;
    expect(hashEntry(GENESIS_HASH, row, sha256)).toBe(hashEntry(GENESIS_HASH, base, sha256));
    const reordered = { ...base, details: Object.fromEntries(Object.entries(base.details).reverse()) };
    expect(hashEntry(GENESIS_HASH, reordered, sha256)).toBe(hashEntry(GENESIS_HASH, base, sha256));
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain and returns its head', () => {
    const rows = buildChain(50);
    expect(verifyChain(rows, sha256)).toEqual({ ok: true, count: 50, headHash: rows[49]?.hash });
    expect(rows[0]?.prevHash).toBe(GENESIS_HASH);
  });

  it('accepts an empty chain', () => {
    expect(verifyChain([], sha256)).toEqual({ ok: true, count: 0, headHash: GENESIS_HASH });
  });

  it('finds an edited field, named by seq', () => {
    const rows = buildChain(10);
    rows[4] = { ...rows[4]!, details: { ...rows[4]!.details, printer: 'fargo-2' } };
    const result = verifyChain(rows, sha256);
    expect(result).toMatchObject({
      ok: false,
      problems: [{ seq: 5, kind: 'edited', message: 'Row 5 does not match its stored hash (edited).' }],
    });
  });

  it('finds an edited and rehashed row through the next row’s link', () => {
    const rows = buildChain(10);
    rows[4] = rehash(rows[4]!, { actor: 'operator:mallory' });
    expect(problemsOf(rows)).toEqual([{ seq: 6, kind: 'broken-link' }]);
  });

  it('finds deleted rows: in the middle, at the start, and a run of them', () => {
    const middle = buildChain(10);
    middle.splice(4, 1);
    expect(verifyChain(middle, sha256)).toMatchObject({
      ok: false,
      problems: [{ seq: 5, kind: 'deleted', message: 'Row 5 is missing (deleted after row 4).' }],
    });
    expect(problemsOf(buildChain(10).slice(1))).toEqual([{ seq: 1, kind: 'deleted' }]);
    const run = buildChain(10);
    run.splice(2, 3);
    expect(verifyChain(run, sha256)).toMatchObject({
      ok: false,
      problems: [{ seq: 3, kind: 'deleted', message: 'Rows 3–5 are missing (deleted after row 2).' }],
    });
  });

  it('finds two swapped rows', () => {
    const rows = buildChain(10);
    [rows[3], rows[4]] = [rows[4]!, rows[3]!];
    expect(verifyChain(rows, sha256)).toMatchObject({
      ok: false,
      problems: [{ seq: 4, kind: 'reordered', message: 'Row 4 is stored after row 5 (rows out of order).' }],
    });
  });

  it('finds a changed prevHash as a broken link only', () => {
    const rows = buildChain(10);
    rows[6] = { ...rows[6]!, prevHash: rows[2]!.hash };
    expect(problemsOf(rows)).toEqual([{ seq: 7, kind: 'broken-link' }]);
    const first = buildChain(3);
    first[0] = { ...first[0]!, prevHash: 'a'.repeat(64) };
    expect(verifyChain(first, sha256)).toMatchObject({
      problems: [{ seq: 1, kind: 'broken-link', message: 'Row 1 does not start from the genesis hash.' }],
    });
  });

  it('finds a copied row', () => {
    const rows = buildChain(6);
    rows.splice(4, 0, rows[1]!);
    expect(problemsOf(rows)).toEqual([{ seq: 2, kind: 'duplicate' }]);
  });

  it('finds a row with a nonsense seq', () => {
    const rows = buildChain(3);
    rows.push({ ...entry(4), seq: 0, prevHash: rows[2]!.hash, hash: 'x' });
    expect(problemsOf(rows)).toEqual([{ seq: 0, kind: 'edited' }]);
  });

  it('with an anchor, finds a cut-off tail and a wholly rewritten chain', () => {
    const rows = buildChain(10);
    const anchor = { seq: 10, hash: rows[9]!.hash };
    expect(verifyChain(rows, sha256, { anchor })).toMatchObject({ ok: true });
    expect(verifyChain(rows.slice(0, 8), sha256)).toMatchObject({ ok: true });
    expect(verifyChain(rows.slice(0, 8), sha256, { anchor })).toMatchObject({
      ok: false,
      problems: [
        {
          seq: 9,
          kind: 'deleted',
          message: 'The chain ends at row 8 but the anchor records row 10: rows 9–10 were deleted.',
        },
      ],
    });
    let prev = GENESIS_HASH;
    const forged = rows.map((row) => {
      const next = linkEntry(prev, { ...row, actor: row.seq === 3 ? 'operator:mallory' : row.actor }, sha256);
      prev = next.hash;
      return next;
    });
    expect(verifyChain(forged, sha256)).toMatchObject({ ok: true });
    expect(problemsOf(forged, { anchor })).toEqual([{ seq: 10, kind: 'edited' }]);
  });

  it('caps the problem list and counts the rest', () => {
    const rows = buildChain(30).map((row) => ({ ...row, hash: 'b'.repeat(64) }));
    const result = verifyChain(rows, sha256, { maxProblems: 5 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toHaveLength(5);
      expect(result.problemsOmitted).toBeGreaterThan(0);
      expect(result.problems.length + result.problemsOmitted).toBe(30 + 29);
    }
  });
});

describe('AuditChainVerifier over a stream', () => {
  it('verifies 100,000 rows pushed one at a time from a generator', () => {
    function* stream(length: number): Generator<AuditRow> {
      let prev = GENESIS_HASH;
      for (let seq = 1; seq <= length; seq += 1) {
        const row = linkEntry(prev, entry(seq), sha256);
        prev = row.hash;
        yield row;
      }
    }
    const verifier = new AuditChainVerifier(sha256);
    let last = '';
    for (const row of stream(100_000)) {
      verifier.push(row);
      last = row.hash;
    }
    expect(verifier.result()).toEqual({ ok: true, count: 100_000, headHash: last });
  });

  it('gives the same answer as verifyChain at any point of the stream', () => {
    const rows = buildChain(20);
    rows[9] = { ...rows[9]!, entityId: 'job-x' };
    const verifier = new AuditChainVerifier(sha256);
    rows.slice(0, 5).forEach((row) => verifier.push(row));
    expect(verifier.result()).toEqual(verifyChain(rows.slice(0, 5), sha256));
    rows.slice(5).forEach((row) => verifier.push(row));
    expect(verifier.result()).toEqual(verifyChain(rows, sha256));
  });
});

describe('verifyChain: one random tampering is always found and named', () => {
  const tampering = fc.oneof(
    fc.record({ kind: fc.constant('edit' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('edit-rehash' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('swap' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('relink' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), to: fc.nat() }),
  );

  it('for random chains of 2–60 rows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 60 }), tampering, (length, t) => {
        const rows = buildChain(length);
        const anchor = { seq: length, hash: rows[length - 1]!.hash };
        const i = t.at % length;
        const seq = i + 1;
        let expected: { seq: number; kind: string }[];
        switch (t.kind) {
          case 'edit':
            rows[i] = { ...rows[i]!, action: 'card.spoiled' };
            expected = [{ seq, kind: 'edited' }];
            break;
          case 'edit-rehash':
            rows[i] = rehash(rows[i]!, { action: 'card.spoiled' });
            expected = seq === length ? [{ seq, kind: 'edited' }] : [{ seq: seq + 1, kind: 'broken-link' }];
            break;
          case 'delete':
            rows.splice(i, 1);
            expected = [{ seq, kind: 'deleted' }];
            break;
          case 'swap': {
            const j = Math.min(i, length - 2);
            [rows[j], rows[j + 1]] = [rows[j + 1]!, rows[j]!];
            expected = [{ seq: j + 1, kind: 'reordered' }];
            break;
          }
          case 'relink':
            rows[i] = { ...rows[i]!, prevHash: sha256(`forged ${seq}`) };
            expected = [{ seq, kind: 'broken-link' }];
            break;
          case 'duplicate': {
            const to = i + 1 + (t.to % (length - i));
            rows.splice(to, 0, rows[i]!);
            expected = [{ seq, kind: 'duplicate' }];
            break;
          }
        }
        expect(problemsOf(rows, { anchor })).toEqual(expected);
      }),
      { numRuns: 600 },
    );
  });
});
