/**
 * Bounds on what the consoles' clients may make the station hold: connections per socket, and bytes
 * queued for clients that do not read, over all connections together. A client that reads keeps
 * almost nothing queued; when the total is over its bound, the connections furthest behind are
 * dropped first (they resubscribe when they read again), so memory stays bounded however many
 * clients connect and stop reading.
 */
export const CONNECTION_LIMITS = {
  /** Open connections on one socket; a further one is refused unless a stalled one can make room. */
  perSocket: 128,
  /** Bytes queued for all clients of the server together. */
  queuedBytesTotal: 64 * 1024 * 1024,
  /** A connection with at least this much queued counts as stalled: dropped to admit a newcomer. */
  stalledBytes: 64 * 1024,
} as const;

export type ConnectionLimits = { readonly [K in keyof typeof CONNECTION_LIMITS]: number };

/** What the budget needs of a connection: how much is queued for it, and how to drop it. */
export interface BudgetedConnection {
  readonly socket: string;
  queuedBytes(): number;
  drop(reason: string): void;
}

export class ConnectionBudget {
  readonly limits: ConnectionLimits;
  readonly #connections = new Set<BudgetedConnection>();

  constructor(limits: Partial<ConnectionLimits> = {}) {
    this.limits = Object.freeze({ ...CONNECTION_LIMITS, ...limits });
  }

  get size(): number {
    return this.#connections.size;
  }

  /**
   * Admits a new connection on `socket`, dropping the most stalled one there if the socket is full.
   * Returns false (the caller refuses the newcomer) when the socket is full of clients that read.
   */
  admit(connection: BudgetedConnection): boolean {
    const same = [...this.#connections].filter((c) => c.socket === connection.socket);
    if (same.length >= this.limits.perSocket) {
      const slowest = same.reduce((a, b) => (b.queuedBytes() > a.queuedBytes() ? b : a));
      if (slowest.queuedBytes() < this.limits.stalledBytes) return false;
      this.#connections.delete(slowest);
      slowest.drop('connection limit reached: dropping the client furthest behind');
    }
    this.#connections.add(connection);
    return true;
  }

  release(connection: BudgetedConnection): void {
    this.#connections.delete(connection);
  }

  /** Called after bytes were queued: while the total is over its bound, drops the connection furthest behind. */
  enforce(): void {
    let total = 0;
    for (const c of this.#connections) total += c.queuedBytes();
    while (total > this.limits.queuedBytesTotal && this.#connections.size > 0) {
      const slowest = [...this.#connections].reduce((a, b) => (b.queuedBytes() > a.queuedBytes() ? b : a));
      total -= slowest.queuedBytes();
      this.#connections.delete(slowest);
      slowest.drop('clients not reading hold too much memory: dropping the one furthest behind');
    }
  }
}
