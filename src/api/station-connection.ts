import type { ErrorPayload, RequestOp, RequestParams } from './protocol.js';
import type { StationSnapshot } from './views.js';

export const CONNECTION_STATES = ['connecting', 'connected', 'disconnected'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

/** The client store's view of the station, shaped for `useSyncExternalStore`. */
export interface StationState {
  readonly connection: ConnectionState;
  /** Null until the first snapshot arrives. Immutable: a change makes a new object. */
  readonly snapshot: StationSnapshot | null;
  /** When the connection was lost, for "station unreachable since hh:mm". */
  readonly disconnectedSince: string | null;
}

/** A request failed: the station's `{ code, message, params }`, or a connection error. */
export class StationRequestError extends Error {
  readonly code: string;
  readonly params: Readonly<Record<string, string | number>>;
  constructor(error: ErrorPayload) {
    super(error.message);
    this.name = 'StationRequestError';
    this.code = error.code;
    this.params = error.params;
  }
}

/**
 * What the console (and the CLI) use to talk to a station. Implemented by the socket client in
 * src/api; the console never touches a socket itself.
 */
export interface StationConnection {
  /** The current state; the same object until something changes. */
  getState(): StationState;
  /** Called once per applied batch of events; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Sends one request; rejects with StationRequestError. */
  request<Op extends RequestOp>(op: Op, params: RequestParams<Op>): Promise<unknown>;
  close(): Promise<void>;
}
