import { execFile } from 'node:child_process';
import { DEFAULT_IPP_PORT, formatPrinterUri } from '../printer-uri.js';

/** A CUPS queue as `lpstat -v` lists it. */
export interface CupsQueue {
  readonly name: string;
  /** The queue's backend device URI (e.g. `usb://HID/HDP5000?serial=…`), as CUPS reports it. */
  readonly deviceUri: string;
  /** The URI to put in the cetak config: `ipp://localhost:631/printers/<name>` (§6.1). */
  readonly uri: string;
}

/**
 * Parses `LC_ALL=C lpstat -v` output: one `device for <queue>: <device-uri>` line per queue. Other lines
 * are ignored. Queue names keep their case (CUPS queue names are case-insensitive but shown as created).
 */
export function parseLpstatDevices(stdout: string): CupsQueue[] {
  const queues: CupsQueue[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^device for ([^:\s]+):\s*(.*)$/.exec(line.trim());
    if (match === null) continue;
    const name = match[1] ?? '';
    queues.push({
      name,
      deviceUri: (match[2] ?? '').trim(),
      uri: formatPrinterUri({ scheme: 'ipp', host: 'localhost', port: DEFAULT_IPP_PORT, path: `/printers/${name}` }),
    });
  }
  return queues;
}

/** Runs a program and returns its stdout; rejects with the spawn error (code `ENOENT` when missing). */
export type RunLpstat = () => Promise<string>;

/**
 * Runs `lpstat -v` with the C locale (so the `device for` wording is stable), 5 s timeout. Rejects with
 * an Error whose message is lpstat's own complaint (e.g. "lpstat: Scheduler is not running.") or with the
 * spawn error (`code: 'ENOENT'`) when CUPS' client is not installed.
 */
export const runLpstat: RunLpstat = () =>
  new Promise((resolve, reject) => {
    execFile('lpstat', ['-v'], { timeout: 5_000, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } }, (error, stdout, stderr) => {
      if (error === null) {
        resolve(stdout);
        return;
      }
      const complaint = stderr.trim().split('\n')[0];
      reject(complaint !== undefined && complaint !== '' ? Object.assign(new Error(complaint), { cause: error }) : error);
    });
  });
