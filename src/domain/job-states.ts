/**
 * Jobs and attempts. A job is one card for one record; an attempt is one physical try on a printer.
 * Every allowed state change is in the two tables below and nowhere else.
 */

export const JOB_STATES = [
  'queued',
  'held',
  'printing',
  'in-doubt',
  'printed',
  'spoiled',
  'completed',
  'canceled',
] as const;
export type JobState = (typeof JOB_STATES)[number];

/** What happened, in the words the audit log and the console use. */
export const JOB_EVENTS = [
  'hold',
  'release',
  'cancel',
  'dispatch',
  'print-succeeded',
  'print-spoiled',
  'print-not-consumed',
  'print-unknown',
  'resolve-printed',
  'resolve-spoiled',
  'resolve-not-printed',
  'pass-qc',
  'fail-qc',
  'reprint',
] as const;
export type JobEvent = (typeof JOB_EVENTS)[number];

/** from → event → to. Anything not listed is refused. */
export const JOB_TRANSITIONS: Readonly<Record<JobState, Readonly<Partial<Record<JobEvent, JobState>>>>> = {
  queued: { hold: 'held', cancel: 'canceled', dispatch: 'printing' },
  held: { release: 'queued', cancel: 'canceled' },
  printing: {
    'print-succeeded': 'printed',
    'print-spoiled': 'spoiled',
    'print-not-consumed': 'queued',
    'print-unknown': 'in-doubt',
  },
  // Only a person leaves in-doubt: nothing is ever reprinted by itself.
  'in-doubt': { 'resolve-printed': 'printed', 'resolve-spoiled': 'spoiled', 'resolve-not-printed': 'queued' },
  printed: { 'pass-qc': 'completed', 'fail-qc': 'spoiled' },
  // A spoiled card waits for a person to order a reprint (with a reason) or to cancel the job.
  spoiled: { reprint: 'queued', cancel: 'canceled' },
  completed: {},
  canceled: {},
};

/** Events that need a typed reason. */
export const EVENTS_NEEDING_REASON: ReadonlySet<JobEvent> = new Set<JobEvent>([
  'hold',
  'cancel',
  'fail-qc',
  'reprint',
  'resolve-spoiled',
  'print-spoiled',
]);

export class JobTransitionError extends Error {
  readonly code = 'job-transition-refused';
  constructor(
    readonly from: JobState,
    readonly event: JobEvent,
    readonly to?: JobState,
  ) {
    super(
      to
        ? `a job cannot go from ${from} to ${to}`
        : `a job in state ${from} cannot take "${event}" (allowed: ${allowedEvents(from).join(', ') || 'nothing, it is final'})`,
    );
    this.name = 'JobTransitionError';
  }
}

export function allowedEvents(from: JobState): JobEvent[] {
  return Object.keys(JOB_TRANSITIONS[from]) as JobEvent[];
}

/** The state after `event`, or a JobTransitionError naming both states. */
export function nextJobState(from: JobState, event: JobEvent): JobState {
  const to = JOB_TRANSITIONS[from][event];
  if (!to) throw new JobTransitionError(from, event);
  return to;
}

export function isJobState(value: string): value is JobState {
  return (JOB_STATES as readonly string[]).includes(value);
}

export const ATTEMPT_STATES = ['printing', 'in-doubt', 'printed', 'spoiled', 'not-consumed'] as const;
export type AttemptState = (typeof ATTEMPT_STATES)[number];

/** What one change of an attempt's state does to the blank, the images it reserved and its job. */
export interface AttemptSettlement {
  /** Where the blank goes (from the bucket named like the attempt's old state). */
  readonly blank: 'printed' | 'spoiled' | 'in-stock' | 'in-doubt';
  /** Where the reserved film and ribbon images go (from `in-use`), or null when they stay. */
  readonly images: 'used' | 'remaining' | null;
  readonly jobEvent: JobEvent;
}

/** from → to → settlement. Anything not listed is refused; nothing else moves an attempt. */
export const ATTEMPT_TRANSITIONS: Readonly<Record<AttemptState, Readonly<Partial<Record<AttemptState, AttemptSettlement>>>>> = {
  printing: {
    printed: { blank: 'printed', images: 'used', jobEvent: 'print-succeeded' },
    spoiled: { blank: 'spoiled', images: 'used', jobEvent: 'print-spoiled' },
    'not-consumed': { blank: 'in-stock', images: 'remaining', jobEvent: 'print-not-consumed' },
    // In doubt the blank and images stay reserved until a person says what happened.
    'in-doubt': { blank: 'in-doubt', images: null, jobEvent: 'print-unknown' },
  },
  'in-doubt': {
    printed: { blank: 'printed', images: 'used', jobEvent: 'resolve-printed' },
    spoiled: { blank: 'spoiled', images: 'used', jobEvent: 'resolve-spoiled' },
    'not-consumed': { blank: 'in-stock', images: 'remaining', jobEvent: 'resolve-not-printed' },
  },
  // A card that came out and then failed quality control is spoiled after all; its images were used already.
  printed: { spoiled: { blank: 'spoiled', images: null, jobEvent: 'fail-qc' } },
  spoiled: {},
  'not-consumed': {},
};

/** The settlement for from → to, or an error naming both states. */
export function attemptSettlement(from: AttemptState, to: AttemptState): AttemptSettlement {
  const settlement = ATTEMPT_TRANSITIONS[from][to];
  if (!settlement) throw new Error(`an attempt cannot go from ${from} to ${to}`);
  return settlement;
}

/** What a person may say of a card in doubt, and the attempt state each answer gives. */
export const RESOLUTIONS = ['printed', 'spoiled', 'not-printed'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
export const RESOLUTION_STATE: Readonly<Record<Resolution, 'printed' | 'spoiled' | 'not-consumed'>> = { printed: 'printed', spoiled: 'spoiled', 'not-printed': 'not-consumed' };

/** Job states in which a NIK counts as already having a card on its way or in hand. */
export const LIVE_CARD_STATES: readonly JobState[] = ['queued', 'printing', 'in-doubt', 'printed'];
