// A test-local `Transport` over any Node duplex (a `node:net` socket or a `serialport` port), so
// the driver can be exercised over real TCP and a real pty without the production transports.
import type { Duplex } from 'node:stream';
import type { IoOptions, Transport } from '../../../hardware/types.js';
import { TransportError } from '../../../hardware/types.js';

export class StreamTestTransport implements Transport {
  readonly description: string;
  readonly #connect: () => Promise<Duplex>;
  #stream: Duplex | undefined;
  #chunks: Buffer[] = [];
  #waiter: { resolve: (b: Uint8Array) => void; reject: (e: unknown) => void } | undefined;
  #failure: TransportError | undefined;

  constructor(description: string, connect: () => Promise<Duplex>) {
    this.description = description;
    this.#connect = connect;
  }

  async open(): Promise<void> {
    const stream = await this.#connect();
    this.#stream = stream;
    this.#failure = undefined;
    stream.on('data', (data: Buffer) => {
      const waiter = this.#waiter;
      if (waiter) {
        this.#waiter = undefined;
        waiter.resolve(data);
      } else this.#chunks.push(data);
    });
    const gone = (): void => this.#fail(new TransportError('disconnected', this.description, `${this.description} went away.`));
    stream.on('close', gone);
    stream.on('end', gone);
    stream.on('error', gone);
  }

  async write(data: Uint8Array, _options?: IoOptions): Promise<void> {
    if (this.#failure) throw this.#failure;
    const stream = this.#stream;
    if (!stream) throw new TransportError('closed', this.description, `${this.description} is not open.`);
    await new Promise<void>((resolve, reject) => stream.write(Buffer.from(data), (error) => (error ? reject(new TransportError('disconnected', this.description, error.message)) : resolve())));
  }

  read(_options?: IoOptions): Promise<Uint8Array> {
    if (this.#chunks.length > 0) return Promise.resolve(Buffer.concat(this.#chunks.splice(0)));
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => (this.#waiter = { resolve, reject }));
  }

  async close(): Promise<void> {
    this.#fail(new TransportError('closed', this.description, `${this.description} was closed.`));
    this.#stream?.destroy();
  }

  #fail(error: TransportError): void {
    this.#failure ??= error;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.reject(this.#failure);
  }
}
