import { z } from 'zod';
import { JOB_STATES } from '../domain/job-states.js';
import { PRIORITY_CLASSES } from '../domain/record.js';
import { ROLES } from '../domain/roles.js';

/**
 * What the station sends its consoles: the snapshot that starts every event stream and the parts
 * later events replace. Each type is inferred from its schema, so the wire and the code agree.
 *
 * Personal data: the station fills `nik` and `name` per viewer. Operators get the NIK in full and
 * the name; technicians get `maskNik` (5371**********0003) and initials. The console shows what
 * it receives and never masks or unmasks anything itself.
 */

export const RollView = z.object({
  rollId: z.string(),
  lot: z.string(),
  remaining: z.number().int(),
  capacity: z.number().int(),
});
export type RollView = z.infer<typeof RollView>;

export const PRINTER_VIEW_STATES = ['idle', 'printing', 'stopped', 'offline', 'paused'] as const;

export const PrinterView = z.object({
  id: z.string(),
  name: z.string(),
  family: z.string(),
  model: z.string(),
  uri: z.string(),
  station: z.string(),
  simulated: z.boolean(),
  state: z.enum(PRINTER_VIEW_STATES),
  reasons: z.array(z.string()),
  /** The card on the printer now; nik/name already shaped for the viewer. */
  current: z.object({ jobId: z.string(), nik: z.string(), name: z.string() }).nullable(),
  film: RollView.nullable(),
  ribbon: RollView.nullable(),
  /** Whether this family uses film at all (retransfer printers). */
  usesFilm: z.boolean(),
  cardsToday: z.number().int(),
  counters: z.record(z.string(), z.number()),
  lastOutcome: z.object({ outcome: z.string(), at: z.string(), detail: z.string().optional() }).nullable(),
  /** Ledger vs printer counter disagreement, in words, or null. */
  discrepancy: z.string().nullable(),
  /**
   * The chip encoder bound to this printer, or null (its cards carry no chip). `reference`: the
   * reference personaliser writes a test file, not an identity; every screen says so.
   */
  encoder: z
    .object({ reader: z.string(), at: z.enum(['printer', 'desk']), reference: z.boolean(), problem: z.string().nullable(), activity: z.string().nullable() })
    .nullable()
    .default(null),
  /** The printer's own ribbon and film figures next to the ledger's (src/station/printing/printer-supplies.ts). */
  supplies: z
    .array(z.object({ kind: z.enum(['ribbon', 'film']), name: z.string(), printerImages: z.number().int().nullable(), printerPercent: z.number().nullable(), ledgerImages: z.number().int().nullable(), low: z.boolean(), disagree: z.boolean() }))
    .default([]),
  /** Care of the printer (src/station/printing/printer-care.ts): what it is doing for an operator, its cleaning and feeder. */
  care: z
    .object({
      busyWith: z.enum(['test-card', 'cleaning']).nullable(),
      cardsSinceCleaning: z.number().int(),
      /** station.json `care.cleanEveryCards`: a cleaning is due from this count on; null when not set. */
      cleanEveryCards: z.number().int().nullable(),
      /** Blanks in the feeder as the printer reports them, or null where it does not. */
      feederCards: z.number().int().nullable(),
    })
    .default({ busyWith: null, cardsSinceCleaning: 0, cleanEveryCards: null, feederCards: null }),
});
export type PrinterView = z.infer<typeof PrinterView>;

export const JobRow = z.object({
  id: z.string(),
  nik: z.string(),
  name: z.string(),
  priority: z.enum(PRIORITY_CLASSES),
  state: z.enum(JOB_STATES),
  reason: z.string().nullable(),
  queuedAt: z.string(),
  printerId: z.string().nullable(),
});
export type JobRow = z.infer<typeof JobRow>;

export const QueueView = z.object({
  counts: z.record(z.enum(JOB_STATES), z.number().int()),
  oldestQueuedAt: z.string().nullable(),
  printedToday: z.number().int(),
  /** The next jobs the dispatcher will take, in order (at most 8). */
  next: z.array(JobRow),
  /** Why the queue is not moving, in words ("no film loaded for datacard"), or null. */
  waitingReason: z.string().nullable(),
});
export type QueueView = z.infer<typeof QueueView>;

export const ConsumableView = z.object({
  typeId: z.string(),
  family: z.string(),
  kind: z.enum(['film', 'ribbon']),
  imagesOnHand: z.number().int(),
  rollsInStock: z.number().int(),
  rollsLoaded: z.number().int(),
  rollsBorrowed: z.number().int(),
  rollsAwaitingDestruction: z.number().int(),
  /** Days of cover at the recent print rate; null when there is no rate yet. */
  daysOfCover: z.number().nullable(),
  /** True when cover is shorter than lead time + safety margin. */
  belowLeadTime: z.boolean(),
});
export type ConsumableView = z.infer<typeof ConsumableView>;

export const StockView = z.object({
  blanks: z.object({
    received: z.number().int(),
    inStock: z.number().int(),
    printing: z.number().int(),
    inDoubt: z.number().int(),
    printed: z.number().int(),
    spoiled: z.number().int(),
    daysOfCover: z.number().nullable(),
    belowLeadTime: z.boolean(),
  }),
  consumables: z.array(ConsumableView),
  printableNow: z.object({
    total: z.number().int(),
    /** The binding constraint in words: "film for datacard: 120 cards". */
    limitedBy: z.string(),
    perFamily: z.array(z.object({ family: z.string(), cards: z.number().int(), limitedBy: z.string(), note: z.string().nullable() })),
  }),
  loans: z.array(
    z.object({
      id: z.string(),
      direction: z.enum(['borrowed', 'lent']),
      counterparty: z.string(),
      typeId: z.string(),
      rolls: z.number().int(),
      dueDate: z.string(),
      overdue: z.boolean(),
    }),
  ),
});
export type StockView = z.infer<typeof StockView>;

export const AlertView = z.object({
  level: z.enum(['warning', 'critical']),
  code: z.string(),
  message: z.string(),
});
export type AlertView = z.infer<typeof AlertView>;

export const StationInfo = z.object({
  id: z.string(),
  office: z.string(),
  database: z.object({
    dialect: z.enum(['sqlite', 'postgres']),
    location: z.string(),
    state: z.enum(['ok', 'unreachable']),
    unreachableSince: z.string().nullable(),
  }),
  /** True when any printer is simulated or emulated: the console labels it SIMULATED. */
  simulated: z.boolean(),
});
export type StationInfo = z.infer<typeof StationInfo>;

export const ViewerInfo = z.object({
  role: z.enum(ROLES),
  operatorId: z.string().nullable(),
  operatorName: z.string().nullable(),
});
export type ViewerInfo = z.infer<typeof ViewerInfo>;

export const StationSnapshot = z.object({
  station: StationInfo,
  viewer: ViewerInfo,
  printers: z.array(PrinterView),
  queue: QueueView,
  stock: StockView,
  alerts: z.array(AlertView),
  /** The last thing that happened, in words, for the status line ("P1 printed 5371…0007"). */
  lastEvent: z.object({ at: z.string(), text: z.string() }).nullable(),
});
export type StationSnapshot = z.infer<typeof StationSnapshot>;
