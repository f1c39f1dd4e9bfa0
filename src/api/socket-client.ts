import { createConnection } from 'node:net';
import type { Duplex } from 'node:stream';
import { StationClient, type StationClientOptions } from './station-client.js';
import type { StationConnection } from './station-connection.js';

export interface ConnectStationOptions extends StationClientOptions {
  /** operator.sock or technician.sock of a running `cetak station`. */
  readonly socketPath: string;
}

function openUnixSocket(path: string): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/**
 * Attaches to a running station over its Unix socket and subscribes. Rejects with
 * StationRequestError `station-unreachable` when nothing answers; after that, a lost station is
 * retried with backoff and shown as `disconnected` with `disconnectedSince`.
 */
export function connectStation(options: ConnectStationOptions): Promise<StationConnection> {
  return StationClient.connect(() => openUnixSocket(options.socketPath), options);
}
