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

/** Checks a direct from → to change (used where the caller knows the target, e.g. SQL guards). */
export function assertJobTransition(from: JobState, to: JobState): void {
  if (!Object.values(JOB_TRANSITIONS[from]).includes(to)) {
    throw new JobTransitionError(from, 'dispatch', to);
  }
}

export function isJobState(value: string): value is JobState {
  return (JOB_STATES as readonly string[]).includes(value);
}

export const ATTEMPT_STATES = ['printing', 'in-doubt', 'printed', 'spoiled', 'not-consumed'] as const;
export type AttemptState = (typeof ATTEMPT_STATES)[number];

export const ATTEMPT_TRANSITIONS: Readonly<Record<AttemptState, readonly AttemptState[]>> = {
  printing: ['printed', 'spoiled', 'not-consumed', 'in-doubt'],
  'in-doubt': ['printed', 'spoiled', 'not-consumed'],
  // A card that came out and then failed quality control is spoiled after all.
  printed: ['spoiled'],
  spoiled: [],
  'not-consumed': [],
};

export function assertAttemptTransition(from: AttemptState, to: AttemptState): void {
  if (!ATTEMPT_TRANSITIONS[from].includes(to)) {
    throw new Error(`an attempt cannot go from ${from} to ${to}`);
  }
}

/** Job states in which a NIK counts as already having a card on its way or in hand. */
export const LIVE_CARD_STATES: readonly JobState[] = ['queued', 'printing', 'in-doubt', 'printed'];
