/** Rewrites docs/keys.md from the keymap: `npx tsx ui/keymap/write-keys-doc.ts`. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderKeysDoc } from './render-keys-doc.js';

const target = fileURLToPath(new URL('../../docs/keys.md', import.meta.url));
writeFileSync(target, renderKeysDoc());
process.stdout.write(`wrote ${target}\n`);
