/**
 * Pure mapping from IPP printer and job attributes to the `hardware/types.ts` shapes
 * (`printer-protocols.md` §6.2–6.5). No I/O: the driver fetches, these functions read.
 */
import type { ConsumableKind, ConsumableLevel, PrinterIdentity, PrinterState, PrinterStatus } from '../types.js';
import { IPP_GROUP_TAGS, findIppAttribute, ippNumbers, ippStrings } from './ipp-encoding.js';
import type { IppAttribute, IppMessage } from './ipp-encoding.js';

/** printer-state enum values (§6.2). */
export const IPP_PRINTER_STATES = { idle: 3, processing: 4, stopped: 5 } as const;
/** job-state enum values (§6.2). */
export const IPP_JOB_STATES = {
  pending: 3,
  pendingHeld: 4,
  processing: 5,
  processingStopped: 6,
  canceled: 7,
  aborted: 8,
  completed: 9,
} as const;

/** Attributes `status()` asks for (§6.4, §6.5). */
export const IPP_STATUS_ATTRIBUTES = [
  'printer-state',
  'printer-state-reasons',
  'printer-state-message',
  'printer-is-accepting-jobs',
  'queued-job-count',
  'marker-names',
  'marker-types',
  'marker-levels',
  'marker-low-levels',
  'marker-high-levels',
  'printer-supply',
  'printer-supply-description',
] as const;

/** Attributes `identify()` asks for. */
export const IPP_IDENTITY_ATTRIBUTES = [
  'printer-make-and-model',
  'printer-device-id',
  'printer-serial-number',
  'printer-firmware-name',
  'printer-firmware-string-version',
  'printer-name',
] as const;

const SEVERITY_SUFFIX = /-(report|warning|error)$/;

/**
 * Other spellings of the reasons cetak acts on (`KNOWN_REASONS`); the original keyword is kept
 * and the known one is added after it, so vendor detail is not lost.
 */
const REASON_ALIASES: Readonly<Record<string, string>> = {
  'toner-low': 'marker-supply-low',
  'toner-empty': 'marker-supply-empty',
  'door-open': 'cover-open',
  'interlock-open': 'cover-open',
  shutdown: 'offline',
  'timed-out': 'offline',
  'connecting-to-device': 'offline',
  'cleaner-life-almost-over': 'cleaning-needed',
  'cleaner-life-over': 'cleaning-needed',
};

/**
 * Reasons that stop a card from being printed now, whatever severity suffix the printer gave
 * them (ippeveprinter, for one, reports `media-empty-report` while idle although it will not
 * print). `print()` refuses to submit while one is present.
 */
export const IPP_BLOCKING_REASONS: ReadonlySet<string> = new Set([
  'media-empty',
  'media-needed',
  'media-jam',
  'cover-open',
  'door-open',
  'interlock-open',
  'marker-supply-empty',
  'toner-empty',
  'input-tray-missing',
  'output-area-full',
  'paused',
  'shutdown',
  'offline',
]);

/**
 * Reasons showing that a failed job never took a card: the feeder was empty, or the document
 * never reached the device. Used for jobs that had started processing (§6.2, §6.3).
 */
export const IPP_NOTHING_PRINTED_REASONS: ReadonlySet<string> = new Set([
  'media-empty',
  'media-needed',
  'input-tray-missing',
  'document-format-error',
  'document-unprintable-error',
  'unsupported-document-format',
  'unsupported-compression',
  'compression-error',
  'job-data-insufficient',
]);

/** Reasons that say nothing: dropped from results. */
const SILENT_REASONS: ReadonlySet<string> = new Set([
  'none',
  'job-printing',
  'job-incoming',
  'job-completed-successfully',
  'processing-to-stop-point',
]);

/**
 * Strips the RFC 8011 severity suffix (`-report`, `-warning`, `-error`) from each keyword, drops
 * `none`, adds the known alias of a keyword after it (e.g. `door-open` → also `cover-open`) and
 * removes duplicates, keeping first-seen order. Unknown and vendor keywords (`com.hid-…`) are kept.
 */
export function normalizeIppReasons(keywords: readonly string[]): string[] {
  const out: string[] = [];
  const add = (reason: string): void => {
    if (!SILENT_REASONS.has(reason) && !out.includes(reason)) out.push(reason);
  };
  for (const keyword of keywords) {
    const base = keyword.trim().toLowerCase().replace(SEVERITY_SUFFIX, '');
    if (!base) continue;
    add(base);
    const alias = REASON_ALIASES[base];
    if (alias) add(alias);
  }
  return out;
}

function printerAttribute(message: IppMessage, name: string): IppAttribute | undefined {
  return findIppAttribute(message, name, IPP_GROUP_TAGS.printer);
}

/** Kind of consumable from its type keyword and name (§6.4 marker-types, PWG printer-supply types). */
export function consumableKind(type: string, name: string): ConsumableKind {
  const text = `${type} ${name}`.toLowerCase();
  if (text.includes('waste')) return 'other';
  if (text.includes('clean')) return 'cleaning';
  if (/film|transfer|intermediate/.test(text)) return 'film';
  if (/ribbon|toner|ink|wax|dye|resin|marker/.test(text)) return 'ribbon';
  return 'other';
}

/** Parses one IPP Everywhere `printer-supply` value (`key=value;` pairs, §6.5). */
function parsePrinterSupply(value: string): Readonly<Record<string, string>> {
  const fields: Record<string, string> = {};
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    fields[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
  }
  return fields;
}

function wholeNumber(text: string | undefined): number | undefined {
  if (text === undefined || !/^-?\d+$/.test(text)) return undefined;
  return Number(text);
}

const COUNTED_UNITS: ReadonlySet<string> = new Set(['sheets', 'impressions', 'items', 'cards']);

function levelsFromPrinterSupply(message: IppMessage): ConsumableLevel[] {
  const supplies = ippStrings(printerAttribute(message, 'printer-supply'));
  const descriptions = ippStrings(printerAttribute(message, 'printer-supply-description'));
  return supplies.map((raw, i) => {
    const f = parsePrinterSupply(raw);
    const type = f['type'] ?? '';
    const name = descriptions[i] ?? (type || `Supply ${f['index'] ?? i + 1}`);
    const level = wholeNumber(f['level']);
    const max = wholeNumber(f['maxcapacity']);
    const unit = (f['unit'] ?? '').toLowerCase();
    const out: { -readonly [K in keyof ConsumableLevel]: ConsumableLevel[K] } = { kind: consumableKind(type, name), name };
    // Negative levels and capacities are "unknown" codes (-1, -2, -3), never amounts.
    const knownLevel = level !== undefined && level >= 0 ? level : undefined;
    const knownMax = max !== undefined && max > 0 ? max : undefined;
    if (knownLevel !== undefined) {
      if (unit === 'percent' || (unit === '' && knownMax === 100)) {
        out.percent = knownMax !== undefined && knownMax !== 100 ? Math.round((knownLevel / knownMax) * 100) : Math.min(knownLevel, 100);
      } else if (knownMax !== undefined) {
        out.percent = Math.min(100, Math.round((knownLevel / knownMax) * 100));
      }
      if (COUNTED_UNITS.has(unit)) out.remainingImages = knownLevel;
    }
    if (knownMax !== undefined && COUNTED_UNITS.has(unit)) out.capacityImages = knownMax;
    return out;
  });
}

function levelsFromMarkers(message: IppMessage): ConsumableLevel[] {
  const names = ippStrings(printerAttribute(message, 'marker-names'));
  const types = ippStrings(printerAttribute(message, 'marker-types'));
  const levels = ippNumbers(printerAttribute(message, 'marker-levels'));
  const lows = ippNumbers(printerAttribute(message, 'marker-low-levels'));
  return names.map((name, i) => {
    const type = types[i] ?? '';
    const level = levels[i];
    const low = lows[i];
    const base: { kind: ConsumableLevel['kind']; name: string; lowPercent?: number } = { kind: consumableKind(type, name), name };
    if (low !== undefined && low >= 0 && low <= 100) base.lowPercent = low;
    return level !== undefined && level >= 0 ? { ...base, percent: Math.min(level, 100) } : base;
  });
}

/**
 * Consumable levels from both forms a printer may use (§6.4, §6.5): IPP Everywhere
 * `printer-supply` (+ `printer-supply-description`) first, then CUPS `marker-*` entries whose
 * name was not already listed. Levels of -1/-2/-3 leave `percent` absent.
 */
function consumableLevelsFromAttributes(message: IppMessage): ConsumableLevel[] {
  const levels = levelsFromPrinterSupply(message);
  const seen = new Set(levels.map((l) => l.name.toLowerCase()));
  for (const marker of levelsFromMarkers(message)) {
    if (!seen.has(marker.name.toLowerCase())) levels.push(marker);
    else if (marker.lowPercent !== undefined) {
      // printer-supply has no low mark: the marker of the same name gives it.
      const i = levels.findIndex((l) => l.name.toLowerCase() === marker.name.toLowerCase());
      levels[i] = { ...levels[i]!, lowPercent: marker.lowPercent };
    }
  }
  return levels;
}

/**
 * `PrinterStatus` from a Get-Printer-Attributes response (§6.2–6.5): printer-state 3/4/5 →
 * idle/printing/stopped, and a `paused` reason also counts as stopped; reasons are normalised by
 * `normalizeIppReasons`; `printer-is-accepting-jobs = false` adds `not-accepting-jobs`;
 * `feederCards` is 0 when `media-empty` is reported, absent otherwise.
 */
export function printerStatusFromAttributes(message: IppMessage): PrinterStatus {
  const stateValue = ippNumbers(printerAttribute(message, 'printer-state'))[0];
  const reasons = normalizeIppReasons(ippStrings(printerAttribute(message, 'printer-state-reasons')));
  const accepting = printerAttribute(message, 'printer-is-accepting-jobs')?.values[0];
  if (accepting?.type === 'boolean' && !accepting.value && !reasons.includes('not-accepting-jobs')) {
    reasons.push('not-accepting-jobs');
  }
  let state: PrinterState =
    stateValue === IPP_PRINTER_STATES.stopped ? 'stopped' : stateValue === IPP_PRINTER_STATES.processing ? 'printing' : 'idle';
  if (reasons.includes('paused')) state = 'stopped';
  const status: { -readonly [K in keyof PrinterStatus]: PrinterStatus[K] } = {
    state,
    reasons,
    levels: consumableLevelsFromAttributes(message),
  };
  if (reasons.includes('media-empty')) status.feederCards = 0;
  return status;
}

/** Splits an IEEE 1284 device ID (`MFG:HID;MDL:FARGO HDP5000;SN:123;`) into upper-cased keys. */
export function parseDeviceId(deviceId: string): Readonly<Record<string, string>> {
  const fields: Record<string, string> = {};
  for (const part of deviceId.split(';')) {
    const colon = part.indexOf(':');
    if (colon <= 0) continue;
    fields[part.slice(0, colon).trim().toUpperCase()] = part.slice(colon + 1).trim();
  }
  return fields;
}

/**
 * `PrinterIdentity` from a Get-Printer-Attributes response: vendor and model from
 * `printer-device-id` (MFG/MDL) or else from `printer-make-and-model` split at its first space;
 * serial from the device ID's SN/SERN or `printer-serial-number`; firmware from
 * `printer-firmware-string-version` (with `printer-firmware-name` when given). Absent fields are ''.
 */
export function printerIdentityFromAttributes(message: IppMessage): PrinterIdentity {
  const makeAndModel = ippStrings(printerAttribute(message, 'printer-make-and-model'))[0]?.trim() ?? '';
  const deviceId = parseDeviceId(ippStrings(printerAttribute(message, 'printer-device-id'))[0] ?? '');
  const space = makeAndModel.indexOf(' ');
  const vendor = deviceId['MFG'] ?? deviceId['MANUFACTURER'] ?? (space > 0 ? makeAndModel.slice(0, space) : makeAndModel);
  let model = deviceId['MDL'] ?? deviceId['MODEL'] ?? '';
  if (!model) {
    model = vendor && makeAndModel.toLowerCase().startsWith(`${vendor.toLowerCase()} `) ? makeAndModel.slice(vendor.length + 1) : makeAndModel;
  }
  const serial =
    deviceId['SN'] ?? deviceId['SERN'] ?? deviceId['SERIALNUMBER'] ?? ippStrings(printerAttribute(message, 'printer-serial-number'))[0] ?? '';
  const versions = ippStrings(printerAttribute(message, 'printer-firmware-string-version'));
  const names = ippStrings(printerAttribute(message, 'printer-firmware-name'));
  const firmware = versions.map((v, i) => (names[i] ? `${names[i]} ${v}` : v)).join('; ');
  return { vendor, model, serial, firmware, simulated: false };
}
