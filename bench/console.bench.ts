// The console at 80×24 on a fake terminal: render time per update, bytes written per status update
// when one printer's counter changes (target ≤ 300 B), and resident memory after a session that
// scrolls a 100,000-job queue. Startup to first frame and idle CPU are measured on the bundled build.
// Run: npx tsx bench/console.bench.ts
import { FakeConnection } from '../test/ui/fake-connection.js';
import { KEYS, startConsole } from '../test/ui/tty-harness.js';

const UPDATES = 40;

const rss = () => process.memoryUsage().rss / 1024 / 1024;
// Under tsx the loader and its esbuild service cost resident memory too; report it so the console's share shows.
const baselineRssMb = rss();
const connection = new FakeConnection({ jobCount: 100_000 });
const session = startConsole(connection);
await session.ready;
const firstFrameRssMb = rss();

const bytes: number[] = [];
const renderMs: number[] = [];
for (let i = 0; i < UPDATES; i += 1) {
  const rendersBefore = session.renders.length;
  const update = await session.measure(() => {
    const printers = connection.getState().snapshot!.printers;
    connection.pushPatch({ printers: printers.map((p) => (p.id === 'P1' && p.film ? { ...p, film: { ...p.film, remaining: p.film.remaining - 1 } } : p)) });
  });
  bytes.push(Buffer.byteLength(update));
  renderMs.push(...session.renders.slice(rendersBefore));
}

// A working session: every screen, the 100k queue end to end, a job detail with its preview.
await session.press('2', KEYS.pgdn, KEYS.pgdn, 'G', 'g', KEYS.enter);
await session.press(KEYS.esc, '3', '4', '5', '1');
if (global.gc) global.gc();
const rssMb = process.memoryUsage().rss / 1024 / 1024;
const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;

session.events.emit('SIGTERM');
await session.done;

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const p95 = (xs: number[]) => sorted(xs)[Math.ceil(xs.length * 0.95) - 1]!;
const p50 = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
console.log(`console: ${UPDATES} status updates at 80x24 (one printer's film counter changes)`);
console.log(`  bytes per update: mean ${mean(bytes).toFixed(0)} B, max ${Math.max(...bytes)} B (target <= 300 B)`);
console.log(`  render time per update (Ink onRender): median ${p50(renderMs).toFixed(2)} ms, mean ${mean(renderMs).toFixed(2)} ms, p95 ${p95(renderMs).toFixed(2)} ms`);
console.log(`  resident memory after the session (100,000-job queue scrolled, every screen): ${rssMb.toFixed(1)} MB rss, ${baselineRssMb.toFixed(1)} MB before the console loaded, ${firstFrameRssMb.toFixed(1)} MB at the first frame; ${heapMb.toFixed(1)} MB JS heap (target <= 80 MB, measure on the bundled build)`);
console.log(`  load average while measuring: ${(await import('node:os')).loadavg()[0]!.toFixed(2)} on ${(await import('node:os')).cpus().length} cores`);
