// One blank through the encoder: read the UID, let the personaliser write the chip, read the UID
// again. The UIDs must match each other (the same physical card stayed on the reader) and, when the
// caller knows which card it expects, that one. Only then is the chip proven written for this job.
import type { CardEncoder, ConnectOptions } from './card-encoder.js';
import type { PersonaliserIdentity, Personaliser } from './personaliser/personaliser.js';

export const ENCODE_CARD_ERROR_CODES = [
  /** The card on the reader is not the one expected (its UID differs). */
  'wrong-card',
  /** The caller says this UID is already bound to another job. */
  'uid-already-used',
  /** The UID after personalisation differs from the one before: the card was swapped. */
  'card-swapped',
  /** The personaliser reported a UID other than the one on the reader. */
  'personaliser-uid-mismatch',
] as const;
export type EncodeCardErrorCode = (typeof ENCODE_CARD_ERROR_CODES)[number];

export class EncodeCardError extends Error {
  readonly code: EncodeCardErrorCode;
  readonly readerName: string;
  /** The UID found on the reader (a chip UID is not personal data). */
  readonly uidHex: string;

  constructor(code: EncodeCardErrorCode, message: string, readerName: string, uidHex: string) {
    super(message);
    this.name = 'EncodeCardError';
    this.code = code;
    this.readerName = readerName;
    this.uidHex = uidHex;
  }
}

export interface EncodeCardRequest {
  readonly encoder: CardEncoder;
  readonly personaliser: Personaliser;
  readonly readerName: string;
  readonly jobRef: string;
  /** The card expected on the reader (a blank already bound to this job), if known. */
  readonly expectedUidHex?: string;
  /** True when the UID is bound to another job already; checked before anything is written. */
  readonly isUidUsed?: (uidHex: string) => boolean | Promise<boolean>;
  /** For the personaliser. */
  readonly personaliseTimeoutMs: number;
  /** For each UID read (connect, GET UID). */
  readonly readTimeoutMs?: number;
  /** How long to wait for a card placed by the operator. Default 0: the card must be there. */
  readonly waitForCardMs?: number;
  readonly signal?: AbortSignal;
  /** Told the UID before the personaliser starts, so the caller can record it first. */
  readonly onUidRead?: (uidHex: string) => void | Promise<void>;
}

export interface EncodeCardResult {
  readonly uidHex: string;
  readonly personaliser: PersonaliserIdentity;
}

export async function encodeCard(request: EncodeCardRequest): Promise<EncodeCardResult> {
  const reader = request.readerName;
  const read = (waitForCardMs: number): Promise<string> => {
    const options: ConnectOptions = {
      waitForCardMs,
      ...(request.readTimeoutMs === undefined ? {} : { timeoutMs: request.readTimeoutMs }),
      ...(request.signal === undefined ? {} : { signal: request.signal }),
    };
    return request.encoder.readUid(reader, options);
  };
  const before = await read(request.waitForCardMs ?? 0);
  if (request.expectedUidHex !== undefined && request.expectedUidHex.toUpperCase() !== before) {
    throw new EncodeCardError('wrong-card', `The card on reader "${reader}" is ${before}, not the expected ${request.expectedUidHex.toUpperCase()}: place the right card.`, reader, before);
  }
  if (request.isUidUsed !== undefined && (await request.isUidUsed(before))) {
    throw new EncodeCardError('uid-already-used', `The card on reader "${reader}" (${before}) is already bound to another job: take it off and place a new blank.`, reader, before);
  }
  await request.onUidRead?.(before);
  const result = await request.personaliser.personalise({
    readerName: reader,
    jobRef: request.jobRef,
    timeoutMs: request.personaliseTimeoutMs,
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  });
  const after = await read(0);
  if (after !== before) {
    throw new EncodeCardError('card-swapped', `The card on reader "${reader}" changed during encoding (${before}, now ${after}): neither is proven written.`, reader, after);
  }
  if (result.uidHex !== before) {
    throw new EncodeCardError('personaliser-uid-mismatch', `The personaliser wrote card ${result.uidHex}, but card ${before} is on reader "${reader}".`, reader, before);
  }
  return { uidHex: before, personaliser: result.personaliser };
}
