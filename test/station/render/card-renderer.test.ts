import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { PANEL_LETTERS, type SidePanels } from '../../../hardware/types.js';
import type { CardRecord } from '../../../src/domain/record.js';
import { CardDataError } from '../../../src/station/render/card-fields.js';
import {
  defaultCardLayout,
  parseCardLayout,
  type CardLayout,
  type CardLayoutFile,
  type TextElement,
} from '../../../src/station/render/card-layout.js';
import { CardFitError, measureFit, renderCard } from '../../../src/station/render/card-renderer.js';
import { TextRaster } from '../../../src/station/render/text-raster.js';
import { makeCardRecord, makeFacePhoto, makeSignature } from '../../fixtures/card-fixtures.js';

const photo = makeFacePhoto();
const signature = makeSignature();

function render(record: CardRecord = makeCardRecord(), layout: CardLayout = defaultCardLayout()) {
  return renderCard({ record, photo, signature, layout });
}

function element(layout: CardLayout, id: string) {
  const found = layout.elements.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no element ${id}`);
  return found;
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

function textBox(layout: CardLayout, id: string): Box {
  const text = element(layout, id) as TextElement;
  return { x: text.x, y: text.y, width: text.width, height: text.height ?? text.maxLines * Math.round(text.fontSizeDots * text.lineHeight) };
}

function grow(box: Box, dots: number): Box {
  return { x: box.x - dots, y: box.y - dots, width: box.width + 2 * dots, height: box.height + 2 * dots };
}

function inside(box: Box, x: number, y: number): boolean {
  return x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height;
}

function countInk(plane: { width: number; data: Uint8Array }, box: Box): number {
  let count = 0;
  for (let y = box.y; y < box.y + box.height; y += 1) {
    for (let x = box.x; x < box.x + box.width; x += 1) if (plane.data[y * plane.width + x] !== 0) count += 1;
  }
  return count;
}

/** First row of each group of consecutive rows with ink inside a box: one per printed text line. */
function bandTops(plane: { width: number; data: Uint8Array }, box: Box): number[] {
  const tops: number[] = [];
  let previous = false;
  for (let y = box.y; y < box.y + box.height; y += 1) {
    const inked = countInk(plane, { x: box.x, y, width: box.width, height: 1 }) > 0;
    if (inked && !previous) tops.push(y);
    previous = inked;
  }
  return tops;
}

function hashes(front: SidePanels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const letter of PANEL_LETTERS) {
    const plane = front[letter];
    if (plane !== undefined) out[letter] = createHash('sha256').update(plane.data).digest('hex');
  }
  return out;
}

function variant(edit: (file: CardLayoutFile) => void): CardLayout {
  const file = structuredClone(defaultCardLayout()) as CardLayoutFile;
  edit(file);
  return parseCardLayout(file, 'test-variant.json');
}

describe('renderCard', () => {
  it('produces landscape 1016 × 648 planes for Y, M, C, K and O', () => {
    const { front, preview } = render();
    for (const letter of PANEL_LETTERS) {
      const plane = front[letter]!;
      expect([letter, plane.width, plane.height, plane.data.length]).toEqual([letter, 1016, 648, 1016 * 648]);
    }
    for (const letter of ['k', 'o'] as const) expect(front[letter]!.data.every((value) => value <= 1)).toBe(true);
    expect([preview.width, preview.height, preview.data.length]).toEqual([1016, 648, 1016 * 648 * 3]);
  });

  it('prints the NIK on K, and another NIK changes pixels in the NIK box only', () => {
    const layout = defaultCardLayout();
    // Round glyphs overshoot the cap line by a dot or two.
    const nikBox = grow(textBox(layout, 'nik-value'), 3);
    const first = render(makeCardRecord({ nik: '5371014501900003' })).front;
    const second = render(makeCardRecord({ nik: '5371014501900118' })).front;
    expect(countInk(first.k!, nikBox)).toBeGreaterThan(500);
    let changed = 0;
    for (let y = 0; y < 648; y += 1) {
      for (let x = 0; x < 1016; x += 1) {
        if (first.k!.data[y * 1016 + x] === second.k!.data[y * 1016 + x]) continue;
        changed += 1;
        expect(inside(nikBox, x, y), `changed pixel at ${x},${y}`).toBe(true);
      }
    }
    expect(changed).toBeGreaterThan(20);
    const firstHashes = hashes(first);
    const secondHashes = hashes(second);
    expect({ ...secondHashes, k: firstHashes.k }).toEqual(firstHashes);
  });

  it('is deterministic: the same input gives the same bytes in every plane, also with a fresh glyph cache', () => {
    const once = hashes(render().front);
    expect(hashes(render().front)).toEqual(once);
    const fresh = new TextRaster({ regular: loadFont('regular'), bold: loadFont('bold') });
    const layout = defaultCardLayout();
    expect(hashes(renderCard({ record: makeCardRecord(), photo, signature, layout, textRaster: fresh }).front)).toEqual(once);
  });

  it('places the photo in its box on Y/M/C and leaves the rest of the colour planes white', () => {
    const layout = defaultCardLayout();
    const box = element(layout, 'photo') as Box;
    const { front } = render();
    for (const letter of ['c', 'm', 'y'] as const) {
      const plane = front[letter]!;
      let inkInside = 0;
      for (let y = 0; y < 648; y += 1) {
        for (let x = 0; x < 1016; x += 1) {
          const value = plane.data[y * 1016 + x]!;
          if (inside(box, x, y)) inkInside += value > 0 ? 1 : 0;
          else if (value !== 0) expect.fail(`${letter} has ink ${value} outside the photo at ${x},${y}`);
        }
      }
      expect(inkInside, letter).toBeGreaterThan(box.width * box.height * 0.5);
    }
    // The photo's skin tone (224−, 172, 130) comes out as ink 255 − channel.
    const centre = (box.y + Math.floor(box.height / 2)) * 1016 + box.x + Math.floor(box.width / 2);
    expect(front.m!.data[centre]).toBe(255 - 172);
    expect(front.y!.data[centre]).toBe(255 - 130);
    expect(countInk(front.k!, box)).toBe(0);
    // Upright, not mirrored: red-to-purple background at the top, dark blue shoulders at the bottom.
    const topLeft = (box.y + 2) * 1016 + box.x + 2;
    const bottomLeft = (box.y + box.height - 3) * 1016 + box.x + 2;
    expect(front.c!.data[topLeft]).toBeLessThan(100);
    expect(front.c!.data[bottomLeft]).toBeGreaterThan(200);
  });

  it('prints a K dot exactly where glyph coverage is at least half', () => {
    const layout = defaultCardLayout();
    const nik = element(layout, 'nik-value') as TextElement;
    const raster = TextRaster.shared();
    const expected = new Set<number>();
    let partial = 0;
    raster.draw('5371014501900003', 'bold', 38, nik.x, nik.y + raster.capHeightDots('bold', 38), (x, y, coverage) => {
      if (coverage >= 8) expected.add(y * 1016 + x);
      else partial += 1;
    });
    expect(partial).toBeGreaterThan(50); // the threshold really decides edge pixels
    const actual = new Set<number>();
    const k = render().front.k!;
    const box = grow(textBox(layout, 'nik-value'), 3);
    for (let y = box.y; y < box.y + box.height; y += 1) {
      for (let x = box.x; x < box.x + box.width; x += 1) if (k.data[y * 1016 + x] === 1) actual.add(y * 1016 + x);
    }
    expect(actual).toEqual(expected);
  });

  it('draws the signature on K inside its box', () => {
    const layout = defaultCardLayout();
    const box = element(layout, 'signature') as Box;
    const { front } = render();
    expect(countInk(front.k!, box)).toBeGreaterThan(300);
    expect(countInk(front.c!, box)).toBe(0);
  });

  it('varnishes the whole card by default, over the NIK labels too (the chip is contactless)', () => {
    const { o } = render().front;
    expect(countInk(o!, { x: 0, y: 0, width: 1016, height: 648 })).toBe(1016 * 648);
  });

  it('leaves unvarnished a window the layout file declares', () => {
    const chip = { id: 'chip', x: 71, y: 106, width: 237, height: 214 };
    const { o } = render(makeCardRecord(), variant((file) => (file.overlay = { varnish: true, windows: [chip] }))).front;
    expect(o!.data[0]).toBe(1);
    expect(o!.data[647 * 1016 + 1015]).toBe(1);
    expect(countInk(o!, { x: 71, y: 106, width: 237, height: 214 })).toBe(0);
    expect(o!.data[105 * 1016 + 71]).toBe(1);
    expect(o!.data[106 * 1016 + 70]).toBe(1);
    expect(o!.data[319 * 1016 + 307]).toBe(0);
    expect(o!.data[320 * 1016 + 307]).toBe(1);
    expect(o!.data[319 * 1016 + 308]).toBe(1);
    const unvarnished = render(makeCardRecord(), variant((file) => (file.overlay = { varnish: false }))).front;
    expect(unvarnished.o).toBeUndefined();
  });

  it('wraps a long address into two lines at full size and moves the rows below down to make room', () => {
    const layout = defaultCardLayout();
    const longAddress = 'JL. PROF. DR. HERMAN JOHANNES GANG KELINCI NO. 117 BLOK C';
    const report = measureFit(makeCardRecord({ address: longAddress }), layout);
    expect(report.fitted.find((fitted) => fitted.elementId === 'address-value')).toEqual({
      elementId: 'address-value',
      fontSizeDots: 24,
      lineCount: 2,
    });
    // Text lines crossing the value column, top to bottom: the two header lines, NIK, name, birth,
    // sex, address…, RT/RW, …
    const column = { ...textBox(layout, 'address-value'), y: 0, height: 648 };
    const short = bandTops(render(makeCardRecord()).front.k!, column);
    const long = bandTops(render(makeCardRecord({ address: longAddress })).front.k!, column);
    expect(long).toHaveLength(short.length + 1);
    expect(long.slice(0, 7)).toEqual(short.slice(0, 7));
    expect(long[7]! - long[6]!).toBe(28); // second address line, one line pitch lower
    expect(long.slice(8)).toEqual(short.slice(7).map((top) => top + 28)); // RT/RW and below move down
  });

  it('shrinks a value that does not fit even wrapped, down to its minimum size', () => {
    const occupation = 'KARYAWAN BADAN USAHA MILIK NEGARA DAERAH';
    const fitted = measureFit(makeCardRecord({ occupation }), defaultCardLayout()).fitted;
    const size = fitted.find((entry) => entry.elementId === 'occupation-value')!.fontSizeDots;
    expect(size).toBeLessThan(24);
    expect(size).toBeGreaterThanOrEqual(18);
  });

  it('refuses a name too long even at the minimum size, naming the field but not the name', () => {
    const name = 'ANASTASIA KRISTOFORA MARGARETHA WILHELMINA '.repeat(4).trim();
    const record = makeCardRecord({ name });
    let caught: unknown;
    try {
      render(record);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CardFitError);
    const error = caught as CardFitError;
    expect(error).toMatchObject({ code: 'card-fit', field: 'name', elementId: 'name-value', holdReason: 'name too long for layout' });
    expect(error.message).toContain('"name"');
    for (const word of ['ANASTASIA', 'KRISTOFORA', 'MARGARETHA', 'WILHELMINA', record.nik]) {
      expect(error.message.toUpperCase()).not.toContain(word);
      expect(JSON.stringify(error.params)).not.toContain(word);
    }
    const report = measureFit(record, defaultCardLayout());
    expect(report.ok).toBe(false);
    expect(report.problems.map((problem) => [problem.code, problem.params.field])).toEqual([['card-fit', 'name']]);
    expect(measureFit(makeCardRecord(), defaultCardLayout())).toMatchObject({ ok: true, problems: [] });
  });

  it('refuses an empty or inconsistent image', () => {
    const layout = defaultCardLayout();
    const empty = { channels: 3 as const, width: 0, height: 0, data: new Uint8Array(0) };
    expect(() => renderCard({ record: makeCardRecord(), photo: empty, signature, layout })).toThrow(/photo image .* has no pixels/);
    const short = { channels: 1 as const, width: 10, height: 10, data: new Uint8Array(99) };
    expect(() => renderCard({ record: makeCardRecord(), photo, signature: short, layout })).toThrow(/signature image/);
  });

  it('refuses a single word wider than the box instead of cutting it', () => {
    expect(() => render(makeCardRecord({ district: 'X'.repeat(60) }))).toThrow(CardFitError);
  });

  it('reports a malformed date or a character the font lacks as a data problem without the value', () => {
    const report = measureFit(makeCardRecord({ birthDate: '05/01/1990', village: 'OEBOBO \u{1F600}' }), defaultCardLayout());
    expect(report.problems.map((problem) => problem.code)).toEqual(['card-data', 'card-data']);
    expect(report.problems[0]).toBeInstanceOf(CardDataError);
    expect(report.problems.map((problem) => problem.message).join(' ')).not.toMatch(/05\/01|OEBOBO/);
    expect(() => render(makeCardRecord({ issueDate: 'kemarin' }))).toThrow(/date of issue \(field "issueDate"\) is not a yyyy-mm-dd date/);
  });

  it('prints text in colour instead of K when the layout says so, and a background tint', () => {
    const layout = variant((file) => {
      file.backgroundTint = [235, 245, 255];
      const nik = file.elements.find((candidate) => candidate.id === 'nik-value') as { panel?: string; colour?: number[] };
      nik.panel = 'colour';
      nik.colour = [200, 0, 0];
    });
    const nikBox = textBox(layout, 'nik-value');
    const { front, preview } = render(makeCardRecord(), layout);
    expect(countInk(front.k!, nikBox)).toBe(0);
    expect(Math.max(...front.m!.data.subarray(nikBox.y * 1016, (nikBox.y + nikBox.height) * 1016))).toBe(255);
    expect(front.c!.data[640 * 1016 + 10]).toBe(20); // tint: 255 − 235
    expect(Array.from(preview.data.subarray((640 * 1016 + 10) * 3, (640 * 1016 + 10) * 3 + 3))).toEqual([235, 245, 255]);
  });

  it('previews K as black on a white card', () => {
    const layout = defaultCardLayout();
    const { front, preview } = render();
    const nikBox = textBox(layout, 'nik-value');
    let blackInk = 0;
    let wrong = 0;
    for (let y = nikBox.y; y < nikBox.y + nikBox.height; y += 1) {
      for (let x = nikBox.x; x < nikBox.x + nikBox.width; x += 1) {
        const at = y * 1016 + x;
        const expected = front.k!.data[at] === 1 ? 0 : 255;
        for (let channel = 0; channel < 3; channel += 1) if (preview.data[at * 3 + channel] !== expected) wrong += 1;
        blackInk += front.k!.data[at]!;
      }
    }
    expect(wrong).toBe(0);
    expect(blackInk).toBeGreaterThan(0);
  });
});

function loadFont(weight: 'regular' | 'bold'): Uint8Array {
  const require = createRequire(import.meta.url);
  const path = require.resolve(`@expo-google-fonts/arimo/${weight === 'regular' ? '400Regular/Arimo_400Regular' : '700Bold/Arimo_700Bold'}.ttf`);
  return readFileSync(path);
}
