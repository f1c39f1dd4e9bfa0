import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { access } from 'node:fs/promises';
import { EmulatorPrinter } from './emulator-printer.js';
import type { EmulatorPrinterOptions } from './emulator-printer.js';
import { serveEmulatorOnSerial } from './emulator-serial.js';
import type { EmulatorSerialServing } from './emulator-serial.js';
import { startEmulatorTcpServer } from './emulator-tcp-server.js';
import type { EmulatorTcpServer } from './emulator-tcp-server.js';

export interface EmulatorCliOptions {
  /** TCP port to listen on (0 = any free port). */
  readonly tcpPort?: number;
  /** Listen address for TCP. Default `127.0.0.1`. */
  readonly host?: string;
  /**
   * Path where the host side of a pseudo-terminal pair appears (made with `socat`); the emulator
   * serves the other end at `<ptyPath>.emulator`.
   */
  readonly ptyPath?: string;
  readonly printerOptions?: EmulatorPrinterOptions;
  /** Stops the emulator when aborted (in addition to SIGTERM/SIGINT). */
  readonly signal?: AbortSignal;
  /** Where the one "listening" line goes. Default `process.stdout`. */
  readonly writeLine?: (line: string) => void;
}

/**
 * `cetak emulator --tcp PORT [--pty PATH]`: run one emulated Evolis printer until SIGTERM,
 * SIGINT or `signal` aborts. Prints one line saying where it listens. Resolves after cleanup.
 */
export async function runEmulatorCli(options: EmulatorCliOptions): Promise<void> {
  if (options.tcpPort === undefined && options.ptyPath === undefined) {
    throw new TypeError('runEmulatorCli needs tcpPort and/or ptyPath.');
  }
  const printer = new EmulatorPrinter(options.printerOptions);
  const writeLine = options.writeLine ?? ((line: string) => process.stdout.write(`${line}\n`));
  let tcp: EmulatorTcpServer | undefined;
  let socat: ChildProcess | undefined;
  let serial: EmulatorSerialServing | undefined;
  const cleanup = async (): Promise<void> => {
    await serial?.close().catch(() => undefined);
    if (socat && socat.exitCode === null) socat.kill('SIGTERM');
    await tcp?.close().catch(() => undefined);
  };
  try {
    const where: string[] = [];
    if (options.tcpPort !== undefined) {
      tcp = await startEmulatorTcpServer({ port: options.tcpPort, ...(options.host ? { host: options.host } : {}), printer });
      where.push(tcp.uri);
    }
    if (options.ptyPath !== undefined) {
      const devicePath = `${options.ptyPath}.emulator`;
      socat = spawn('socat', [`pty,raw,echo=0,link=${options.ptyPath}`, `pty,raw,echo=0,link=${devicePath}`], { stdio: 'ignore' });
      await waitForPath(devicePath, 5_000);
      serial = await serveEmulatorOnSerial(printer, devicePath);
      where.push(`serial://${options.ptyPath}`);
    }
    writeLine(`Evolis emulator (${printer.model}, SIMULATED) listening on ${where.join(' and ')}`);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        options.signal?.removeEventListener('abort', stop);
        resolve();
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      if (options.signal?.aborted) stop();
      options.signal?.addEventListener('abort', stop, { once: true });
    });
  } finally {
    await cleanup();
  }
}

async function waitForPath(path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await access(path);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`socat did not create the pseudo-terminal ${path} within ${timeoutMs} ms; is socat installed?`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
