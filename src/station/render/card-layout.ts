/**
 * The card layout: a data file the office can adjust (domain.md, "What is printed on the card": exact
 * coordinates are not public, so they must not be code). Coordinates are dots at 300 dpi on the front
 * side viewed landscape, x from the left edge, y from the top edge (printer-protocols.md §3.2); the
 * driver rotates for the wire.
 *
 * Text `y` is the top of the capital letters of the first line, so a label and its value line up when
 * they share a `y` whatever their sizes.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CARD_HEIGHT_DOTS, CARD_WIDTH_DOTS } from '../../../hardware/types.js';
import { StationError } from '../station-error.js';
import defaultLayoutJson from './default-layout.json' with { type: 'json' };

/** Record-derived values a text element can print (formatted as on the card, see card-fields.ts). */
export const CARD_TEXT_FIELDS = [
  'nik',
  'province',
  'regency',
  'name',
  'birthPlaceDate',
  'sex',
  'bloodType',
  'address',
  'rtRw',
  'village',
  'district',
  'religion',
  'maritalStatus',
  'occupation',
  'nationality',
  'validUntil',
  'issuePlace',
  'issueDate',
] as const;
export type CardTextField = (typeof CARD_TEXT_FIELDS)[number];

/** `k`: black resin, 1-bit, crisp (what real e-KTP printers use for text). `colour`: Y/M/C dye. */
export const CARD_PANELS = ['k', 'colour'] as const;
type CardPanel = (typeof CARD_PANELS)[number];

export const TEXT_ALIGNMENTS = ['left', 'center', 'right'] as const;
type TextAlignment = (typeof TEXT_ALIGNMENTS)[number];

/** `cover` fills the box and crops the overflow evenly; `contain` fits inside and leaves margins. */
export const IMAGE_FITS = ['cover', 'contain'] as const;
export type ImageFit = (typeof IMAGE_FITS)[number];

const MAX_CARD_DOTS = 4000;
const dots = z.number().int().min(0).max(MAX_CARD_DOTS);
const positiveDots = z.number().int().min(1).max(MAX_CARD_DOTS);
const byte = z.number().int().min(0).max(255);
const rgb = z.tuple([byte, byte, byte]);
const elementId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes, e.g. "name-value"');
const note = z.string().optional();

const textElementSchema = z.strictObject({
  type: z.literal('text'),
  id: elementId,
  note,
  /** Exactly one of `field` (from the record) and `text` (a literal label such as "NIK"). */
  field: z.enum(CARD_TEXT_FIELDS).optional(),
  text: z.string().min(1).optional(),
  /** Printed before the value unless the value already starts with it (e.g. "PROVINSI "). */
  prefix: z.string().default(''),
  x: dots,
  y: dots,
  width: positiveDots,
  /** Box height for all lines; default `maxLines` lines at the full font size. */
  height: positiveDots.optional(),
  /** Em size in dots (a 24-dot Arimo capital is about 17 dots tall). */
  fontSizeDots: z.number().int().min(6).max(300),
  /** Smallest size the fitter may shrink to; default `fontSizeDots` (no shrinking). */
  minFontSizeDots: z.number().int().min(6).max(300).optional(),
  bold: z.boolean().default(false),
  panel: z.enum(CARD_PANELS).default('k'),
  /** Colour when `panel` is `colour`, as RGB (ink = 255 − channel). */
  colour: rgb.default([0, 0, 0]),
  align: z.enum(TEXT_ALIGNMENTS).default('left'),
  maxLines: z.number().int().min(1).max(8).default(1),
  /** Line pitch as a multiple of the font size. */
  lineHeight: z.number().min(0.8).max(3).default(1.15),
  /** Default: true for record fields (the card is upper case), false for literal labels. */
  upperCase: z.boolean().optional(),
  /**
   * Ids of elements below that move up by the height this element leaves unused (box height − lines ×
   * line pitch), so a one-line address leaves no gap before RT/RW.
   */
  collapseMoves: z.array(elementId).default([]),
});

const photoElementSchema = z.strictObject({
  type: z.literal('photo'),
  id: elementId,
  note,
  x: dots,
  y: dots,
  width: positiveDots,
  height: positiveDots,
  panel: z.literal('colour').default('colour'),
  fit: z.enum(IMAGE_FITS).default('cover'),
});

const signatureElementSchema = z.strictObject({
  type: z.literal('signature'),
  id: elementId,
  note,
  x: dots,
  y: dots,
  width: positiveDots,
  height: positiveDots,
  panel: z.enum(CARD_PANELS).default('k'),
  fit: z.enum(IMAGE_FITS).default('contain'),
  /** On K, a dot is printed where any source pixel it covers has luminance below this. */
  threshold: z.number().int().min(1).max(255).default(128),
});

const overlayWindowSchema = z.strictObject({
  id: elementId,
  note,
  x: dots,
  y: dots,
  width: positiveDots,
  height: positiveDots,
});

const cardLayoutSchema = z
  .strictObject({
    version: z.literal(1),
    note,
    cardWidthDots: positiveDots.default(CARD_WIDTH_DOTS),
    cardHeightDots: positiveDots.default(CARD_HEIGHT_DOTS),
    /** Optional light tint printed over the whole card in Y/M/C (blanks are usually pre-printed). */
    backgroundTint: rgb.nullable().default(null),
    overlay: z
      .strictObject({
        /** Full varnish on O, except the windows (e.g. over a chip). False: no O panel at all. */
        varnish: z.boolean().default(true),
        windows: z.array(overlayWindowSchema).default([]),
      })
      .default({ varnish: true, windows: [] }),
    elements: z
      .array(z.discriminatedUnion('type', [textElementSchema, photoElementSchema, signatureElementSchema]))
      .min(1),
  })
  .superRefine((layout, ctx) => {
    const seen = new Set<string>();
    let photos = 0;
    let signatures = 0;
    layout.elements.forEach((element, index) => {
      const at = (key: string): (string | number)[] => ['elements', index, key];
      if (seen.has(element.id)) ctx.addIssue({ code: 'custom', path: at('id'), message: 'duplicate element id' });
      seen.add(element.id);
      const height =
        element.type === 'text'
          ? (element.height ?? element.maxLines * Math.round(element.fontSizeDots * element.lineHeight))
          : element.height;
      if (element.x + element.width > layout.cardWidthDots) {
        ctx.addIssue({ code: 'custom', path: at('width'), message: `x + width passes the card's right edge (${layout.cardWidthDots} dots)` });
      }
      if (element.y + height > layout.cardHeightDots) {
        ctx.addIssue({ code: 'custom', path: at(element.type === 'text' && element.height === undefined ? 'maxLines' : 'height'), message: `the box passes the card's bottom edge (${layout.cardHeightDots} dots)` });
      }
      if (element.type === 'photo') photos += 1;
      if (element.type === 'signature') signatures += 1;
      if (element.type !== 'text') return;
      if ((element.field === undefined) === (element.text === undefined)) {
        ctx.addIssue({ code: 'custom', path: at('field'), message: 'a text element needs exactly one of "field" and "text"' });
      }
      if (element.minFontSizeDots !== undefined && element.minFontSizeDots > element.fontSizeDots) {
        ctx.addIssue({ code: 'custom', path: at('minFontSizeDots'), message: 'must not be larger than fontSizeDots' });
      }
    });
    layout.elements.forEach((element, index) => {
      if (element.type !== 'text') return;
      element.collapseMoves.forEach((id, position) => {
        const target = layout.elements.findIndex((other) => other.id === id);
        if (target === -1 || target === index) {
          ctx.addIssue({ code: 'custom', path: ['elements', index, 'collapseMoves', position], message: `no other element has id "${id}"` });
        } else if (layout.elements[target]!.y < element.y + element.fontSizeDots) {
          ctx.addIssue({ code: 'custom', path: ['elements', index, 'collapseMoves', position], message: `element "${id}" is not below this one` });
        }
      });
    });
    if (photos !== 1) ctx.addIssue({ code: 'custom', path: ['elements'], message: `needs exactly one photo element (found ${photos})` });
    if (signatures !== 1) {
      ctx.addIssue({ code: 'custom', path: ['elements'], message: `needs exactly one signature element (found ${signatures})` });
    }
    layout.overlay.windows.forEach((window, index) => {
      if (window.x + window.width > layout.cardWidthDots || window.y + window.height > layout.cardHeightDots) {
        ctx.addIssue({ code: 'custom', path: ['overlay', 'windows', index], message: 'the window passes the card edge' });
      }
    });
  });

export type CardLayout = z.output<typeof cardLayoutSchema>;
/** What the JSON file may contain (defaults not yet applied). */
export type CardLayoutFile = z.input<typeof cardLayoutSchema>;
export type CardLayoutElement = CardLayout['elements'][number];
export type TextElement = Extract<CardLayoutElement, { type: 'text' }>;
export type PhotoElement = Extract<CardLayoutElement, { type: 'photo' }>;
export type SignatureElement = Extract<CardLayoutElement, { type: 'signature' }>;
type OverlayWindow = CardLayout['overlay']['windows'][number];

export interface CardLayoutIssue {
  /** Where in the file, e.g. `elements[3] (id "name-value").fontSizeDots`. */
  readonly path: string;
  readonly message: string;
}

/** The layout file cannot be read or does not validate. `source` is the file (or a description). */
export class CardLayoutError extends StationError {
  readonly source: string;
  readonly issues: readonly CardLayoutIssue[];
  constructor(source: string, issues: readonly CardLayoutIssue[], options?: { cause?: unknown }) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    const where = first === undefined ? '' : first.path === '' ? `: ${first.message}` : ` at ${first.path}: ${first.message}`;
    super('invalid-layout', `Card layout ${source} is invalid${where}${more}; fix the file and reload it.`, {
      source,
      path: first?.path ?? '',
    });
    this.name = 'CardLayoutError';
    this.source = source;
    this.issues = issues;
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** Validates a parsed JSON value as a layout, applying defaults. Throws `CardLayoutError`. */
export function parseCardLayout(input: unknown, source: string): CardLayout {
  const result = cardLayoutSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: formatIssuePath(input, issue.path),
    message: issue.message,
  }));
  throw new CardLayoutError(source, issues);
}

/** Reads and validates a layout file. Throws `CardLayoutError` naming the file (and the field). */
export async function loadCardLayout(path: string): Promise<CardLayout> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new CardLayoutError(path, [{ path: '', message: `cannot read the file (${reason})` }], { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CardLayoutError(path, [{ path: '', message: `not valid JSON (${(error as Error).message})` }], { cause: error });
  }
  return parseCardLayout(json, path);
}

let defaultLayout: CardLayout | undefined;

/** The layout that ships (default-layout.json), validated once; a frozen copy is shared. */
export function defaultCardLayout(): CardLayout {
  defaultLayout ??= deepFreeze(parseCardLayout(defaultLayoutJson, 'default-layout.json'));
  return defaultLayout;
}

function formatIssuePath(input: unknown, path: readonly PropertyKey[]): string {
  let out = '';
  let node: unknown = input;
  for (const key of path) {
    if (typeof key === 'number') {
      out += `[${key}]`;
      node = Array.isArray(node) ? node[key] : undefined;
      const id = isRecord(node) && typeof node.id === 'string' ? node.id : undefined;
      if (id !== undefined && /^[a-z0-9-]{1,40}$/.test(id)) out += ` (id "${id}")`;
    } else {
      out += out === '' ? String(key) : `.${String(key)}`;
      node = isRecord(node) ? node[String(key)] : undefined;
    }
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
