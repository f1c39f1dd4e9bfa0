import { spawn, type ChildProcess } from 'node:child_process';
import { CETAK_BIN } from './run-cetak.js';

/** A real `cetak station` in its own process for `home`, resolved once it says it is ready. */
export function spawnStation(home: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CETAK_BIN, 'station'], {
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], CETAK_HOME: home, CETAK_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (/ready/.test(out)) resolve(child);
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('exit', (code) => reject(new Error(`cetak station exited ${code}: ${out}\n${err}`)));
  });
}

/** Stops a station started by spawnStation and waits for it to go. */
export async function stopStation(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await gone;
}
