import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CETAK_BIN = fileURLToPath(new URL('../../bin/cetak.js', import.meta.url));

export interface CetakRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real bundled `cetak` command (built by test/global-setup.ts) and collects its output. */
export function runCetak(args: readonly string[], env: Record<string, string | undefined>, options: { timeoutMs?: number } = {}): Promise<CetakRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CETAK_BIN, ...args], {
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], CETAK_LANG: process.env['CETAK_LANG'], ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cetak ${args.join(' ')} did not finish in time\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
