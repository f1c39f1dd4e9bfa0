import pg from 'pg';

/** Handlers for {@link listenPostgres}. */
export interface ListenHandlers {
  /** One call per NOTIFY on the channel, with its payload (may be empty). */
  readonly onNotify: (payload: string) => void;
  /**
   * The dedicated connection came up (`connected`, also after every reconnect: notifications sent
   * while it was down are lost, so refresh everything) or went down (`disconnected`, with a reason
   * naming the error code, never the password).
   */
  readonly onState?: (state: 'connected' | 'disconnected', reason?: string) => void;
  /** First wait before reconnecting, in ms; doubles per failure up to `maxBackoffMs`. Default 250. */
  readonly minBackoffMs?: number;
  /** Longest wait between reconnects, in ms. Default 5000. */
  readonly maxBackoffMs?: number;
}

/** Options for {@link listenPostgres}. */
export interface ListenPostgresOptions extends ListenHandlers {
  readonly url: string;
  /** A plain identifier (letters, digits, `_`); anything else is refused. */
  readonly channel: string;
  readonly connectTimeoutMs: number;
  readonly types?: pg.CustomTypesConfig;
}

/**
 * Keeps one dedicated connection (outside the pool: LISTEN belongs to a session) listening on
 * `channel`, and reconnects with exponential backoff whenever it drops. Never throws after the
 * call returns; `close()` stops it for good.
 */
export function listenPostgres(options: ListenPostgresOptions): { close(): Promise<void> } {
  if (!/^[a-z_][a-z0-9_]*$/i.test(options.channel)) {
    throw new RangeError(`channel must be a plain identifier, got "${options.channel}"`);
  }
  const minBackoffMs = options.minBackoffMs ?? 250;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  let closed = false;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let backoffMs = minBackoffMs;
  let up = false;

  const down = (error: unknown) => {
    const dead = client;
    client = null;
    dead?.removeAllListeners('notification');
    dead?.end().catch(() => undefined);
    if (closed) return;
    if (up) {
      up = false;
      options.onState?.('disconnected', reasonOf(error));
    }
    timer = setTimeout(() => void connect(), backoffMs);
    timer.unref();
    backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
  };

  const connect = async () => {
    timer = null;
    if (closed) return;
    const c = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: options.connectTimeoutMs, ...(options.types ? { types: options.types } : {}) });
    client = c;
    c.on('error', (error) => {
      if (client === c) down(error);
    });
    c.on('end', () => {
      if (client === c) down(new Error('connection ended'));
    });
    c.on('notification', (message) => {
      if (message.channel === options.channel) options.onNotify(message.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${options.channel}`);
      if (closed || client !== c) {
        await c.end().catch(() => undefined);
        return;
      }
      backoffMs = minBackoffMs;
      up = true;
      options.onState?.('connected');
    } catch (error) {
      if (client === c) down(error);
    }
  };

  void connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'connection lost';
}
