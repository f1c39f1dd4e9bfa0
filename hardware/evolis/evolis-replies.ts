/**
 * Pure parsing of Evolis reply frames (printer-protocols.md §1.4, §2.13): exact `OK` is success,
 * an `ERR…` prefix or a known status string is an error, anything else printable is a value.
 * Non-printable bytes make the reply `garbled` (the link is out of step and must be resynchronised).
 */

export type EvolisReply =
  | { readonly kind: 'ok'; readonly text: 'OK' }
  | { readonly kind: 'value'; readonly text: string }
  | { readonly kind: 'error'; readonly text: string; readonly reasons: readonly string[] }
  | { readonly kind: 'garbled'; readonly byteCount: number };

/**
 * Reply strings (§2.13) mapped to IPP-style printer-state-reasons. Matched as substrings, longest
 * first, so `ERR NEED CLEANING` and `NEED CLEANING` map alike.
 */
const EVOLIS_REPLY_REASONS = [
  ['FEEDER EMPTY', 'media-empty'],
  ['CARD JAM', 'media-jam'],
  ['COVER OPEN', 'cover-open'],
  ['ERR RIB DETECTION', 'marker-supply-empty'],
  ['ERROR RIBBON', 'marker-supply-empty'],
  ['NEED CLEANING', 'cleaning-needed'],
  ['HOPPER FULL', 'output-area-full'],
  ['HOPPER DOOR', 'door-open'],
  ['ERROR HOPPER', 'output-area-failure'],
  ['ERROR HEAD', 'other'],
  ['ERROR TIME OUT', 'timed-out'],
  ['ERROR MAG', 'other'],
  ['ERROR FLASH', 'other'],
  ['ERROR CHECKSUM', 'other'],
  ['OPT NOT AVAILABLE', 'other'],
  ['ERROR CDE', 'other'],
  ['ERROR PARAMETRES', 'other'],
  ['ERR CARD', 'other'],
] as const;

/** Status words that are errors even without an `ERR` prefix (§2.13). */
const BARE_ERROR_WORDS = ['FEEDER EMPTY', 'CARD JAM', 'COVER OPEN', 'NEED CLEANING', 'HOPPER FULL', 'HOPPER DOOR', 'OPT NOT AVAILABLE'] as const;

/** IPP-style reasons for one reply text; `['other']` for an unrecognised error. */
export function evolisReasonsForReply(text: string): string[] {
  const upper = text.toUpperCase();
  const reasons: string[] = [];
  for (const [needle, reason] of EVOLIS_REPLY_REASONS) {
    if (upper.includes(needle) && !reasons.includes(reason)) reasons.push(reason);
  }
  return reasons.length > 0 ? reasons : ['other'];
}

/** Parse one frame (the bytes before the `00`). Trailing CR/LF/space are stripped (§1.4). */
export function parseEvolisReply(bytes: Uint8Array): EvolisReply {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0d || bytes[end - 1] === 0x0a || bytes[end - 1] === 0x20 || bytes[end - 1] === 0x00)) end -= 1;
  let start = 0;
  while (start < end && (bytes[start] === 0x0d || bytes[start] === 0x0a || bytes[start] === 0x20)) start += 1;
  if (end === start) return { kind: 'garbled', byteCount: bytes.length };
  for (let i = start; i < end; i += 1) {
    const byte = bytes[i]!;
    if (byte < 0x20 || byte > 0x7e) return { kind: 'garbled', byteCount: bytes.length };
  }
  const text = Buffer.from(bytes.subarray(start, end)).toString('ascii');
  if (text === 'OK') return { kind: 'ok', text: 'OK' };
  const upper = text.toUpperCase();
  if (upper.startsWith('ERR') || BARE_ERROR_WORDS.some((word) => upper.includes(word))) {
    return { kind: 'error', text, reasons: evolisReasonsForReply(text) };
  }
  return { kind: 'value', text };
}

/** A decimal count reply (`Rco;c`, `Rrt;count`, …) or `undefined` when it is not one. */
export function parseEvolisCount(reply: EvolisReply): number | undefined {
  if (reply.kind !== 'value') return undefined;
  const match = /^\s*(\d{1,12})\b/.exec(reply.text);
  return match ? Number(match[1]) : undefined;
}

/** Reasons that stop a printer (IPP state `stopped`) rather than only warn. */
export const EVOLIS_STOPPING_REASONS = ['media-empty', 'media-jam', 'cover-open', 'marker-supply-empty', 'offline', 'door-open', 'output-area-full', 'output-area-failure'] as const;
