/** Rewrites docs/keys.md and docs/keys.id.md from the keymap: `npx tsx ui/keymap/write-keys-doc.ts`. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderKeysDoc } from './render-keys-doc.js';

for (const [file, language] of [['keys.md', 'en'], ['keys.id.md', 'id']] as const) {
  const target = fileURLToPath(new URL(`../../docs/${file}`, import.meta.url));
  writeFileSync(target, renderKeysDoc(language));
  process.stdout.write(`wrote ${target}\n`);
}
