import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CARD_TEXT_FIELDS,
  CardLayoutError,
  defaultCardLayout,
  loadCardLayout,
  parseCardLayout,
  type CardLayoutFile,
} from '../../../src/station/render/card-layout.js';
import defaultLayoutJson from '../../../src/station/render/default-layout.json' with { type: 'json' };

function defaultFile(): CardLayoutFile {
  return structuredClone(defaultLayoutJson) as CardLayoutFile;
}

function layoutError(input: unknown): CardLayoutError {
  try {
    parseCardLayout(input, 'office-layout.json');
  } catch (error) {
    if (error instanceof CardLayoutError) return error;
    throw error;
  }
  throw new Error('expected the layout to be rejected');
}

describe('default layout', () => {
  it('loads, is card-sized and prints every front field in domain.md order', () => {
    const layout = defaultCardLayout();
    expect([layout.cardWidthDots, layout.cardHeightDots]).toEqual([1016, 648]);
    const fields = layout.elements.flatMap((element) => (element.type === 'text' && element.field ? [element.field] : []));
    expect(fields).toEqual([
      'province', 'regency', 'nik', 'name', 'birthPlaceDate', 'sex', 'bloodType', 'address', 'rtRw', 'village',
      'district', 'religion', 'maritalStatus', 'occupation', 'nationality', 'validUntil', 'issuePlace', 'issueDate',
    ]);
    expect(new Set(fields)).toEqual(new Set(CARD_TEXT_FIELDS));
    expect(layout.elements.filter((element) => element.type === 'photo')).toHaveLength(1);
    expect(layout.elements.find((element) => element.type === 'signature')?.panel).toBe('k');
    // The e-KTP chip is contactless: nothing to keep free of varnish by default (issue 12 item 9).
    expect(layout.overlay).toEqual({ varnish: true, windows: [] });
  });

  it('puts every text element on the K panel and keeps the card white', () => {
    const layout = defaultCardLayout();
    expect(layout.backgroundTint).toBeNull();
    for (const element of layout.elements) if (element.type === 'text') expect(element.panel).toBe('k');
  });

  it('is shared frozen, so a caller cannot change it for everyone', () => {
    const layout = defaultCardLayout();
    expect(Object.isFrozen(layout.elements[0])).toBe(true);
    expect(defaultCardLayout()).toBe(layout);
  });
});

describe('layout validation', () => {
  it('names the file, the element and the field of a bad value', () => {
    const file = defaultFile();
    const index = file.elements.findIndex((element) => element.id === 'name-value');
    (file.elements[index] as { fontSizeDots: number }).fontSizeDots = 0;
    const error = layoutError(file);
    expect(error.code).toBe('invalid-layout');
    expect(error.message).toContain('office-layout.json');
    expect(error.message).toContain(`elements[${index}] (id "name-value").fontSizeDots`);
    expect(error.issues[0]?.path).toBe(`elements[${index}] (id "name-value").fontSizeDots`);
  });

  it('rejects a misspelt key instead of ignoring it', () => {
    const file = defaultFile();
    (file.elements[2] as Record<string, unknown>).fontsize = 30;
    const error = layoutError(file);
    expect(error.issues.map((issue) => issue.path)).toContain('elements[2] (id "nik-label")');
    expect(error.message).toMatch(/fontsize/);
  });

  it('rejects an unknown record field by path', () => {
    const file = defaultFile();
    (file.elements[0] as Record<string, unknown>).field = 'motherName';
    expect(layoutError(file).issues[0]?.path).toBe('elements[0] (id "province").field');
  });

  it('rejects boxes off the card, duplicate ids, min size above size and text with both field and text', () => {
    const file = defaultFile();
    file.elements[0] = { ...file.elements[0]!, x: 900 } as CardLayoutFile['elements'][number];
    file.elements[1] = { ...file.elements[1]!, id: 'province' } as CardLayoutFile['elements'][number];
    file.elements[2] = { ...file.elements[2]!, minFontSizeDots: 99 } as CardLayoutFile['elements'][number];
    file.elements[3] = { ...file.elements[3]!, field: 'nik' } as CardLayoutFile['elements'][number];
    const paths = layoutError(file).issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'elements[0] (id "province").width',
        'elements[1] (id "province").id',
        'elements[2] (id "nik-label").minFontSizeDots',
        'elements[3] (id "nik-colon").field',
      ]),
    );
  });

  it('requires exactly one photo and names a collapse target that does not exist', () => {
    const file = defaultFile();
    file.elements = file.elements.filter((element) => element.type !== 'photo');
    const name = file.elements.findIndex((element) => element.id === 'name-value');
    (file.elements[name] as { collapseMoves: string[] }).collapseMoves = ['no-such-row'];
    const issues = layoutError(file).issues;
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'elements', message: 'needs exactly one photo element (found 0)' },
        { path: `elements[${name}] (id "name-value").collapseMoves[0]`, message: 'no other element has id "no-such-row"' },
      ]),
    );
  });

  it('applies defaults an office may leave out', () => {
    const layout = parseCardLayout(
      {
        version: 1,
        elements: [
          { type: 'text', id: 'nik', field: 'nik', x: 10, y: 10, width: 400, fontSizeDots: 30 },
          { type: 'photo', id: 'photo', x: 700, y: 100, width: 200, height: 260 },
          { type: 'signature', id: 'signature', x: 700, y: 400, width: 200, height: 80 },
        ],
      },
      'minimal.json',
    );
    expect(layout.cardWidthDots).toBe(1016);
    expect(layout.overlay).toEqual({ varnish: true, windows: [] });
    expect(layout.elements[0]).toMatchObject({ panel: 'k', align: 'left', maxLines: 1, bold: false, prefix: '' });
  });
});

describe('loadCardLayout', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'cetak-layout-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('loads a valid file', async () => {
    const path = join(folder, 'good.json');
    await writeFile(path, JSON.stringify(defaultLayoutJson));
    await expect(loadCardLayout(path)).resolves.toEqual(defaultCardLayout());
  });

  it('names the file when it is not JSON', async () => {
    const path = join(folder, 'broken.json');
    await writeFile(path, '{ "version": 1, ');
    await expect(loadCardLayout(path)).rejects.toThrow(new RegExp(`Card layout ${path} is invalid: not valid JSON`));
  });

  it('names the file when it is missing', async () => {
    const path = join(folder, 'missing.json');
    await expect(loadCardLayout(path)).rejects.toMatchObject({ code: 'invalid-layout', source: path, message: expect.stringContaining('ENOENT') });
  });

  it('names the file and field when a value is wrong', async () => {
    const file = defaultFile();
    file.overlay = { varnish: true, windows: [{ id: 'chip', x: 71, y: 106, width: 237, height: -5 }] };
    const path = join(folder, 'bad-window.json');
    await writeFile(path, JSON.stringify(file));
    await expect(loadCardLayout(path)).rejects.toThrow(`Card layout ${path} is invalid at overlay.windows[0] (id "chip").height`);
  });
});
