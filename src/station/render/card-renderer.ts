/**
 * Renders the front of an e-KTP card from a record, its photo and signature, and a layout into printer
 * panels (hardware/types.ts `SidePanels`, landscape 1016 × 648; the driver rotates for the wire,
 * printer-protocols.md §3.2) and an RGB preview.
 *
 * Panel rules:
 * - Text goes to K (black resin, 1-bit, a dot where glyph coverage is at least half) unless its element
 *   says `colour`; resin text stays crisp, as real e-KTP printers print it.
 * - The photo goes to Y/M/C with ink = 255 − channel (C from R, M from G, Y from B): the simple
 *   subtractive rule of the Evolis CUPS filter (§3.4). No colour management, no black generation.
 * - The signature goes to K where any source pixel a dot covers is darker than the threshold (so thin
 *   strokes survive downscaling), or to Y/M/C as gray.
 * - O is full varnish except the layout's windows (the chip area by default).
 * - Outside the photo, Y/M/C stay 0 (white card) unless the layout asks for a background tint.
 *
 * Text never gets cut: each element wraps on spaces to its `maxLines`, then shrinks one dot at a time to
 * its `minFontSizeDots`; if it still does not fit, rendering stops with `CardFitError` so the job can
 * be held. The result depends only on the inputs (no clock, no randomness, no system fonts).
 */
import { makeGrayPlane, makeMonoPlane, type GrayPlane, type MonoPlane, type SidePanels } from '../../../hardware/types.js';
import type { CardRecord } from '../../domain/record.js';
import { StationError } from '../station-error.js';
import { CARD_FIELD_WORDS, CardDataError, cardFieldText } from './card-fields.js';
import type { CardLayout, CardTextField, ImageFit, PhotoElement, SignatureElement, TextElement } from './card-layout.js';
import { toGray, type DecodedImage, type RgbImage } from './decode-image.js';
import { FULL_COVERAGE } from './path-fill.js';
import { TextRaster, type FontWeight } from './text-raster.js';

export interface RenderCardInput {
  readonly record: CardRecord;
  readonly photo: DecodedImage;
  readonly signature: DecodedImage;
  readonly layout: CardLayout;
  /** Default: the shared Arimo raster. */
  readonly textRaster?: TextRaster;
}

export interface RenderedCard {
  readonly front: SidePanels;
  /** What the card looks like: white card, photo, black text. */
  readonly preview: RgbImage;
}

/**
 * A value does not fit its layout box even wrapped to `maxLines` at `minFontSizeDots`. Names the
 * element and field, never the value. `holdReason` is what the job is held with.
 */
export class CardFitError extends StationError {
  readonly elementId: string;
  /** Undefined for a literal label (a layout mistake rather than a long value). */
  readonly field: CardTextField | undefined;
  readonly holdReason: string;
  constructor(element: TextElement) {
    const field = element.field;
    const minSize = element.minFontSizeDots ?? element.fontSizeDots;
    const box = `even at ${minSize} dots in ${element.maxLines} line${element.maxLines > 1 ? 's' : ''}`;
    const holdReason = field === undefined ? 'label too long for layout' : `${CARD_FIELD_WORDS[field]} too long for layout`;
    const message =
      field === undefined
        ? `The label of layout element "${element.id}" does not fit its box ${box}; widen the box in the layout.`
        : `Field "${field}" does not fit layout element "${element.id}" ${box}; hold the job (${holdReason}) or adjust the layout.`;
    super('card-fit', message, { elementId: element.id, field: field ?? '', holdReason });
    this.name = 'CardFitError';
    this.elementId = element.id;
    this.field = field;
    this.holdReason = holdReason;
  }
}

export interface FittedElement {
  readonly elementId: string;
  readonly fontSizeDots: number;
  readonly lineCount: number;
}

export interface FitReport {
  readonly ok: boolean;
  /** Every element that cannot be printed, in layout order. */
  readonly problems: readonly (CardFitError | CardDataError)[];
  /** Size and line count chosen for each text element that fits (no values: safe to log). */
  readonly fitted: readonly FittedElement[];
}

interface TextPlan {
  readonly element: TextElement;
  readonly weight: FontWeight;
  readonly sizeDots: number;
  readonly lines: readonly string[];
}

/** Checks every text element of the layout against a record without drawing (for import). */
export function measureFit(record: CardRecord, layout: CardLayout, textRaster = TextRaster.shared()): FitReport {
  const { plans, problems } = planText(record, layout, textRaster);
  return {
    ok: problems.length === 0,
    problems,
    fitted: plans.map((plan) => ({ elementId: plan.element.id, fontSizeDots: plan.sizeDots, lineCount: plan.lines.length })),
  };
}

/** Throws `CardFitError` or `CardDataError` (the first problem in layout order) instead of cutting text. */
export function renderCard(input: RenderCardInput): RenderedCard {
  const { record, photo, signature, layout } = input;
  const raster = input.textRaster ?? TextRaster.shared();
  checkImage(photo, 'photo');
  checkImage(signature, 'signature');
  const { plans, problems } = planText(record, layout, raster);
  if (problems[0] !== undefined) throw problems[0];

  const width = layout.cardWidthDots;
  const height = layout.cardHeightDots;
  const c = makeGrayPlane(width, height);
  const m = makeGrayPlane(width, height);
  const y = makeGrayPlane(width, height);
  const k = makeMonoPlane(width, height);

  if (layout.backgroundTint !== null) {
    const [red, green, blue] = layout.backgroundTint;
    c.data.fill(255 - red);
    m.data.fill(255 - green);
    y.data.fill(255 - blue);
  }
  const lift = collapseLifts(plans);
  for (const element of layout.elements) {
    const moved = { ...element, y: element.y - (lift.get(element.id) ?? 0) };
    if (moved.type === 'photo') drawPhoto(moved, photo, { c, m, y });
    else if (moved.type === 'signature') drawSignature(moved, signature, { c, m, y, k });
  }
  for (const plan of plans) drawText(plan, raster, { c, m, y, k }, lift.get(plan.element.id) ?? 0);

  let o: MonoPlane | undefined;
  if (layout.overlay.varnish) {
    o = makeMonoPlane(width, height);
    o.data.fill(1);
    for (const window of layout.overlay.windows) {
      for (let row = window.y; row < window.y + window.height; row += 1) {
        o.data.fill(0, row * width + window.x, row * width + window.x + window.width);
      }
    }
  }
  const front: SidePanels = o === undefined ? { y, m, c, k } : { y, m, c, k, o };
  return { front, preview: previewOf(width, height, { c, m, y, k }) };
}

/** A programming error upstream (decode helpers never produce these): refuse rather than print garbage. */
function checkImage(image: DecodedImage, role: 'photo' | 'signature'): void {
  const sized = Number.isInteger(image.width) && Number.isInteger(image.height) && image.width > 0 && image.height > 0;
  if (!sized || image.data.length !== image.width * image.height * image.channels) {
    throw new StationError('invalid-image', `The ${role} image passed to the card renderer has no pixels or the wrong data length.`, { role });
  }
}

/** How far each element moves up because elements above it used fewer lines than they reserve. */
function collapseLifts(plans: readonly TextPlan[]): Map<string, number> {
  const lift = new Map<string, number>();
  for (const plan of plans) {
    const { element } = plan;
    if (element.collapseMoves.length === 0) continue;
    const boxHeight = element.height ?? element.maxLines * Math.round(element.fontSizeDots * element.lineHeight);
    const unused = boxHeight - plan.lines.length * Math.round(plan.sizeDots * element.lineHeight);
    if (unused <= 0) continue;
    for (const id of element.collapseMoves) lift.set(id, (lift.get(id) ?? 0) + unused);
  }
  return lift;
}

function planText(
  record: CardRecord,
  layout: CardLayout,
  raster: TextRaster,
): { plans: TextPlan[]; problems: (CardFitError | CardDataError)[] } {
  const plans: TextPlan[] = [];
  const problems: (CardFitError | CardDataError)[] = [];
  for (const element of layout.elements) {
    if (element.type !== 'text') continue;
    let text: string;
    try {
      text = elementText(element, record);
    } catch (error) {
      if (error instanceof CardDataError) {
        problems.push(error);
        continue;
      }
      throw error;
    }
    if (text === '') continue;
    const weight: FontWeight = element.bold ? 'bold' : 'regular';
    if (!raster.canPrint(text, weight)) {
      if (element.field === undefined) {
        throw new StationError('invalid-layout', `The label of layout element "${element.id}" has a character the card font cannot print.`, {
          elementId: element.id,
        });
      }
      problems.push(new CardDataError(element.field, 'has a character the card font cannot print'));
      continue;
    }
    const plan = fitText(element, text, weight, raster);
    if (plan === undefined) problems.push(new CardFitError(element));
    else plans.push(plan);
  }
  return { plans, problems };
}

function elementText(element: TextElement, record: CardRecord): string {
  const isField = element.field !== undefined;
  const raw = isField ? cardFieldText(record, element.field!) : element.text!;
  const upper = element.upperCase ?? isField;
  const value = normaliseSpaces(upper ? raw.toUpperCase() : raw);
  if (value === '' || element.prefix === '') return value;
  const prefix = upper ? element.prefix.toUpperCase() : element.prefix;
  // The record may already carry the prefix ("PROVINSI NUSA TENGGARA TIMUR"): never print it twice.
  return value.startsWith(prefix.trim()) ? value : prefix + value;
}

function normaliseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Wrap on spaces first, then shrink: the first size (largest first) at which the lines fit the box. */
function fitText(element: TextElement, text: string, weight: FontWeight, raster: TextRaster): TextPlan | undefined {
  const boxHeight = element.height ?? element.maxLines * Math.round(element.fontSizeDots * element.lineHeight);
  const words = text.split(' ');
  const minSize = element.minFontSizeDots ?? element.fontSizeDots;
  for (let sizeDots = element.fontSizeDots; sizeDots >= minSize; sizeDots -= 1) {
    const pitch = Math.round(sizeDots * element.lineHeight);
    const maxLines = Math.min(element.maxLines, Math.floor(boxHeight / pitch));
    if (maxLines < 1) continue;
    const lines = wrapWords(words, maxLines, element.width, (line) => raster.measure(line, weight, sizeDots));
    if (lines !== undefined) return { element, weight, sizeDots, lines };
  }
  return undefined;
}

/** Greedy wrap; undefined when a word is wider than the box or more than `maxLines` are needed. */
function wrapWords(
  words: readonly string[],
  maxLines: number,
  widthDots: number,
  measure: (line: string) => number,
): string[] | undefined {
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (measure(candidate) <= widthDots) {
      current = candidate;
      continue;
    }
    if (current === '' || measure(word) > widthDots) return undefined;
    lines.push(current);
    if (lines.length >= maxLines) return undefined;
    current = word;
  }
  lines.push(current);
  return lines;
}

interface ColourPlanes {
  readonly c: GrayPlane;
  readonly m: GrayPlane;
  readonly y: GrayPlane;
}

interface AllPlanes extends ColourPlanes {
  readonly k: MonoPlane;
}

const HALF_COVERAGE = FULL_COVERAGE / 2;

function drawText(plan: TextPlan, raster: TextRaster, planes: AllPlanes, liftDots: number): void {
  const { element, weight, sizeDots, lines } = plan;
  const width = planes.k.width;
  const height = planes.k.height;
  const pitch = Math.round(sizeDots * element.lineHeight);
  const capHeight = raster.capHeightDots(weight, sizeDots);
  const [red, green, blue] = element.colour;
  lines.forEach((line, index) => {
    const lineWidth = raster.measure(line, weight, sizeDots);
    const slack = element.width - lineWidth;
    const originX = element.x + (element.align === 'left' ? 0 : element.align === 'right' ? slack : Math.floor(slack / 2));
    const baselineY = element.y - liftDots + capHeight + index * pitch;
    for (const { x: glyphX, bitmap } of raster.glyphRun(line, weight, sizeDots)) {
      const left = originX + glyphX + bitmap.left;
      const top = baselineY + bitmap.top;
      for (let row = 0; row < bitmap.height; row += 1) {
        const y = top + row;
        if (y < 0 || y >= height) continue;
        for (let column = 0; column < bitmap.width; column += 1) {
          const x = left + column;
          const coverage = bitmap.coverage[row * bitmap.width + column]!;
          if (coverage === 0 || x < 0 || x >= width) continue;
          const at = y * width + x;
          if (element.panel === 'k') {
            if (coverage >= HALF_COVERAGE) planes.k.data[at] = 1;
          } else {
            planes.c.data[at] = Math.max(planes.c.data[at]!, inkFor(red, coverage));
            planes.m.data[at] = Math.max(planes.m.data[at]!, inkFor(green, coverage));
            planes.y.data[at] = Math.max(planes.y.data[at]!, inkFor(blue, coverage));
          }
        }
      }
    }
  });
}

function inkFor(channel: number, coverage: number): number {
  return Math.floor(((255 - channel) * coverage + HALF_COVERAGE) / FULL_COVERAGE);
}

/** Source rectangle and destination rectangle for placing an image in a box. */
interface Placement {
  readonly srcX: number;
  readonly srcY: number;
  readonly srcWidth: number;
  readonly srcHeight: number;
  readonly dstX: number;
  readonly dstY: number;
  readonly dstWidth: number;
  readonly dstHeight: number;
}

function placeImage(image: DecodedImage, box: { x: number; y: number; width: number; height: number }, fit: ImageFit): Placement {
  const sw = image.width;
  const sh = image.height;
  const wider = sw * box.height > sh * box.width;
  if (fit === 'cover') {
    const srcWidth = wider ? Math.max(1, Math.round((sh * box.width) / box.height)) : sw;
    const srcHeight = wider ? sh : Math.max(1, Math.round((sw * box.height) / box.width));
    return {
      srcX: Math.floor((sw - srcWidth) / 2),
      srcY: Math.floor((sh - srcHeight) / 2),
      srcWidth,
      srcHeight,
      dstX: box.x,
      dstY: box.y,
      dstWidth: box.width,
      dstHeight: box.height,
    };
  }
  const dstWidth = wider ? box.width : Math.max(1, Math.round((sw * box.height) / sh));
  const dstHeight = wider ? Math.max(1, Math.round((sh * box.width) / sw)) : box.height;
  return {
    srcX: 0,
    srcY: 0,
    srcWidth: sw,
    srcHeight: sh,
    dstX: box.x + Math.floor((box.width - dstWidth) / 2),
    dstY: box.y + Math.floor((box.height - dstHeight) / 2),
    dstWidth,
    dstHeight,
  };
}

/** Integer cell edges: destination index i takes source [edges[i], edges[i + 1]) (at least one pixel). */
function cellEdges(srcStart: number, srcLength: number, dstLength: number): Int32Array {
  const edges = new Int32Array(dstLength + 1);
  for (let index = 0; index <= dstLength; index += 1) edges[index] = srcStart + Math.floor((index * srcLength) / dstLength);
  return edges;
}

function drawPhoto(element: PhotoElement, photo: DecodedImage, planes: ColourPlanes): void {
  const width = planes.c.width;
  const channels = photo.channels;
  const greenOffset = channels === 3 ? 1 : 0;
  const blueOffset = channels === 3 ? 2 : 0;
  const source = photo.data;
  const placement = placeImage(photo, element, element.fit);
  const xs = cellEdges(placement.srcX, placement.srcWidth, placement.dstWidth);
  const ys = cellEdges(placement.srcY, placement.srcHeight, placement.dstHeight);
  for (let row = 0; row < placement.dstHeight; row += 1) {
    const y0 = ys[row]!;
    const y1 = Math.max(y0 + 1, ys[row + 1]!);
    for (let column = 0; column < placement.dstWidth; column += 1) {
      const x0 = xs[column]!;
      const x1 = Math.max(x0 + 1, xs[column + 1]!);
      let red = 0;
      let green = 0;
      let blue = 0;
      for (let sy = y0; sy < y1; sy += 1) {
        for (let at = (sy * photo.width + x0) * channels, end = (sy * photo.width + x1) * channels; at < end; at += channels) {
          red += source[at]!;
          green += source[at + greenOffset]!;
          blue += source[at + blueOffset]!;
        }
      }
      // Area average with integer rounding.
      const count = (x1 - x0) * (y1 - y0);
      const half = count >> 1;
      const at = (placement.dstY + row) * width + placement.dstX + column;
      planes.c.data[at] = 255 - Math.floor((red + half) / count);
      planes.m.data[at] = 255 - Math.floor((green + half) / count);
      planes.y.data[at] = 255 - Math.floor((blue + half) / count);
    }
  }
}

function drawSignature(element: SignatureElement, signature: DecodedImage, planes: AllPlanes): void {
  const width = planes.k.width;
  const gray = toGray(signature);
  const source = gray.data;
  const placement = placeImage(signature, element, element.fit);
  const xs = cellEdges(placement.srcX, placement.srcWidth, placement.dstWidth);
  const ys = cellEdges(placement.srcY, placement.srcHeight, placement.dstHeight);
  for (let row = 0; row < placement.dstHeight; row += 1) {
    const y0 = ys[row]!;
    const y1 = Math.max(y0 + 1, ys[row + 1]!);
    for (let column = 0; column < placement.dstWidth; column += 1) {
      const x0 = xs[column]!;
      const x1 = Math.max(x0 + 1, xs[column + 1]!);
      // Darkest, not average: a thin stroke must not fade away when the signature is scaled down.
      let darkest = 255;
      for (let sy = y0; sy < y1; sy += 1) {
        for (let at = sy * gray.width + x0, end = sy * gray.width + x1; at < end; at += 1) {
          if (source[at]! < darkest) darkest = source[at]!;
        }
      }
      const at = (placement.dstY + row) * width + placement.dstX + column;
      if (element.panel === 'k') {
        if (darkest < element.threshold) planes.k.data[at] = 1;
      } else {
        const ink = 255 - darkest;
        planes.c.data[at] = Math.max(planes.c.data[at]!, ink);
        planes.m.data[at] = Math.max(planes.m.data[at]!, ink);
        planes.y.data[at] = Math.max(planes.y.data[at]!, ink);
      }
    }
  }
}

function previewOf(width: number, height: number, planes: AllPlanes): RgbImage {
  const data = new Uint8Array(width * height * 3);
  const c = planes.c.data;
  const m = planes.m.data;
  const y = planes.y.data;
  const k = planes.k.data;
  for (let at = 0, out = 0; at < width * height; at += 1, out += 3) {
    if (k[at] === 1) continue; // black resin: stays 0, 0, 0
    data[out] = 255 - c[at]!;
    data[out + 1] = 255 - m[at]!;
    data[out + 2] = 255 - y[at]!;
  }
  return { channels: 3, width, height, data };
}
