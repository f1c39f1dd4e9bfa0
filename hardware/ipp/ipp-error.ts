export const IPP_ERROR_CODES = [
  /** The HTTP layer answered with a status other than 200 (e.g. 401, 404, 426). */
  'http-status',
  /** The answer was not a well-formed IPP response to our request. */
  'malformed',
  /** The printer answered with an IPP error status (see `ippStatus`). */
  'ipp-status',
  /** The operation has no IPP equivalent, or the printer does not support it. */
  'not-supported',
  /** The printer refused the operation for lack of rights (CUPS admin operations). */
  'not-authorized',
  /** The caller passed something the driver cannot print (programming error). */
  'invalid-job',
] as const;
export type IppErrorCode = (typeof IPP_ERROR_CODES)[number];

/**
 * Protocol-level failure talking IPP (`printer-protocols.md` §6). Transport failures (refused,
 * lost, timed out, aborted, closed) are `TransportError`s from `hardware/types.ts` instead.
 */
export class IppError extends Error {
  readonly code: IppErrorCode;
  /** The printer URI, without credentials. */
  readonly uri: string;
  /** IPP status-code when `code` is `ipp-status`, `not-supported` or `not-authorized`. */
  readonly ippStatus: number | undefined;
  /** HTTP status when `code` is `http-status`. */
  readonly httpStatus: number | undefined;
  constructor(
    code: IppErrorCode,
    uri: string,
    message: string,
    details: { ippStatus?: number; httpStatus?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'IppError';
    this.code = code;
    this.uri = uri;
    this.ippStatus = details.ippStatus;
    this.httpStatus = details.httpStatus;
  }
}
