// The personaliser is the part cetak does not own (domain.md, "The chip"): the Ministry's applet
// and SAM keys write the chip. cetak hands it a reader name and the job's reference (never personal
// data) and a time limit, and gets back success with the chip UID, or an error with a code.
import type { SmartCardErrorCode } from '../smartcard-error.js';

export const PERSONALISER_KINDS = ['reference', 'external'] as const;
export type PersonaliserKind = (typeof PERSONALISER_KINDS)[number];

export interface PersonaliserIdentity {
  readonly kind: PersonaliserKind;
  /** For screens and reports, e.g. "REFERENCE personaliser (test file only)". */
  readonly label: string;
  /** True for the reference personaliser: the chip holds a test file, not an identity. */
  readonly reference: boolean;
}

export interface PersonaliseRequest {
  readonly readerName: string;
  /** The job's reference (its id); checked by `checkJobReference`. */
  readonly jobRef: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface PersonaliseResult {
  /** The chip UID as the personaliser read it, upper-case hex. */
  readonly uidHex: string;
  readonly personaliser: PersonaliserIdentity;
}

export interface Personaliser {
  readonly identity: PersonaliserIdentity;
  personalise(request: PersonaliseRequest): Promise<PersonaliseResult>;
}

export const PERSONALISER_ERROR_CODES = [
  /** It did not finish within the time limit (an external one is killed). */
  'personaliser-timeout',
  /** An external one exited by a signal or with a non-zero status without saying why. */
  'personaliser-crashed',
  /** It answered, and said the chip was not written. */
  'personaliser-failed',
  /** An external one's answer could not be read. */
  'personaliser-bad-output',
  /** It could not be started (missing executable, bad configuration). */
  'personaliser-unavailable',
  /** The card or reader failed under it; `cardCode` says how. */
  'personaliser-card-error',
] as const;
export type PersonaliserErrorCode = (typeof PERSONALISER_ERROR_CODES)[number];

export class PersonaliserError extends Error {
  readonly code: PersonaliserErrorCode;
  readonly readerName: string;
  /** For 'personaliser-card-error': the smart-card layer's code (no-card, card-removed …). */
  readonly cardCode: SmartCardErrorCode | undefined;

  constructor(code: PersonaliserErrorCode, message: string, readerName: string, cardCode?: SmartCardErrorCode) {
    super(message);
    this.name = 'PersonaliserError';
    this.code = code;
    this.readerName = readerName;
    this.cardCode = cardCode;
  }
}

const JOB_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/**
 * A job reference is an id, at most 64 characters of letters, digits and `._:-`: it goes on a
 * command line and into a chip, so it must never be a NIK or a name (16 digits are refused).
 */
export function checkJobReference(jobRef: string): void {
  if (!JOB_REFERENCE.test(jobRef)) {
    throw new RangeError('job reference must be 1-64 characters of letters, digits and ._:- (a job id, never personal data)');
  }
  if (/^\d{16}$/.test(jobRef)) throw new RangeError('job reference looks like a NIK: pass the job id instead');
}

const UID_HEX = /^(?:[0-9A-F]{8}|[0-9A-F]{14}|[0-9A-F]{20})$/;

export function isUidHex(value: string): boolean {
  return UID_HEX.test(value);
}
