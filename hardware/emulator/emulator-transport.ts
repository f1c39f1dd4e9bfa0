import type { Transport } from '../types.js';
import type { EmulatorPrinter } from './emulator-printer.js';

export interface EmulatorTransportServing {
  /** Resolves when the link ends (closed, dropped or failed). */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Serve an `EmulatorPrinter` on the device end of a `Transport` (e.g. a memory pair): read bytes,
 * feed them to a connection, write replies in order. `drop` cuts the link for the
 * `drop-mid-job` fault; it defaults to closing the transport.
 */
export function serveEmulatorOnTransport(printer: EmulatorPrinter, transport: Transport, options: { drop?: () => void } = {}): EmulatorTransportServing {
  let writes: Promise<void> = Promise.resolve();
  let stopped = false;
  const connection = printer.connect({
    send: (bytes) => {
      writes = writes.then(() => transport.write(bytes)).catch(() => undefined);
    },
    drop: () => {
      stopped = true;
      if (options.drop) options.drop();
      else void transport.close();
    },
  });
  const done = (async () => {
    await transport.open();
    try {
      while (!stopped) connection.feed(await transport.read());
    } catch {
      // Closed, disconnected or dropped: the host is gone.
    } finally {
      connection.end();
    }
  })();
  return {
    done,
    stop: async () => {
      stopped = true;
      await transport.close();
      await done;
    },
  };
}
