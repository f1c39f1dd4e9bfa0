import { setTimeout as delay } from 'node:timers/promises';

/** Time, injectable so tests can script days and weekends. */
export interface Clock {
  now(): Date;
  /** Waits `ms`, or less when `signal` aborts; never rejects. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Waits in real time: an abort (a nudge, a stop) ends the wait early instead of failing it. */
function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, signal ? { signal } : undefined).catch(() => undefined);
}

export const systemClock: Clock = { now: () => new Date(), sleep: realSleep };

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: Date | string) {
    this.#now = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#now);
  }
  /** Scripted dates, real waits: the loops that sleep keep moving while a test sets the date. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return realSleep(ms, signal);
  }
  advanceMs(ms: number): void {
    this.#now += ms;
  }
  set(to: Date | string): void {
    this.#now = new Date(to).getTime();
  }
}

export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}

/** Today's date (yyyy-mm-dd) in the office's time zone offset, in minutes east of UTC (WITA = +480). */
export function localDate(clock: Clock, utcOffsetMinutes: number): string {
  return new Date(clock.now().getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}
