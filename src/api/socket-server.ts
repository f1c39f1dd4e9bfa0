import { chmod, lstat, unlink } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '../station/logger.js';
import { StationError } from '../station/station-error.js';
import { ConnectionBudget, type ConnectionLimits } from './connection-budget.js';
import type { SocketRole } from './op-handlers.js';
import { serveConnection, type ServedConnection } from './serve-connection.js';
import type { StationBackend } from './station-backend.js';

/**
 * File mode of both sockets. Who may connect is decided by the socket's group, which is an install
 * concern: the systemd unit (or the installer) runs the station with a umask and group such that
 * operator.sock belongs to group `cetak` and technician.sock to `cetak-tech` (architecture.md,
 * Processes), e.g. by placing them in directories owned by those groups with the setgid bit.
 */
export const API_SOCKET_MODE = 0o660;

export interface ApiServerOptions {
  readonly backend: StationBackend;
  readonly operatorSocketPath: string;
  readonly technicianSocketPath: string;
  readonly log: Logger;
  /** See ServeConnectionOptions. */
  readonly patchIntervalMs?: number;
  readonly maxWriteBufferBytes?: number;
  /** Default CONNECTION_LIMITS. */
  readonly connectionLimits?: Partial<ConnectionLimits>;
}

export interface ApiServer {
  /** Open client connections, both sockets together. */
  readonly connectionCount: number;
  /** Stops listening, drops every client and removes the socket files. */
  close(): Promise<void>;
}

/** How long a probe of an existing socket file waits for an answer before calling it stale, in ms. */
const STALE_PROBE_TIMEOUT_MS = 1000;

/**
 * A socket file left by a station that crashed is removed, but only when nothing answers on it:
 * a second station on the same paths is refused with `station-already-running`.
 */
async function removeStaleSocket(path: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = (await lstat(path)).isSocket();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!isSocket) {
    throw new StationError('api-socket-path-taken', `${path} exists and is not a socket: move it away or configure another socket path`, { path });
  }
  const answered = await new Promise<boolean>((resolve, reject) => {
    const probe = createConnection(path);
    const timer = setTimeout(() => {
      probe.destroy();
      resolve(true);
    }, STALE_PROBE_TIMEOUT_MS);
    probe.once('connect', () => {
      clearTimeout(timer);
      probe.destroy();
      resolve(true);
    });
    probe.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ECONNREFUSED' || error.code === 'ENOENT') resolve(false);
      else reject(new StationError('api-socket-unusable', `cannot check ${path} (${error.code ?? 'error'}): check its permissions`, { path }));
    });
  });
  if (answered) {
    throw new StationError('station-already-running', `a station already answers on ${path}: stop it first, or attach to it with cetak`, { path });
  }
  await unlink(path);
}

/**
 * Pending connects the kernel keeps per socket before refusing with EAGAIN (Node's default is 511;
 * the kernel caps it at net.core.somaxconn): a thousand consoles reconnecting at once must fit.
 */
export const LISTEN_BACKLOG = 4096;

async function listen(server: Server, path: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ path, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  await chmod(path, API_SOCKET_MODE);
}

/**
 * Listens on operator.sock and technician.sock. The role of every connection is the socket it came
 * in on; each connection has its own sign-in. Rejects with `station-already-running` when another
 * station answers on either path, `api-socket-path-taken` when a path holds something else.
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const log = options.log.child({ module: 'api-server' });
  const connections = new Map<Socket, ServedConnection>();
  const budget = new ConnectionBudget(options.connectionLimits);
  const servers: Server[] = [];
  const listening: string[] = [];
  const paths: Record<SocketRole, string> = { operator: options.operatorSocketPath, technician: options.technicianSocketPath };

  const close = async (): Promise<void> => {
    for (const connection of connections.values()) connection.close();
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    // Only the files this server made: a refused start must not remove a running station's socket.
    for (const path of listening) await unlink(path).catch(() => undefined);
  };

  try {
    for (const socketRole of ['operator', 'technician'] as const) {
      const path = paths[socketRole];
      await removeStaleSocket(path);
      const server = createServer((socket) => {
        const served = serveConnection(socket, {
          backend: options.backend,
          socketRole,
          log: options.log,
          ...(options.patchIntervalMs !== undefined ? { patchIntervalMs: options.patchIntervalMs } : {}),
          ...(options.maxWriteBufferBytes !== undefined ? { maxWriteBufferBytes: options.maxWriteBufferBytes } : {}),
          budget,
        });
        connections.set(socket, served);
        socket.once('close', () => connections.delete(socket));
      });
      servers.push(server);
      await listen(server, path);
      listening.push(path);
      log.info({ socket: socketRole, path }, 'listening');
    }
  } catch (error) {
    await close();
    throw error;
  }

  return {
    get connectionCount() {
      return connections.size;
    },
    close,
  };
}
