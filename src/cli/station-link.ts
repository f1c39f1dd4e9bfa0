import { stat } from 'node:fs/promises';
import { resolveDataHome } from '../../db/data-home.js';
import { connectStation } from '../api/socket-client.js';
import { StationRequestError, type StationConnection } from '../api/station-connection.js';
import type { RequestOp, RequestParams } from '../api/protocol.js';
import type { StationSnapshot } from '../api/views.js';
import { loadStationConfig, parseStationConfig, type StationConfig } from '../station/config/station-config.js';
import { t } from '../i18n/i18n.js';
import { UsageError } from './cli-error.js';
import type { GlobalOptions } from './cli-station.js';
import { readPin } from './pin-prompt.js';
import { socketPaths } from './socket-paths.js';

/** Exit code when no station answers: "unknown" in the monitoring convention, as the console uses. */
export const NO_STATION_EXIT = 3;

export type SocketRole = 'operator' | 'technician';

/** Where a command looked for the station: said in every "no station" sentence. */
export interface StationTarget {
  readonly home: string;
  readonly socket: string;
  readonly role: SocketRole;
}

/** A connection to the running station for one command; `close` always. */
export interface StationLink {
  readonly target: StationTarget;
  readonly connection: StationConnection;
  /** Sends one request; a refusal becomes a CliRefusal with the station's own sentence. */
  call<Op extends RequestOp>(op: Op, params: RequestParams<Op>): Promise<unknown>;
  /** The first snapshot (the station sends one on every connection). */
  snapshot(): Promise<StationSnapshot>;
  close(): Promise<void>;
}

/** The station said no (a rule, a role, a state): its sentence, exit 1. */
export class CliRefusal extends UsageError {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message, 1);
    this.code = code;
  }
}

/**
 * The data folder this command means, which must already exist: a command that only looks never
 * creates a folder (or a database) by asking in the wrong place.
 */
export async function existingHome(globals: GlobalOptions): Promise<string> {
  const home = globals.home ?? resolveDataHome();
  const info = await stat(home).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    throw new UsageError(t('cli-common:homeMissing', { home, code: (info as NodeJS.ErrnoException).code ?? 'error' }), NO_STATION_EXIT);
  }
  if (!info.isDirectory()) throw new UsageError(t('cli-common:homeNotFolder', { home }), NO_STATION_EXIT);
  return home;
}

/**
 * station.json, read only. A monitoring user may not read the station's folder (0700): then the
 * sockets are where the defaults put them (CETAK_SOCKET_DIR under the service).
 */
async function readConfig(home: string): Promise<StationConfig> {
  try {
    return (await loadStationConfig(home)).config;
  } catch (error) {
    if ((error as { code?: string }).code === 'config-unreadable') return parseStationConfig({}, 'station.json');
    throw error;
  }
}

/** Where the station's socket for `role` is, for this home; nothing is created. */
export async function stationTarget(globals: GlobalOptions, role: SocketRole): Promise<StationTarget> {
  const home = await existingHome(globals);
  const sockets = socketPaths(home, await readConfig(home));
  return { home, socket: role === 'operator' ? sockets.operator : sockets.technician, role };
}

const SNAPSHOT_WAIT_MS = 15_000;

function waitForSnapshot(connection: StationConnection, target: StationTarget): Promise<StationSnapshot> {
  const ready = connection.getState().snapshot;
  if (ready) return Promise.resolve(ready);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new UsageError(t('cli-common:noSnapshot', { socket: target.socket, seconds: SNAPSHOT_WAIT_MS / 1000 }), NO_STATION_EXIT));
    }, SNAPSHOT_WAIT_MS);
    const stop = connection.subscribe(() => {
      const state = connection.getState();
      if (state.snapshot) {
        clearTimeout(timer);
        stop();
        resolve(state.snapshot);
      } else if (state.connection === 'disconnected') {
        clearTimeout(timer);
        stop();
        reject(new UsageError(t('cli-common:stationWentAway', { socket: target.socket }), NO_STATION_EXIT));
      }
    });
  });
}

/** Attaches to the running station on the socket of `role`; a UsageError (exit 3) naming home and socket when none answers. */
export async function openStationLink(globals: GlobalOptions, role: SocketRole): Promise<StationLink> {
  const target = await stationTarget(globals, role);
  let connection: StationConnection;
  try {
    connection = await connectStation({ socketPath: target.socket, reconnectDelayMs: { initialMs: 60_000, maxMs: 60_000 } });
  } catch (error) {
    if (error instanceof StationRequestError && error.code === 'station-unreachable') {
      throw new UsageError(t('cli-common:noStation', { socket: target.socket, home: target.home, reason: error.message }), NO_STATION_EXIT);
    }
    throw error;
  }
  let snapshot: Promise<StationSnapshot> | null = null;
  return {
    target,
    connection,
    call: async (op, params) => {
      try {
        return await connection.request(op, params);
      } catch (error) {
        if (error instanceof StationRequestError) throw refusal(error);
        throw error;
      }
    },
    snapshot: () => (snapshot ??= waitForSnapshot(connection, target)),
    close: () => connection.close(),
  };
}

function refusal(error: StationRequestError): UsageError {
  if (error.code === 'station-disconnected' || error.code === 'station-unreachable' || error.code === 'request-timeout') {
    return new UsageError(t('cli-common:lostStation', { message: error.message }), NO_STATION_EXIT);
  }
  return new CliRefusal(error.code, t('cli-common:refused', { message: error.message, code: error.code }));
}

/** Runs `fn` with a link to the station and always closes it. */
export async function withStationLink<T>(globals: GlobalOptions, role: SocketRole, fn: (link: StationLink) => Promise<T>): Promise<T> {
  const link = await openStationLink(globals, role);
  try {
    return await fn(link);
  } finally {
    await link.close();
  }
}

/**
 * Signs in on this connection as --operator / CETAK_OPERATOR with the PIN from CETAK_PIN or a
 * prompt (never from the command line). The station checks it, as for a console.
 */
export async function signInOnLink(link: StationLink, globals: GlobalOptions): Promise<string> {
  const id = globals.operator ?? process.env['CETAK_OPERATOR'];
  if (!id) throw new UsageError(t('cli-common:whoAreYou'));
  const pin = await readPin(t('cli-common:pinPrompt', { id }));
  if (!pin) throw new UsageError(t('cli-common:noPin', { id }));
  await link.call('sign-in', { operatorId: id, pin });
  return id;
}
