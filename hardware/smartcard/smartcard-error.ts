// One error type for the PC/SC layer: callers (the encode stage) branch on `code`; the message is a
// sentence for a person naming the reader and the step, never card data.

export const SMARTCARD_ERROR_CODES = [
  /** The Node binding (native addon) could not be loaded: libpcsclite missing. */
  'binding-unavailable',
  /** pcscd is not running, or stopped during the operation. */
  'pcscd-unavailable',
  /** No reader of that name: unplugged, or never there. */
  'reader-not-found',
  /** Another program holds the card exclusively. */
  'reader-busy',
  /** The reader is there but has no card on it. */
  'no-card',
  /** The card left the reader during the operation. */
  'card-removed',
  /** The card or reader did not answer within the time limit. */
  'timeout',
  /** The reader gave up on the card mid-command (a mute card: PC/SC "transaction failed"). */
  'card-unresponsive',
  /** The card answered with an error status word. */
  'card-refused',
  /** Anything else PC/SC reported. */
  'pcsc-error',
] as const;
export type SmartCardErrorCode = (typeof SMARTCARD_ERROR_CODES)[number];

export interface SmartCardErrorFields {
  readonly readerName?: string | undefined;
  /** The step: 'connect', 'GET UID', 'UPDATE BINARY' … */
  readonly step?: string | undefined;
  /** The status word, for 'card-refused'. */
  readonly sw?: number | undefined;
  /** What PC/SC itself said (the binding's words). */
  readonly pcsc?: string | undefined;
}

export class SmartCardError extends Error {
  readonly code: SmartCardErrorCode;
  readonly readerName: string | undefined;
  readonly step: string | undefined;
  readonly sw: number | undefined;
  readonly pcsc: string | undefined;

  constructor(code: SmartCardErrorCode, message: string, fields: SmartCardErrorFields = {}) {
    super(message);
    this.name = 'SmartCardError';
    this.code = code;
    this.readerName = fields.readerName;
    this.step = fields.step;
    this.sw = fields.sw;
    this.pcsc = fields.pcsc;
  }
}

// The `smartcard` binding rejects with plain Errors whose message is its own wording of the PC/SC
// return code (its src/pcsc_errors.h); this maps those words back to our codes.
const PCSC_MESSAGES: ReadonlyArray<readonly [RegExp, SmartCardErrorCode]> = [
  [/service not running|service stopped|no service/i, 'pcscd-unavailable'],
  [/unknown reader|reader unavailable|no readers available/i, 'reader-not-found'],
  [/sharing violation/i, 'reader-busy'],
  [/no smart card present/i, 'no-card'],
  [/card was removed|card was reset|unpowered|invalid handle|not connected/i, 'card-removed'],
  [/unresponsive|transaction failed/i, 'card-unresponsive'],
  [/timed out/i, 'timeout'],
];

export function pcscErrorCode(message: string): SmartCardErrorCode {
  for (const [pattern, code] of PCSC_MESSAGES) if (pattern.test(message)) return code;
  return 'pcsc-error';
}

/** The sentence for each code; `where` is "on <reader>" or similar, `pcsc` the binding's own words. */
export function smartCardSentence(code: SmartCardErrorCode, readerName: string | undefined, step: string | undefined): string {
  const reader = readerName === undefined ? 'the card reader' : `reader "${readerName}"`;
  const during = step === undefined ? '' : ` during ${step}`;
  switch (code) {
    case 'binding-unavailable':
      return 'The PC/SC library could not be loaded: install libpcsclite (apt-get install pcscd libpcsclite1).';
    case 'pcscd-unavailable':
      return `The smart-card service (pcscd) is not running${during}: start it (systemctl start pcscd) and try again.`;
    case 'reader-not-found':
      return `${capitalise(reader)} is not connected${during}: check its cable or the encoder setting.`;
    case 'reader-busy':
      return `${capitalise(reader)} is in use by another program${during}.`;
    case 'no-card':
      return `No card on ${reader}: place the blank on it.`;
    case 'card-removed':
      return `The card was taken off ${reader}${during}.`;
    case 'timeout':
      return `The card on ${reader} did not answer in time${during}.`;
    case 'card-unresponsive':
      return `The card on ${reader} stopped answering${during}: take it off and place it again.`;
    case 'card-refused':
      return `The card on ${reader} refused ${step ?? 'the command'}.`;
    case 'pcsc-error':
      return `${capitalise(reader)} reported an error${during}.`;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function smartCardError(code: SmartCardErrorCode, fields: SmartCardErrorFields = {}): SmartCardError {
  const base = smartCardSentence(code, fields.readerName, fields.step);
  const detail = fields.sw !== undefined ? ` (status ${fields.sw.toString(16).toUpperCase().padStart(4, '0')})` : fields.pcsc !== undefined && code === 'pcsc-error' ? ` (${fields.pcsc})` : '';
  return new SmartCardError(code, `${base}${detail}`, fields);
}
