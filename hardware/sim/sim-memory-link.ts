import { createMemoryTransportPair } from '../memory-transport.js';
import type { MemoryTransport } from '../memory-transport.js';
import type { IoOptions, Transport } from '../types.js';
import { TransportError } from '../types.js';
import type { EmulatorPrinter } from '../emulator/emulator-printer.js';
import { serveEmulatorOnTransport } from '../emulator/emulator-transport.js';

/**
 * A `Transport` to an in-process emulator that, like a TCP socket to a printer, can be opened again
 * after a drop: each `open()` makes a fresh memory pair and serves the emulator on its far end.
 */
export class SimMemoryLink implements Transport {
  readonly description: string;
  readonly #printer: EmulatorPrinter;
  #host: MemoryTransport | undefined;
  #closed = false;
  #generation = 0;

  constructor(printer: EmulatorPrinter, description: string) {
    this.#printer = printer;
    this.description = description;
  }

  async open(options?: IoOptions): Promise<void> {
    this.#closed = false;
    if (this.#host?.isOpen) return;
    this.#generation += 1;
    const pair = createMemoryTransportPair(`${this.description}#${this.#generation}`);
    serveEmulatorOnTransport(this.#printer, pair.device, { drop: () => pair.disconnect() });
    await pair.host.open(options);
    this.#host = pair.host;
  }

  async write(data: Uint8Array, options?: IoOptions): Promise<void> {
    return this.#current().write(data, options);
  }

  async read(options?: IoOptions): Promise<Uint8Array> {
    return this.#current().read(options);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#host?.close();
  }

  #current(): MemoryTransport {
    if (this.#closed || !this.#host) throw new TransportError('closed', this.description, `${this.description} is closed.`);
    return this.#host;
  }
}
