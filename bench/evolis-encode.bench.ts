// Bytes on the wire and encode time per one-sided YMCKO card for the Evolis driver, with `Dbc`
// compression (default) and with plain `Db`, on a card-like image: mostly white, a photo-like
// gradient block, a colour header band, text-like K strokes, full varnish with a chip window.
// Run: npx tsx bench/evolis-encode.bench.ts
import { evolisCommand } from '../hardware/evolis/evolis-commands.js';
import type { EvolisColourLevels } from '../hardware/evolis/evolis-commands.js';
import { evolisEncodePanel } from '../hardware/evolis/evolis-panels.js';
import { makeTestSide } from '../test/hardware/evolis/evolis-test-card.js';

const CARDS = 20;
const PANELS = ['y', 'm', 'c', 'k', 'o'] as const;
// The fixed commands of one job (§4.1 host-managed variant), as the driver sends them.
const FIXED_BYTES = [
  evolisCommand('Pem', 2),
  evolisCommand('Rlr', 'p'),
  evolisCommand('Rcr'),
  evolisCommand('Sk', 'f'),
  evolisCommand('Pr', 'ymcko'),
  evolisCommand('Pmi', 'F'),
  evolisCommand('Ss'),
  evolisCommand('Sr'),
  evolisCommand('Se'),
].reduce((sum, frame) => sum + frame.length, 0);

const sides = Array.from({ length: CARDS }, (_, i) => makeTestSide(i + 1));

function run(compressed: boolean, colourLevels: EvolisColourLevels): { bytes: number; perPanel: Record<string, number>; meanMs: number; p95Ms: number } {
  const timesMs: number[] = [];
  let bytes = 0;
  const perPanel: Record<string, number> = {};
  for (const side of sides) {
    const start = performance.now();
    const frames = PANELS.map((panel) => evolisEncodePanel(panel, side[panel], { compressed, colourLevels }));
    timesMs.push(performance.now() - start);
    bytes += FIXED_BYTES + frames.reduce((sum, f) => sum + f.frame.length, 0);
    for (const f of frames) perPanel[f.panel] = (perPanel[f.panel] ?? 0) + f.frame.length;
  }
  timesMs.sort((a, b) => a - b);
  for (const key of Object.keys(perPanel)) perPanel[key] = Math.round(perPanel[key]! / CARDS);
  return {
    bytes: Math.round(bytes / CARDS),
    perPanel,
    meanMs: timesMs.reduce((s, t) => s + t, 0) / timesMs.length,
    p95Ms: timesMs[Math.ceil(timesMs.length * 0.95) - 1]!,
  };
}

// Warm up the JIT once so the first measured card is not an outlier.
evolisEncodePanel('y', sides[0]!.y, { compressed: true });

console.log(`evolis-encode: ${CARDS} one-sided YMCKO cards (1016x648), mean per card`);
for (const [compressed, levels] of [
  [true, 32],
  [false, 32],
  [true, 128],
  [false, 128],
] as const) {
  const r = run(compressed, levels);
  const panels = PANELS.map((p) => `${p} ${r.perPanel[p]}`).join(', ');
  console.log(
    `  ${compressed ? 'Dbc (compressed)  ' : 'Db  (uncompressed)'} ${String(levels).padStart(3)} levels: ${r.bytes.toLocaleString('en')} bytes/card [${panels}], encode mean ${r.meanMs.toFixed(1)} ms/card, p95 ${r.p95Ms.toFixed(1)} ms`,
  );
}
