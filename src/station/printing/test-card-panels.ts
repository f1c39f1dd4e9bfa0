import { CARD_HEIGHT_DOTS, CARD_WIDTH_DOTS, makeGrayPlane, makeMonoPlane, type SidePanels } from '../../../hardware/types.js';

/**
 * The face of a test card: what a technician looks at to judge a printer. Three ramps, one per
 * colour panel (a missing or weak panel shows as a missing band), a resin frame and grid (dropped
 * dots show as breaks in the lines) and a full overlay. Holds no personal data; the same bytes every
 * time, so a printer's test cards can be compared with each other.
 */
export function testCardPanels(width = CARD_WIDTH_DOTS, height = CARD_HEIGHT_DOTS): SidePanels {
  const y = makeGrayPlane(width, height);
  const m = makeGrayPlane(width, height);
  const c = makeGrayPlane(width, height);
  const k = makeMonoPlane(width, height);
  const o = makeMonoPlane(width, height);
  const band = Math.floor(height / 4);
  const planes = [y, m, c];
  for (let row = 0; row < height; row += 1) {
    const which = Math.floor(row / band);
    for (let col = 0; col < width; col += 1) {
      const ink = Math.round((col / (width - 1)) * 255);
      if (which < 3) planes[which]!.data[row * width + col] = ink;
      else for (const p of planes) p.data[row * width + col] = ink; // a grey ramp: all three in balance
    }
  }
  const frame = 8;
  const grid = 64;
  for (let row = 0; row < height; row += 1) {
    for (let col = 0; col < width; col += 1) {
      const edge = row < frame || col < frame || row >= height - frame || col >= width - frame;
      if (edge || row % grid === 0 || col % grid === 0) k.data[row * width + col] = 1;
    }
  }
  o.data.fill(1);
  return { y, m, c, k, o };
}
