// Bundles the `cetak` command into dist/cetak.js so it starts fast (one file to parse, no TypeScript
// at run time). Native addons and packages that load files relative to themselves stay external.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cetak.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  jsx: 'automatic',
  packages: 'external',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cetakCreateRequire } from 'node:module'; const require = __cetakCreateRequire(import.meta.url);" },
});
