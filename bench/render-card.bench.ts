// Renders one card 200 times with the default layout and prints ms per card (mean and p95).
// Run: npx tsx bench/render-card.bench.ts
import { defaultCardLayout, renderCard } from '../src/station/render/index.js';
import { makeCardRecord, makeFacePhoto, makeSignature } from '../test/fixtures/card-fixtures.js';

const RENDERS = 200;
const layout = defaultCardLayout();
const photo = makeFacePhoto(480, 640);
const signature = makeSignature();

const coldStart = performance.now();
renderCard({ record: makeCardRecord(), photo, signature, layout });
const coldMs = performance.now() - coldStart;

const timesMs: number[] = [];
for (let index = 0; index < RENDERS; index += 1) {
  // A different serial each time, as in a real queue: the glyph cache is warm, the record is not.
  const record = makeCardRecord({ nik: `537101450190${String(index + 1).padStart(4, '0')}` });
  const start = performance.now();
  renderCard({ record, photo, signature, layout });
  timesMs.push(performance.now() - start);
}
timesMs.sort((a, b) => a - b);
const meanMs = timesMs.reduce((sum, value) => sum + value, 0) / timesMs.length;
const p95Ms = timesMs[Math.ceil(timesMs.length * 0.95) - 1]!;
console.log(`render-card: ${RENDERS} renders, mean ${meanMs.toFixed(2)} ms/card, p95 ${p95Ms.toFixed(2)} ms/card, first (cold, fonts loading) ${coldMs.toFixed(1)} ms`);
