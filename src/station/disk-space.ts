import { statfs } from 'node:fs/promises';
import type { StationContext } from './context.js';

/**
 * A full disk, said in words and acted on. Below `fullBelowBytes` free on the data folder's file
 * system the station takes no new card (an outcome it could not write would leave the card in
 * doubt), and says so; it takes cards again by itself once `clearAtBytes` are free. The gap between
 * the two keeps it from flapping while a log rotates.
 */
export const DISK_LIMITS = { fullBelowBytes: 4 * 1024 * 1024, clearAtBytes: 8 * 1024 * 1024 } as const;

const MIB = 1024 * 1024;

/** Engine and OS codes for "no space left": better-sqlite3's SQLITE_FULL, ENOSPC, EDQUOT, PostgreSQL 53100. */
export function isDiskFullError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (code.startsWith('SQLITE_FULL') || code === 'ENOSPC' || code === 'EDQUOT' || code === '53100')) return true;
  const cause = (error as { cause?: unknown }).cause;
  return cause !== undefined && cause !== error && isDiskFullError(cause);
}

/** Bytes an unprivileged writer may still use on the file system holding `path`. */
export async function freeBytes(path: string): Promise<number> {
  const s = await statfs(path);
  return s.bavail * s.bsize;
}

/** "the disk is full (1.2 MB free on /var/lib/cetak)". */
export function diskFullText(free: number, path: string): string {
  return `the disk is full (${(Math.max(0, free) / MIB).toFixed(1)} MB free on ${path})`;
}

/** What a person is told when `path` is short of space now, or null when it is not. */
export async function diskFullNow(path: string, limits: typeof DISK_LIMITS = DISK_LIMITS): Promise<string | null> {
  const free = await freeBytes(path);
  return free < limits.fullBelowBytes ? diskFullText(free, path) : null;
}

export interface DiskState {
  /** null while there is room; else the sentence for people ("the disk is full (…)"). */
  readonly full: string | null;
  /** ISO time the state last changed. */
  readonly since: string;
}

/**
 * Watches free space on the data folder for one running station, with hysteresis, and tells
 * `onChange` when the disk fills up or has room again. `beginAttempt` asks `diskFullReason(ctx)`.
 */
export class DiskWatch {
  readonly #ctx: StationContext;
  readonly #limits: typeof DISK_LIMITS;
  readonly #onChange: (state: DiskState) => void;
  #state: DiskState;
  #timer: NodeJS.Timeout | null = null;

  constructor(ctx: StationContext, options: { limits?: typeof DISK_LIMITS; onChange: (state: DiskState) => void }) {
    this.#ctx = ctx;
    this.#limits = options.limits ?? DISK_LIMITS;
    this.#onChange = options.onChange;
    this.#state = { full: null, since: ctx.clock.now().toISOString() };
    watches.set(ctx, this);
  }

  get state(): DiskState {
    return this.#state;
  }

  /** Looks now; returns the state (also told to onChange when it changed). */
  async check(): Promise<DiskState> {
    let free: number;
    try {
      free = await freeBytes(this.#ctx.home);
    } catch (error) {
      this.#ctx.log.warn({ err: (error as Error).message }, 'cannot read free disk space');
      return this.#state;
    }
    const wasFull = this.#state.full !== null;
    const full = wasFull ? free < this.#limits.clearAtBytes : free < this.#limits.fullBelowBytes;
    const text = full ? diskFullText(free, this.#ctx.home) : null;
    if (full !== wasFull) {
      this.#state = { full: text, since: this.#ctx.clock.now().toISOString() };
      this.#ctx.log[full ? 'error' : 'info']({ freeBytes: free, path: this.#ctx.home }, full ? 'disk full: no new card starts' : 'disk has room again');
      this.#onChange(this.#state);
    } else if (text !== null) {
      // The free figure moves while full; keep the sentence current without telling anyone.
      this.#state = { full: text, since: this.#state.since };
    }
    return this.#state;
  }

  /** Checks every `everyMs` until stopped. */
  start(everyMs = 2_000): void {
    const tick = () => void this.check().finally(() => {
      if (this.#timer) this.#timer = setTimeout(tick, everyMs).unref();
    });
    this.#timer = setTimeout(tick, 0).unref();
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (watches.get(this.#ctx) === this) watches.delete(this.#ctx);
  }
}

const watches = new WeakMap<StationContext, DiskWatch>();

/** Why no card may start on this station's disk now, or null (also null when nothing watches it). */
export function diskFullReason(ctx: StationContext): string | null {
  return watches.get(ctx)?.state.full ?? null;
}
