import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { PrinterCareConfig } from './printer-care-config.js';
import { parsePrinterUri } from '../../../hardware/printer-uri.js';
import { StationError } from '../station-error.js';
import { ForecastSettings } from '../forecast/forecast-settings.js';
import { OfficeConfig, officeIdentity, OFFICE_TIME_ZONES, type OfficeIdentity } from './office-config.js';
import { SuketSettings } from '../shortage/suket-settings.js';
import { LANGUAGES } from '../../i18n/i18n.js';

/**
 * The station's config file (JSON), `$CETAK_HOME/station.json` unless `--config` says otherwise.
 * Everything has a default except the printers; a station with no printers still runs (imports,
 * stock, reports) and says so on screen.
 *
 * ```json
 * {
 *   "station": { "id": "ws-1", "office": "Kota Kupang" },
 *   "printers": [
 *     { "id": "p1", "name": "P1", "uri": "ipp://localhost:631/printers/hdp1", "family": "fargo-hdp" },
 *     { "id": "p3", "name": "P3", "uri": "usb://0f49:0a00?serial=ABC", "family": "evolis" }
 *   ],
 *   "language": "id",
 *   "layout": "layouts/kupang.json",
 *   "pollIntervalMs": 3000
 * }
 * ```
 */

const printerId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be 1-32 lower-case letters, digits or "-"');

export const PrinterConfig = z.strictObject({
  id: printerId,
  /** Short name shown on screen ("P1"). */
  name: z.string().min(1).max(16),
  uri: z.string().superRefine((uri, ctx) => {
    try {
      parsePrinterUri(uri);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  }),
  /** Consumable family: film and ribbon of this family fit this printer. */
  family: z.string().regex(/^[a-z0-9][a-z0-9-]{1,31}$/, 'must be lower-case letters, digits and "-" (e.g. fargo-hdp)'),
  /** Rated one-sided colour cards per hour; default from the driver. */
  ratedCardsPerHour: z.number().int().positive().optional(),
  /** Print both sides (duplex printers only). Default false: e-KTP fronts are personalised, backs pre-printed. */
  duplex: z.boolean().default(false),
  /** The PC/SC reader that encodes this printer's chips: `pcsc://<reader name as pcscd lists it>`. */
  encoder: z.string().regex(/^pcsc:\/\/.+/, 'must be pcsc://<reader name> (see cetak printers discover)').optional(),
  /**
   * Where that reader is: `printer` (the printer's contactless station; Evolis only, the driver moves
   * the card to it) or `desk` (a standalone encoder; the operator carries each card). Default: printer
   * for evolis, desk for the others.
   */
  encoderAt: z.enum(['printer', 'desk']).optional(),
  /**
   * ipps:// printers with their own self-signed certificate: its SHA-256 fingerprint (hex, colons
   * allowed), trusted for this printer only. Without it the certificate must chain to the system's
   * trust store.
   */
  tlsCertificateSha256: z.string().regex(/^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/, 'must be a SHA-256 fingerprint: 64 hex digits, colons allowed').optional(),
  /** IPP printers: seconds without an answer while a card prints before that card is in doubt. Default 30. */
  unreachableAfterSeconds: z.number().int().min(1).max(600).optional(),
  /** Cleaning, duty limit and rest, idle exercise, temperature window, feeder size (printer-care-config.ts). */
  care: PrinterCareConfig.optional(),
}).superRefine((printer, ctx) => {
  if (printer.tlsCertificateSha256 !== undefined && !printer.uri.startsWith('ipps://')) {
    ctx.addIssue({ code: 'custom', path: ['tlsCertificateSha256'], message: 'applies to ipps:// printers only' });
  }
  if (printer.unreachableAfterSeconds !== undefined && !/^ipps?:\/\//.test(printer.uri)) {
    ctx.addIssue({ code: 'custom', path: ['unreachableAfterSeconds'], message: 'applies to ipp:// and ipps:// printers only' });
  }
  if (printer.encoderAt && !printer.encoder) ctx.addIssue({ code: 'custom', path: ['encoderAt'], message: 'needs "encoder": the reader it places' });
  if (printer.encoderAt === 'printer' && printer.family !== 'evolis') {
    ctx.addIssue({ code: 'custom', path: ['encoderAt'], message: `only evolis printers move the card to their own contactless station; a ${printer.family} printer needs "desk"` });
  }
});

/** Where a printer's chips are encoded, or null when it has no encoder. */
export function encoderPlacement(printer: PrinterConfig): 'printer' | 'desk' | null {
  if (!printer.encoder) return null;
  return printer.encoderAt ?? (printer.family === 'evolis' ? 'printer' : 'desk');
}

/** The component that writes the Ministry's applet data: an executable of the office's, or the reference one (demo, tests). */
export const PersonaliserConfig = z.union([
  z.literal('reference'),
  z.strictObject({
    /** Absolute path of the executable; it gets `--reader NAME --job REF` and prints the UID on success. */
    command: z.string().min(1),
    args: z.array(z.string()).default([]),
    /** Killed after this long, and the blank is spoiled as gagal encode. */
    timeoutMs: z.number().int().min(1_000).max(600_000).default(90_000),
  }),
]);
export type PersonaliserConfig = z.infer<typeof PersonaliserConfig>;
export type PrinterConfig = z.infer<typeof PrinterConfig>;

export const StationConfig = z.strictObject({
  station: z
    .strictObject({
      /** Unique per workstation when several share a PostgreSQL database. Default: the host name. */
      id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/).optional(),
      /** Office name for screens and reports. */
      office: z.string().min(1).max(80).default('Disdukcapil'),
      /** Office time zone offset from UTC in minutes (WIB 420, WITA 480, WIT 540). */
      utcOffsetMinutes: z.number().int().min(-720).max(840).default(480),
    })
    .prefault({}),
  printers: z.array(PrinterConfig).default([]),
  /**
   * The office's language for screens, messages and reports: `id` (Bahasa Indonesia) or `en`. New
   * stations are written with `id`; when absent, LANG decides, else Bahasa Indonesia. `--lang` and
   * CETAK_LANG override it (src/i18n/i18n.ts `resolveLanguage`).
   */
  language: z.enum(LANGUAGES).optional(),
  /** Card layout file (relative to the config file); default: the layout that ships. */
  layout: z.string().optional(),
  /** How often printer status is polled. */
  pollIntervalMs: z.number().int().min(250).max(60_000).default(3_000),
  /** Socket paths; default inside the data folder. */
  sockets: z.strictObject({ operator: z.string().optional(), technician: z.string().optional() }).prefault({}),
  /** Who writes the chips of the printers with an `encoder`. Default: the reference personaliser (labelled on every screen). */
  personaliser: PersonaliserConfig.default('reference'),
  /** The console on this workstation (shared desks): idle sign-out, mouse. */
  console: z
    .strictObject({
      /** Seconds without a key before a signed-in console signs out by itself; 0 never. Default 15 minutes. */
      idleSignOutSeconds: z.number().int().min(0).max(24 * 3600).default(900),
      /** Click to select, wheel to scroll; off for terminals where the mouse should select text. */
      mouse: z.boolean().default(true),
    })
    .prefault({}),
  /** Forecast and procurement settings: working days, lead times and safety margins (src/station/forecast/forecast-settings.ts). */
  forecast: ForecastSettings.prefault({}),
  /** The office's letterhead, signing officials and document numbers (src/station/config/office-config.ts); needed for official documents. */
  office: OfficeConfig.optional(),
  /** The office's suket: letterhead, number format, signing official (src/station/shortage/suket-settings.ts). */
  suket: SuketSettings.prefault({}),
}).superRefine((config, ctx) => {
  const zone = config.office?.timeZone;
  if (zone && OFFICE_TIME_ZONES[zone] !== config.station.utcOffsetMinutes) {
    ctx.addIssue({ code: 'custom', path: ['office', 'timeZone'], message: `${zone} is UTC+${OFFICE_TIME_ZONES[zone] / 60} but station.utcOffsetMinutes is ${config.station.utcOffsetMinutes}: make them agree` });
  }
  const seen = new Set<string>();
  config.printers.forEach((p, i) => {
    if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: ['printers', i, 'id'], message: `printer id "${p.id}" is used twice` });
    seen.add(p.id);
  });
});
export type StationConfig = z.infer<typeof StationConfig>;

function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

/** Validates a parsed config; errors name the file and the field ("station.json: printers[1].uri: …"). */
export function parseStationConfig(value: unknown, source: string): StationConfig {
  const result = StationConfig.safeParse(value);
  if (result.success) return result.data;
  const first = result.error.issues[0]!;
  const where = issuePath(first.path);
  throw new StationError('config-invalid', `${source}: ${where ? `${where}: ` : ''}${first.message}${result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problem(s))` : ''}`, { file: source });
}

/**
 * The office identity the documents need, or a sentence naming the file and the missing section:
 * an official document without a letterhead and signing officials is not one.
 */
export function requireOfficeIdentity(config: StationConfig, source: string | null): OfficeIdentity {
  if (!config.office) {
    throw new StationError(
      'config-office-missing',
      `${source ?? 'station.json'}: office: official documents need the office's letterhead and officials (office.government, name, address, regency, place, head with name, NIP and position)`,
      { file: source ?? 'station.json' },
    );
  }
  return officeIdentity(config.office, config.station.utcOffsetMinutes);
}

/**
 * Reads the config file. A missing file at the default place means "no printers yet"; a missing
 * file that was named explicitly is an error.
 */
export async function loadStationConfig(home: string, explicitPath?: string): Promise<{ config: StationConfig; path: string | null }> {
  const path = explicitPath ?? join(home, 'station.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !explicitPath) return { config: parseStationConfig({}, path), path: null };
    throw new StationError('config-unreadable', `${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { file: path });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StationError('config-invalid', `${path}: not valid JSON (${(error as Error).message})`, { file: path });
  }
  return { config: parseStationConfig(json, path), path };
}
