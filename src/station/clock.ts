/** Time, injectable so tests can script days and weekends. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: Date | string) {
    this.#now = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#now);
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
