// Host time per card for the chip part of the encode stage on the virtual stack: GET UID, the
// REFERENCE personaliser (SELECT MF, SELECT file, UPDATE BINARY 128 bytes, READ BINARY), GET UID
// again — through libpcsclite, a private pcscd, vpcd and the project's card emulator. A real chip
// takes ~30 s; this is what cetak itself adds around it. Each card is a new virtual card; the wait
// for pcscd to notice it (its polling) is reported apart, it is not host work. Wall time is mostly
// the stack's round trips (about 45 ms per APDU through pcscd and vpcd here), not this process's CPU.
// Run: npx tsx bench/encode-stage.bench.ts  (needs pcscd + vsmartcard-vpcd, and root for unshare)
import { VirtualCard, VpcdCardEmulator } from '../hardware/smartcard-emulator/index.js';
import { PcscEncoder, ReferencePersonaliser, encodeCard } from '../hardware/smartcard/index.js';
import { startPcscd } from '../test/support/pcscd-server.js';

const CARDS = 40;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

let pcscd;
try {
  pcscd = await startPcscd();
} catch (error) {
  console.log(`encode-stage: not run: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(0);
}
const encoder = new PcscEncoder({ defaultTimeoutMs: 5_000 });
const personaliser = new ReferencePersonaliser({ encoder });
const slot = new VpcdCardEmulator({ port: pcscd.readers[0]!.port });
const reader = pcscd.readers[0]!.name;

async function waitPresent(present: boolean): Promise<void> {
  for (;;) {
    const readers = await encoder.listReaders();
    if (readers.find((r) => r.name === reader)?.cardPresent === present) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const wallMs: number[] = [];
const cpuMs: number[] = [];
const detectMs: number[] = [];
let apdus = 0;
try {
  for (let i = 0; i < CARDS + 3; i++) {
    const uidHex = `04BE0C${i.toString(16).toUpperCase().padStart(8, '0')}`;
    const inserted = performance.now();
    await slot.insert(new VirtualCard({ uidHex }));
    await waitPresent(true);
    const detected = performance.now();
    slot.clearLog();
    const cpu = process.cpuUsage();
    const start = performance.now();
    const result = await encodeCard({ encoder, personaliser, readerName: reader, jobRef: `bench-${i}`, personaliseTimeoutMs: 5_000 });
    const took = performance.now() - start;
    const used = process.cpuUsage(cpu);
    if (result.uidHex !== uidHex) throw new Error(`bench: read ${result.uidHex}, expected ${uidHex}`);
    // The first three warm up the JIT and pcscd's threads.
    if (i >= 3) {
      wallMs.push(took);
      cpuMs.push((used.user + used.system) / 1000);
      detectMs.push(detected - inserted);
      apdus += slot.exchanges.length;
    }
    await slot.remove();
    await waitPresent(false);
  }
} finally {
  await slot.remove();
  await pcscd.stop();
}
for (const list of [wallMs, cpuMs, detectMs]) list.sort((a, b) => a - b);
const mean = (list: readonly number[]) => list.reduce((sum, v) => sum + v, 0) / list.length;
console.log(`encode stage on pcscd + vpcd + card emulator, ${CARDS} cards (UID read, reference personalisation, UID re-read)`);
console.log(`  APDUs per card                 ${(apdus / CARDS).toFixed(1)}`);
console.log(`  wall time per card             mean ${mean(wallMs).toFixed(1)} ms, p50 ${percentile(wallMs, 0.5).toFixed(1)} ms, p95 ${percentile(wallMs, 0.95).toFixed(1)} ms`);
console.log(`  host CPU (this process) / card mean ${mean(cpuMs).toFixed(1)} ms, p95 ${percentile(cpuMs, 0.95).toFixed(1)} ms`);
console.log(`  card noticed by pcscd after    mean ${mean(detectMs).toFixed(0)} ms, p95 ${percentile(detectMs, 0.95).toFixed(0)} ms (vpcd polling; not host work)`);
