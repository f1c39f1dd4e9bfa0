/**
 * Stock as an append-only ledger. Every change is a movement of `quantity` units of one item from
 * one bucket to another; balances are sums of movements, never stored alone. This module says which
 * moves are allowed and checks the invariants; the station applies moves inside one transaction.
 */

export const STOCK_ITEMS = ['blank', 'roll', 'images'] as const;
export type StockItem = (typeof STOCK_ITEMS)[number];

/**
 * Where blanks can be. `supplier` is the outside world: its balance is minus what came in (the
 * Directorate's allocation, finds after a count). `lender` is another office we borrowed from: minus
 * what we borrowed. `lent-out` is with another office and owed to us; `repaid` went back to an office
 * we had borrowed from. `distributed` is at one of our own sub-units (UPT, kecamatan print point):
 * still ours and in the office's totals, only elsewhere (the movement names the location).
 */
export const BLANK_BUCKETS = [
  'supplier',
  'in-stock',
  'printing',
  'in-doubt',
  'printed',
  'spoiled',
  'handed-over',
  'destroyed',
  'written-off',
  'lender',
  'lent-out',
  'repaid',
  'distributed',
] as const;
export type BlankBucket = (typeof BLANK_BUCKETS)[number];

/**
 * Images on one roll. `supplier` again is the outside world. An attempt reserves its images
 * (`in-use`) when it starts, like its blank, so an in-doubt card resolved days later still finds them.
 */
export const IMAGE_BUCKETS = ['supplier', 'remaining', 'in-use', 'used', 'written-off'] as const;
export type ImageBucket = (typeof IMAGE_BUCKETS)[number];

/** A roll's life; the `roll` item moves between these (quantity 1). */
export const ROLL_STATES = [
  'in-stock',
  'loaded',
  'used-up',
  'awaiting-destruction',
  'destroyed',
  'lent-out',
  'returned',
] as const;
export type RollState = (typeof ROLL_STATES)[number];
/** Roll buckets are its states plus the two outside parties it can come from. */
export type RollBucket = RollState | 'supplier' | 'lender';

type MoveTable<B extends string> = Readonly<Partial<Record<B, readonly B[]>>>;

/** Which blank moves exist, and why each one does. */
export const BLANK_MOVES: MoveTable<BlankBucket> = {
  supplier: ['in-stock'], // a batch received (or found in a count, by a supervisor)
  lender: ['in-stock'], // blanks borrowed from another office
  'in-stock': ['printing', 'written-off', 'lent-out', 'repaid', 'distributed'], // an attempt takes one; a loss; a loan out; a loan repaid; handed to a sub-unit
  'lent-out': ['in-stock'], // blanks we lent come back
  distributed: ['in-stock'], // a sub-unit hands blanks back
  printing: ['printed', 'spoiled', 'in-doubt', 'in-stock'], // the outcome; not-consumed goes back
  'in-doubt': ['printed', 'spoiled', 'in-stock'], // a person resolves it
  printed: ['spoiled'], // failed quality control after printing
  // Cut-corner cards sent to the Directorate General (the older rule), or burned at the office,
  // witnessed, in a destruction session (SE Mendagri 470.13/11176/SJ).
  spoiled: ['handed-over', 'destroyed'],
};

export const IMAGE_MOVES: MoveTable<ImageBucket> = {
  supplier: ['remaining'], // a roll received with its capacity (or a correction up)
  remaining: ['in-use', 'written-off'], // an attempt reserves its images; a damaged stretch is written off
  'in-use': ['used', 'remaining'], // the card was made (or spoiled after pick), or nothing was consumed
};

export const ROLL_MOVES: MoveTable<RollBucket> = {
  supplier: ['in-stock'],
  lender: ['in-stock'],
  'in-stock': ['loaded', 'lent-out', 'returned', 'awaiting-destruction'],
  loaded: ['in-stock', 'used-up'],
  'used-up': ['awaiting-destruction'],
  'awaiting-destruction': ['destroyed'],
  'lent-out': ['in-stock', 'returned'],
};

/** Buckets that stand for the outside world: they may go negative (that is what came in). */
export const SOURCE_BUCKETS: ReadonlySet<string> = new Set(['supplier', 'lender']);

export interface Movement {
  readonly item: StockItem;
  readonly from: string;
  readonly to: string;
  readonly quantity: number;
}

export class StockRuleError extends Error {
  readonly code: 'stock-move-not-allowed' | 'stock-negative' | 'stock-bad-quantity';
  constructor(code: StockRuleError['code'], message: string) {
    super(message);
    this.name = 'StockRuleError';
    this.code = code;
  }
}

const MOVE_TABLES: Readonly<Record<StockItem, MoveTable<string>>> = {
  blank: BLANK_MOVES,
  images: IMAGE_MOVES,
  roll: ROLL_MOVES,
};

/** Refuses a move that the tables do not allow, or a quantity that is not a positive integer. */
export function assertMoveAllowed(move: Movement): void {
  if (!Number.isInteger(move.quantity) || move.quantity <= 0) {
    throw new StockRuleError('stock-bad-quantity', `a ${move.item} movement needs a whole number above 0, got ${move.quantity}`);
  }
  if (move.item === 'roll' && move.quantity !== 1) {
    throw new StockRuleError('stock-bad-quantity', 'rolls move one at a time');
  }
  const allowed = MOVE_TABLES[move.item][move.from];
  if (!allowed?.includes(move.to)) {
    throw new StockRuleError('stock-move-not-allowed', `${move.item} cannot move from ${move.from} to ${move.to}`);
  }
}

/**
 * Checks that a move leaves its source bucket non-negative, given the current balance of that bucket.
 * `what` names the stock in the message ("blanks", "images on roll F-07").
 */
export function assertEnough(move: Movement, sourceBalance: number, what: string): void {
  if (SOURCE_BUCKETS.has(move.from)) return;
  if (sourceBalance < move.quantity) {
    throw new StockRuleError(
      'stock-negative',
      `not enough ${what} ${move.from}: ${sourceBalance} there, ${move.quantity} asked`,
    );
  }
}

export interface BlankPosition {
  /** From the Directorate (and finds after a count). */
  readonly received: number;
  /** From other offices, on loan. */
  readonly borrowed: number;
  /** At the office's own shelf. */
  readonly inStock: number;
  /** At the office's sub-units: still in the office's totals. */
  readonly distributed: number;
  /** With other offices, owed back to us. */
  readonly lentOut: number;
  /** Given back to offices we had borrowed from. */
  readonly repaid: number;
  readonly printing: number;
  readonly inDoubt: number;
  readonly printed: number;
  readonly spoiled: number;
  readonly handedOver: number;
  readonly destroyed: number;
  readonly writtenOff: number;
}

export function blankPosition(balances: ReadonlyMap<string, number>): BlankPosition {
  const b = (k: BlankBucket) => balances.get(k) ?? 0;
  return {
    received: -b('supplier'),
    borrowed: -b('lender'),
    inStock: b('in-stock'),
    distributed: b('distributed'),
    lentOut: b('lent-out'),
    repaid: b('repaid'),
    printing: b('printing'),
    inDoubt: b('in-doubt'),
    printed: b('printed'),
    spoiled: b('spoiled'),
    handedOver: b('handed-over'),
    destroyed: b('destroyed'),
    writtenOff: b('written-off'),
  };
}

/** What the attempts table says the blanks should be, to compare with the ledger. */
export interface AttemptCounts {
  readonly printing: number;
  readonly inDoubt: number;
  readonly printed: number;
  readonly spoiled: number;
}

/**
 * Every invariant that must hold between blank balances and attempts. Returns the broken ones in
 * words (empty when all hold), so a check can report all of them at once.
 */
export function blankInvariantProblems(position: BlankPosition, attempts: AttemptCounts): string[] {
  const problems: string[] = [];
  const buckets: [string, number][] = [
    ['in stock', position.inStock],
    ['distributed', position.distributed],
    ['lent out', position.lentOut],
    ['repaid', position.repaid],
    ['printing', position.printing],
    ['in doubt', position.inDoubt],
    ['printed', position.printed],
    ['spoiled', position.spoiled],
    ['handed over', position.handedOver],
    ['destroyed', position.destroyed],
    ['written off', position.writtenOff],
  ];
  for (const [name, value] of buckets) {
    if (value < 0) problems.push(`blanks ${name} is negative (${value})`);
  }
  const accounted =
    position.inStock +
    position.distributed +
    position.lentOut +
    position.repaid +
    position.printing +
    position.inDoubt +
    position.printed +
    position.spoiled +
    position.handedOver +
    position.destroyed +
    position.writtenOff;
  if (accounted !== position.received + position.borrowed) {
    const came = position.borrowed === 0 ? `received ${position.received}` : `received ${position.received} + borrowed ${position.borrowed}`;
    problems.push(`blanks ${came} but ${accounted} accounted for`);
  }
  if (position.printing !== attempts.printing) {
    problems.push(`${position.printing} blanks printing but ${attempts.printing} attempts printing`);
  }
  if (position.inDoubt !== attempts.inDoubt) {
    problems.push(`${position.inDoubt} blanks in doubt but ${attempts.inDoubt} attempts in doubt`);
  }
  if (position.printed !== attempts.printed) {
    problems.push(`${position.printed} blanks printed but ${attempts.printed} good cards`);
  }
  // A spoiled card stays spoiled until it is handed over or destroyed; all three are its attempt's card.
  const spoiledCards = position.spoiled + position.handedOver + position.destroyed;
  if (spoiledCards !== attempts.spoiled) {
    problems.push(`${spoiledCards} blanks spoiled but ${attempts.spoiled} spoiled attempts`);
  }
  return problems;
}
