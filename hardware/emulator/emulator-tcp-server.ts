import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { EmulatorPrinter } from './emulator-printer.js';
import type { EmulatorPrinterOptions } from './emulator-printer.js';

export interface EmulatorTcpServerOptions {
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /** Listen address. Default `127.0.0.1`. */
  readonly host?: string;
  /** The printer to serve; a new one is made from `printerOptions` when absent. */
  readonly printer?: EmulatorPrinter;
  readonly printerOptions?: EmulatorPrinterOptions;
}

export interface EmulatorTcpServer {
  readonly printer: EmulatorPrinter;
  readonly host: string;
  readonly port: number;
  /** e.g. `tcp://127.0.0.1:9100`. */
  readonly uri: string;
  close(): Promise<void>;
}

/** Serve the emulator on a raw TCP socket (printer-protocols.md §1.7): same bytes as USB/serial. */
export async function startEmulatorTcpServer(options: EmulatorTcpServerOptions): Promise<EmulatorTcpServer> {
  const printer = options.printer ?? new EmulatorPrinter(options.printerOptions);
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const connection = printer.connect({
      send: (bytes) => {
        if (!socket.destroyed) socket.write(bytes);
      },
      drop: () => socket.destroy(),
    });
    socket.on('data', (data: Buffer) => connection.feed(data));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      connection.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    printer,
    host,
    port,
    uri: `tcp://${host}:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
