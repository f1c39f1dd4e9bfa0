import type { Duplex } from 'node:stream';
import { silentLogger } from '../station/logger.js';
import { duplexPair } from './duplex-pair.js';
import type { SocketRole } from './op-handlers.js';
import { serveConnection, type ServeConnectionOptions } from './serve-connection.js';
import type { StationBackend } from './station-backend.js';
import { StationClient, type StationClientOptions } from './station-client.js';
import type { StationConnection } from './station-connection.js';

// Apart from socket-client.ts so that a console attaching to a running station never loads the
// station's side of the protocol (op handlers, services, the database engine).

/**
 * The same client, talking to a station running in this process: each connection is an in-memory
 * stream pair served by the very handler the socket server uses, so framing, validation, shaping
 * and sign-in are the same code path as over a socket.
 */
export function createInProcessConnection(
  backend: StationBackend,
  socketRole: SocketRole,
  options: StationClientOptions & Pick<ServeConnectionOptions, 'patchIntervalMs' | 'maxWriteBufferBytes'> = {},
): Promise<StationConnection> {
  const log = options.log ?? silentLogger();
  const open = async (): Promise<Duplex> => {
    const [clientSide, stationSide] = duplexPair();
    serveConnection(stationSide, {
      backend,
      socketRole,
      log,
      ...(options.patchIntervalMs !== undefined ? { patchIntervalMs: options.patchIntervalMs } : {}),
      ...(options.maxWriteBufferBytes !== undefined ? { maxWriteBufferBytes: options.maxWriteBufferBytes } : {}),
    });
    return clientSide;
  };
  return StationClient.connect(open, options);
}
