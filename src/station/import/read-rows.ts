import { parse } from 'csv-parse/sync';

/** One raw row of an import file with its position for messages (CSV line or JSONL line number). */
export interface RawRow {
  readonly row: number;
  readonly values: Readonly<Record<string, unknown>>;
}

export interface FileProblem {
  readonly row: number | null;
  readonly field: string | null;
  readonly code: string;
  readonly message: string;
}

export type ReadResult = { ok: true; rows: RawRow[] } | { ok: false; problem: FileProblem };

export function detectFormat(path: string): 'csv' | 'jsonl' | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  return undefined;
}

/**
 * CSV with a header row. Rows are numbered as a spreadsheet shows them (header = 1), so an operator
 * can open the file and find the row.
 */
export function readCsv(text: string, requiredColumns: readonly string[]): ReadResult {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, bom: true, relax_column_count: false, trim: false });
  } catch (error) {
    const e = error as { lines?: number; code?: string; message: string };
    return { ok: false, problem: { row: e.lines ?? null, field: null, code: 'file-malformed-csv', message: `the CSV cannot be read${e.lines ? ` at line ${e.lines}` : ''}: ${e.code ?? 'parse error'}` } };
  }
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0]?.split(',').map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase()) ?? [];
  const missing = requiredColumns.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    return { ok: false, problem: { row: 1, field: missing[0] ?? null, code: 'file-missing-columns', message: `the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` } };
  }
  return { ok: true, rows: records.map((values, i) => ({ row: i + 2, values })) };
}

/** JSON Lines: one object per line; blank lines are skipped. A line that is not an object is a row problem. */
export function readJsonl(text: string): { rows: RawRow[]; problems: FileProblem[] } {
  const rows: RawRow[] = [];
  const problems: FileProblem[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const value: unknown = JSON.parse(line);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
      const values: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) values[k.toLowerCase()] = typeof v === 'number' ? String(v) : v;
      rows.push({ row: i + 1, values });
    } catch {
      problems.push({ row: i + 1, field: null, code: 'row-malformed-json', message: 'the line is not a JSON object' });
    }
  });
  return { rows, problems };
}
