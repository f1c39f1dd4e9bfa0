// Bundles the `cetak` command into dist/ so it starts fast: the code and most dependencies in a
// few files (resolving hundreds of small ESM files costs more than parsing them), split so that a
// command loads only what it uses (the console never loads the PDF writer; `status` never loads
// Ink). Native addons and packages that read their own files at run time stay external.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const EXTERNAL = [
  'better-sqlite3',
  'sharp',
  'usb',
  'smartcard',
  'serialport',
  '@serialport/*',
  'pg',
  'pg-native',
  'pdfkit',
  '@expo-google-fonts/*',
  'idn-area-data',
  // Optional peers that Ink and ws only load when asked (devtools, native speed-ups).
  'react-devtools-core',
  'bufferutil',
  'utf-8-validate',
];

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { cetak: 'src/cli/main.ts' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  jsx: 'automatic',
  external: EXTERNAL,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cetakCreateRequire } from 'node:module'; const require = __cetakCreateRequire(import.meta.url);" },
});
