import { CHANGES_CHANNEL, type CetakDatabase } from '../../../db/index.js';
import type { RuntimePart } from '../runtime/station-runtime.js';

/** Which parts of the station's picture a change to each table can touch. */
const TABLE_PARTS: Readonly<Record<string, readonly RuntimePart[]>> = {
  jobs: ['queue'],
  attempts: ['queue', 'printers'],
  records: ['queue'],
  stock_balances: ['stock', 'printers'],
  rolls: ['stock', 'printers'],
  loans: ['stock'],
  consumable_types: ['stock'],
  printers: ['printers'],
  operators: ['station'],
};
const ALL_PARTS: readonly RuntimePart[] = ['queue', 'stock', 'printers'];

export interface DatabaseChangeWatch {
  close(): Promise<void>;
}

export interface WatchDatabaseChangesOptions {
  /** Told the parts touched, at most once per `coalesceMs`. */
  readonly onChange: (parts: readonly RuntimePart[]) => void;
  /** Told when the listening connection goes down (false) or comes back (true). */
  readonly onReachable: (reachable: boolean) => void;
  /** Notifications arriving within this window are told as one change, in ms. Default 100. */
  readonly coalesceMs?: number;
}

/**
 * Hears every commit on a PostgreSQL database, by any station or shell command, through
 * LISTEN on {@link CHANGES_CHANNEL} (the schema's triggers NOTIFY the table name). Four stations
 * printing hundreds of cards an hour send a steady stream, so notifications are folded into one
 * change per window: a change reaches the consoles within ~100 ms, the database is never polled.
 */
export function watchDatabaseChanges(
  database: Pick<CetakDatabase<unknown>, 'listen'>,
  options: WatchDatabaseChangesOptions,
): DatabaseChangeWatch {
  if (!database.listen) throw new Error('this database cannot LISTEN: only PostgreSQL can');
  const coalesceMs = options.coalesceMs ?? 100;
  const pending = new Set<RuntimePart>();
  let timer: NodeJS.Timeout | null = null;
  let everConnected = false;
  const flush = () => {
    timer = null;
    const parts = [...pending];
    pending.clear();
    if (parts.length > 0) options.onChange(parts);
  };
  const listener = database.listen(CHANGES_CHANNEL, {
    onNotify: (table) => {
      for (const part of TABLE_PARTS[table] ?? ALL_PARTS) pending.add(part);
      timer ??= setTimeout(flush, coalesceMs);
    },
    onState: (state) => {
      if (state === 'connected') {
        // What changed while nobody listened is unknown: everything may have.
        if (everConnected) for (const part of ALL_PARTS) pending.add(part);
        everConnected = true;
        timer ??= setTimeout(flush, coalesceMs);
      }
      options.onReachable(state === 'connected');
    },
  });
  return {
    async close() {
      if (timer) clearTimeout(timer);
      timer = null;
      await listener.close();
    },
  };
}
