/**
 * What the print path needs of a chip encoder: a PC/SC reader inside the printer (Evolis
 * contactless station) or on the desk beside a printer whose driver gives no station control
 * (FARGO, Datacard over IPP). The PC/SC side lives in hardware/smartcard; this is the station's view.
 */

export type EncodeResult =
  /** The chip was written for the job and its UID read back, the same before and after. */
  | { readonly kind: 'encoded'; readonly uid: string }
  /** Nothing was written: no card came, or the card placed is not a free blank. The blank stays ours. */
  | { readonly kind: 'not-written'; readonly reason: string; readonly uid: string | null }
  /** The chip is not proven written (personaliser refused, hung or crashed, card pulled): gagal encode. */
  | { readonly kind: 'failed'; readonly reason: string; readonly uid: string | null }
  /** The reader or pcscd went away mid-write, or the UID changed: nobody knows. A person decides. */
  | { readonly kind: 'unknown'; readonly reason: string; readonly uid: string | null };

export interface EncodeRequest {
  /** The job's reference for the personaliser (the job id, never personal data). */
  readonly jobRef: string;
  /**
   * Asked with the UID read before anything is written: null when the card is a free blank, or the
   * reason it must not be written ("already bound to job …").
   */
  readonly refuseUid: (uid: string) => Promise<string | null>;
  readonly signal?: AbortSignal;
}

export interface ChipEncoder {
  /** The reader's name as pcscd knows it. */
  readonly reader: string;
  /** In the printer (the driver moves the card to it) or on the desk (the operator places the card). */
  readonly at: 'printer' | 'desk';
  /** The reference personaliser (demo and tests): every screen and report says so. */
  readonly reference: boolean;
  /** Null when the reader is there and answers; else why not, in words. */
  problem(): Promise<string | null>;
  /** Waits for a card (desk: the operator places it), reads its UID, personalises it, reads the UID again. */
  encode(request: EncodeRequest): Promise<EncodeResult>;
  /** Desk only: resolves true once the card is taken off the reader (to the printer), false on time-out. */
  waitForRemoval(timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
}
