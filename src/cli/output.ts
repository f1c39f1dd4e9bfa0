/** Where commands write: results to stdout, sentences about problems to stderr. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export const processOutput: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** 4000 → "4,000": the grouping operators read on paper reports. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}
