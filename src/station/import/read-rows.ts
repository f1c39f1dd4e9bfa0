import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse/sync';

/**
 * Reads an import file as a stream of rows, one at a time, so memory does not grow with the file.
 * Every row carries the line of the file it starts on (as an editor shows it, blank lines counted),
 * and every problem names the line and says what to do: an operator opens the file at that line.
 */

/** One raw row of an import file with the line it starts on. */
export interface RawRow {
  readonly row: number;
  readonly values: Readonly<Record<string, unknown>>;
}

export interface FileProblem {
  /** The line of the file (1 = first line), or null for the file as a whole. */
  readonly row: number | null;
  readonly field: string | null;
  readonly code: string;
  readonly message: string;
}

/** A row, or a problem; a `fatal` problem ends the file (nothing after it can be trusted). */
export type RowEvent = { readonly row: RawRow } | { readonly problem: FileProblem; readonly fatal: boolean };

export const IMPORT_ENCODINGS = ['utf8', 'latin1'] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

/** A line longer than this is not a record (a records line is well under 2 KiB). */
export const MAX_LINE_BYTES = 1024 * 1024;
/** A quoted CSV field may span lines, but not without end: an unclosed quote is caught here. */
const MAX_RECORD_LINES = 50;

export function detectFormat(path: string): 'csv' | 'jsonl' | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  return undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

type FatalProblem = { readonly problem: FileProblem; readonly fatal: true };
const problem = (row: number | null, code: string, message: string): FatalProblem => ({
  problem: { row, field: null, code, message },
  fatal: true,
});

/**
 * The file's lines, decoded. Invalid UTF-8 ends the file at the first bad line: a Latin-1 export read
 * as UTF-8 would put U+FFFD on a card. Latin-1 is only used when the operator says so.
 */
async function* decodedLines(path: string, encoding: ImportEncoding): AsyncGenerator<{ line: number; text: string } | FatalProblem> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 0;
  const decode = (bytes: Buffer): string | undefined => {
    const body = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, -1) : bytes;
    if (encoding === 'latin1') return body.toString('latin1');
    try {
      return utf8.decode(body);
    } catch {
      return undefined;
    }
  };
  const finish = (bytes: Buffer): { line: number; text: string } | FatalProblem => {
    line += 1;
    const text = decode(line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes);
    if (text === undefined) {
      return problem(line, 'file-not-utf8', `line ${line} is not UTF-8 text; if the file was saved as Latin-1 (Windows), import it with --encoding latin1`);
    }
    return { line, text };
  };
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a, start); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, nl);
      const bytes = pending.length === 0 ? piece : Buffer.concat([...pending, piece]);
      pending = [];
      pendingBytes = 0;
      start = nl + 1;
      const out = finish(bytes);
      yield out;
      if ('problem' in out) return;
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > MAX_LINE_BYTES) {
        yield problem(line + 1, 'file-line-too-long', `line ${line + 1} is longer than ${MAX_LINE_BYTES / 1048576} MiB; this is not a records file`);
        return;
      }
    }
  }
  if (pendingBytes > 0) yield finish(Buffer.concat(pending));
}

/** Quotes open and close in pairs (`""` inside a field is two): odd means the line ends inside a field. */
function togglesQuote(text: string): boolean {
  let odd = false;
  for (let at = text.indexOf('"'); at !== -1; at = text.indexOf('"', at + 1)) odd = !odd;
  return odd;
}

/**
 * CSV with a header line. Each record is cut out by its lines (a quoted field may span lines) and
 * parsed on its own, so a bad record is one row's problem and every row knows its first line.
 */
async function* readCsv(path: string, encoding: ImportEncoding, requiredColumns: readonly string[]): AsyncGenerator<RowEvent> {
  let header: string[] | undefined;
  let blankFirst = false;
  let record: string[] = [];
  let recordLine = 0;
  let inQuote = false;
  let sawAnyLine = false;
  for await (const item of decodedLines(path, encoding)) {
    if ('problem' in item) {
      yield item;
      return;
    }
    sawAnyLine = true;
    if (header === undefined) {
      if (item.text.trim() === '') {
        blankFirst = true;
        continue;
      }
      if (blankFirst) {
        yield problem(1, 'file-blank-first-line', `line 1 is blank; the header (${requiredColumns.slice(0, 3).join(',')},…) must be the first line`);
        return;
      }
      const headerProblem = checkHeader(item.text, requiredColumns);
      if (typeof headerProblem !== 'object') {
        yield problem(1, headerProblem.startsWith('the header lacks') ? 'file-missing-columns' : 'file-wrong-delimiter', headerProblem);
        return;
      }
      header = headerProblem.columns;
      continue;
    }
    if (record.length === 0) {
      if (item.text.trim() === '') continue;
      recordLine = item.line;
    }
    record.push(item.text);
    if (togglesQuote(item.text)) inQuote = !inQuote;
    if (inQuote) {
      if (record.length < MAX_RECORD_LINES) continue;
      yield problem(recordLine, 'file-quote-not-closed', `line ${recordLine} opens a quote (") that is not closed within ${MAX_RECORD_LINES} lines; add the closing quote`);
      return;
    }
    yield parseCsvRecord(record.join('\n'), recordLine, header);
    record = [];
  }
  if (!sawAnyLine || (header === undefined && !blankFirst)) {
    yield problem(null, 'file-empty', `the file is empty; it needs a header line (${requiredColumns.slice(0, 3).join(',')},…) and records`);
  } else if (header === undefined) {
    yield problem(null, 'file-empty', 'the file has only blank lines; it needs a header line and records');
  } else if (inQuote) {
    yield problem(recordLine, 'file-quote-not-closed', `line ${recordLine} opens a quote (") that is never closed; add the closing quote`);
  }
}

function checkHeader(text: string, requiredColumns: readonly string[]): string | { columns: string[] } {
  let columns: string[];
  try {
    columns = (parse(text, { relax_quotes: true }) as string[][])[0]!.map((h) => h.trim().toLowerCase());
  } catch {
    return 'the header (line 1) cannot be read as comma-separated column names';
  }
  const missing = requiredColumns.filter((c) => !columns.includes(c));
  if (missing.length === 0) return { columns };
  for (const [mark, name] of [[';', 'semicolons'], ['\t', 'tabs']] as const) {
    if (columns.length === 1 && text.includes(mark)) {
      return `the header (line 1) is separated by ${name}, not commas; save the file as comma-separated CSV`;
    }
  }
  return `the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`;
}

function parseCsvRecord(text: string, line: number, header: readonly string[]): RowEvent {
  let fields: string[];
  try {
    fields = (parse(text, { relax_column_count: true }) as string[][])[0] ?? [];
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'CSV_INVALID_CLOSING_QUOTE' || code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE'
      ? 'has text right after a closing quote; a quote inside a field is written ""'
      : code === 'CSV_INVALID_OPENING_QUOTE' || code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'has a quote (") inside a field that is not quoted; quote the field and write the quote as ""'
        : 'cannot be read as CSV';
    return { problem: { row: line, field: null, code: 'row-malformed-csv', message: `the record ${why}` }, fatal: false };
  }
  if (fields.length !== header.length) {
    return {
      problem: { row: line, field: null, code: 'row-column-count', message: `the record has ${fields.length} fields, the header has ${header.length}; check for a missing or extra comma` },
      fatal: false,
    };
  }
  const values: Record<string, string> = {};
  header.forEach((name, i) => {
    values[name] = fields[i]!;
  });
  return { row: { row: line, values } };
}

/** JSON Lines: one object per line; blank lines are skipped. Values stay as JSON gave them (types checked later). */
async function* readJsonl(path: string, encoding: ImportEncoding): AsyncGenerator<RowEvent> {
  let rows = 0;
  let problems = 0;
  for await (const item of decodedLines(path, encoding)) {
    if ('problem' in item) {
      yield item;
      return;
    }
    if (item.text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(item.text);
    } catch {
      problems += 1;
      yield { problem: { row: item.line, field: null, code: 'row-malformed-json', message: 'the line is not valid JSON' }, fatal: false };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems += 1;
      yield { problem: { row: item.line, field: null, code: 'row-malformed-json', message: 'the line is JSON but not an object ({"nik": "…", …})' }, fatal: false };
      continue;
    }
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) values[k.toLowerCase()] = v;
    rows += 1;
    yield { row: { row: item.line, values } };
  }
  if (rows === 0 && problems === 0) yield problem(null, 'file-empty', 'the file has no records');
}

export function readRows(path: string, format: 'csv' | 'jsonl', options: { encoding: ImportEncoding; requiredColumns: readonly string[] }): AsyncGenerator<RowEvent> {
  return format === 'csv' ? readCsv(path, options.encoding, options.requiredColumns) : readJsonl(path, options.encoding);
}
