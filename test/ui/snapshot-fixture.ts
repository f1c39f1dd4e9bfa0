import type { JobRow, PrinterView, StationSnapshot } from '../../src/api/views.js';
import type { JOB_STATES } from '../../src/domain/job-states.js';

/**
 * Realistic station snapshots for console tests: three printers (one printing, one STOPPED with its
 * film empty, one SIMULATED), a queue with an in-doubt card, low stock and an overdue loan. Built by
 * code so each test can change one part.
 */

export const FIXTURE_NOW = Date.parse('2026-11-27T02:42:00.000Z');

const GIVEN = ['MARIA', 'YOHANES', 'SITI', 'AGUSTINUS', 'FRANSISKA', 'PETRUS', 'YOHANA', 'YOHANIS', 'ELISABETH', 'MARKUS', 'AGNES', 'DANIEL'];
const FAMILY = ['GORETI', 'LAKA', 'RAHMAWATI', 'BANI', 'DONI', 'NDUN', 'MANAFE', 'SERAN', 'TEFA', 'LODO', 'KOROH', 'ADOE'];
const PRIORITIES = ['first-card', 'data-change', 'replacement'] as const;

/** A plausible Kota Kupang NIK (5371…): district, birth date, serial; deterministic per index. */
export function fixtureNik(index: number): string {
  const district = String((index % 6) + 1).padStart(2, '0');
  const day = (index % 28) + 1 + (index % 2 === 0 ? 40 : 0);
  const month = (index % 12) + 1;
  const year = 50 + (index % 50);
  const serial = String((index % 9999) + 1).padStart(4, '0');
  return `5371${district}${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}${String(year).padStart(2, '0')}${serial}`;
}

export function fixtureJob(index: number, overrides: Partial<JobRow> = {}): JobRow {
  return {
    id: `job-${String(index + 1).padStart(6, '0')}`,
    nik: fixtureNik(index),
    name: `${GIVEN[index % GIVEN.length]} ${FAMILY[(index * 7) % FAMILY.length]}`,
    priority: PRIORITIES[index % 3]!,
    state: 'queued',
    reason: null,
    queuedAt: new Date(FIXTURE_NOW - (3 * 86_400_000 + 4 * 3_600_000) + index * 60_000).toISOString(),
    printerId: null,
    ...overrides,
  };
}

/** Masks like the station does for technicians: region + stars + serial, initials for the name. */
export function technicianView(job: JobRow): JobRow {
  return { ...job, nik: `${job.nik.slice(0, 4)}${'*'.repeat(10)}${job.nik.slice(12)}`, name: job.name.split(' ').map((w) => `${w[0]}.`).join(' ') };
}

export function fixturePrinters(): PrinterView[] {
  return [
    {
      id: 'P1', name: 'Loket 1', family: 'fargo', model: 'HDP5000', uri: 'ipp://localhost/printers/hdp1', station: 'ws-1', simulated: false,
      state: 'printing', reasons: [], current: { jobId: 'job-000900', nik: '5371014501900003', name: 'MARIA GORETI' },
      film: { rollId: 'R-F-0007', lot: 'F2311-07', remaining: 412, capacity: 500 },
      ribbon: { rollId: 'R-R-0044', lot: 'R2310-44', remaining: 88, capacity: 500 },
      usesFilm: true, cardsToday: 61, counters: { cards: 12_345, 'since cleaning': 688 },
      lastOutcome: { outcome: 'printed', at: new Date(FIXTURE_NOW - 2000).toISOString() }, discrepancy: null, encoder: null, supplies: [], care: { busyWith: null, cardsSinceCleaning: 12, cleanEveryCards: 500, feederCards: 80 },
    },
    {
      id: 'P2', name: 'Loket 2', family: 'datacard', model: 'CD800', uri: 'usb://datacard/cd800?serial=C8001', station: 'ws-1', simulated: false,
      state: 'stopped', reasons: ['film empty'], current: null,
      film: { rollId: 'R-F-0102', lot: 'D2309-02', remaining: 0, capacity: 750 },
      ribbon: { rollId: 'R-R-0310', lot: 'DR2310-01', remaining: 310, capacity: 500 },
      usesFilm: true, cardsToday: 40, counters: { cards: 8_812 },
      lastOutcome: { outcome: 'spoiled', at: new Date(FIXTURE_NOW - 600_000).toISOString(), detail: 'film ran out' }, discrepancy: null, encoder: null, supplies: [], care: { busyWith: null, cardsSinceCleaning: 510, cleanEveryCards: 500, feederCards: 0 },
    },
    {
      id: 'P3', name: 'Loket 3', family: 'evolis', model: 'PRIMACY', uri: 'tcp://127.0.0.1:9100', station: 'ws-1', simulated: true,
      state: 'idle', reasons: [], current: null, film: null,
      ribbon: { rollId: 'R-R-0350', lot: 'E2311-03', remaining: 350, capacity: 400 },
      usesFilm: false, cardsToday: 42, counters: { cards: 1_020 },
      lastOutcome: null, discrepancy: null, encoder: null, supplies: [], care: { busyWith: null, cardsSinceCleaning: 0, cleanEveryCards: 500, feederCards: 100 },
    },
  ];
}

export interface SnapshotOptions {
  readonly role?: 'operator' | 'supervisor' | 'technician';
  readonly signedIn?: boolean;
  readonly jobs?: readonly JobRow[];
}

export function buildSnapshot(options: SnapshotOptions = {}): StationSnapshot {
  const role = options.role ?? 'operator';
  const signedIn = options.signedIn ?? true;
  const tech = role === 'technician';
  const next = (options.jobs ?? Array.from({ length: 8 }, (_, i) => fixtureJob(i))).slice(0, 8).map((j) => (tech ? technicianView(j) : j));
  const printers = fixturePrinters().map((p) => (tech && p.current ? { ...p, current: { ...p.current, nik: '5371**********0003', name: 'M. G.' } } : p));
  const counts: Record<(typeof JOB_STATES)[number], number> = {
    queued: 1204, held: 3, printing: 1, 'in-doubt': 1, printed: 143, spoiled: 2, completed: 5120, canceled: 12,
  };
  return {
    station: {
      id: 'ws-1', office: 'Kota Kupang', simulated: true,
      database: { dialect: 'sqlite', location: '/var/lib/cetak/cetak.db', state: 'ok', unreachableSince: null },
    },
    viewer: {
      role,
      operatorId: signedIn ? (tech ? 'andi' : 'maria') : null,
      operatorName: signedIn ? (tech ? 'ANDI' : 'MARIA T.') : null,
    },
    printers,
    queue: {
      counts,
      oldestQueuedAt: new Date(FIXTURE_NOW - (3 * 86_400_000 + 4 * 3_600_000)).toISOString(),
      printedToday: 143,
      next,
      waitingReason: null,
    },
    stock: {
      blanks: { received: 10_000, inStock: 4_000, printing: 1, inDoubt: 1, printed: 5_800, spoiled: 198, daysOfCover: 20, belowLeadTime: false },
      consumables: [
        { typeId: 'fargo-film', family: 'fargo', kind: 'film', imagesOnHand: 912, rollsInStock: 1, rollsLoaded: 1, rollsBorrowed: 0, rollsAwaitingDestruction: 2, daysOfCover: 7.6, belowLeadTime: false },
        { typeId: 'datacard-film', family: 'datacard', kind: 'film', imagesOnHand: 0, rollsInStock: 0, rollsLoaded: 1, rollsBorrowed: 0, rollsAwaitingDestruction: 1, daysOfCover: 0, belowLeadTime: true },
        { typeId: 'fargo-ribbon', family: 'fargo', kind: 'ribbon', imagesOnHand: 588, rollsInStock: 1, rollsLoaded: 1, rollsBorrowed: 1, rollsAwaitingDestruction: 0, daysOfCover: 4.9, belowLeadTime: true },
        { typeId: 'datacard-ribbon', family: 'datacard', kind: 'ribbon', imagesOnHand: 1_200, rollsInStock: 2, rollsLoaded: 1, rollsBorrowed: 0, rollsAwaitingDestruction: 0, daysOfCover: null, belowLeadTime: false },
        { typeId: 'evolis-ribbon', family: 'evolis', kind: 'ribbon', imagesOnHand: 350, rollsInStock: 0, rollsLoaded: 1, rollsBorrowed: 0, rollsAwaitingDestruction: 0, daysOfCover: 4.4, belowLeadTime: true },
      ],
      printableNow: {
        total: 938,
        limitedBy: 'ribbon for fargo: 588 cards',
        perFamily: [
          { family: 'fargo', cards: 588, limitedBy: 'ribbon', note: null },
          { family: 'datacard', cards: 0, limitedBy: 'film', note: 'no film in stock' },
          { family: 'evolis', cards: 350, limitedBy: 'ribbon', note: null },
        ],
      },
      loans: [
        { id: 'L-5', direction: 'borrowed', counterparty: 'Kab. Kupang', typeId: 'fargo-film', rolls: 5, dueDate: '2026-11-30', overdue: false },
        { id: 'L-3', direction: 'lent', counterparty: 'Kab. TTS', typeId: 'datacard-ribbon', rolls: 2, dueDate: '2026-11-20', overdue: true },
      ],
    },
    alerts: [
      { level: 'critical', code: 'attempt-in-doubt', message: 'P1 card in doubt: verify it' },
      { level: 'critical', code: 'printer-stopped', message: 'P2 stopped: film empty' },
      { level: 'critical', code: 'stock-empty', message: 'datacard film 0: order now' },
      { level: 'warning', code: 'stock-below-lead-time', message: 'fargo ribbon 4.9 d < lead 14 d' },
      { level: 'warning', code: 'loan-overdue', message: 'loan L-3 to Kab. TTS overdue' },
    ],
    lastEvent: { at: new Date(FIXTURE_NOW - 2000).toISOString(), text: 'P1 printed 5371…0007' },
  };
}
