// `cetak card-emulator`: one virtual card (EMULATED) on a vpcd reader until SIGTERM/SIGINT or the
// signal, for demos and manual tests (`pcsc_scan`, `cetak printers discover`).
import { VirtualCard } from './virtual-card.js';
import { VPCD_DEFAULT_PORT, VpcdCardEmulator } from './vpcd-card-emulator.js';

export interface CardEmulatorCliOptions {
  readonly uidHex: string;
  /** The vpcd reader's port. Default 35963 (Debian's /etc/reader.conf.d/vpcd, first reader). */
  readonly port?: number;
  readonly host?: string;
  readonly signal?: AbortSignal;
  readonly writeLine?: (line: string) => void;
}

export async function runCardEmulatorCli(options: CardEmulatorCliOptions): Promise<void> {
  const card = new VirtualCard({ uidHex: options.uidHex });
  const port = options.port ?? VPCD_DEFAULT_PORT;
  const host = options.host ?? '127.0.0.1';
  const slot = new VpcdCardEmulator({ port, host });
  const writeLine = options.writeLine ?? ((line: string) => process.stdout.write(`${line}\n`));
  await slot.insert(card);
  writeLine(`EMULATED card ${card.uidHex} on the vpcd reader at ${host}:${port}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    options.signal?.addEventListener('abort', stop, { once: true });
    slot.once('removed', stop);
  });
  await slot.remove();
}
