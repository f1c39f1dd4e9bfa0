#!/usr/bin/env node
// Thin launcher: the bundled build lives in dist/ (made by `npm ci` through the prepare script).
import('../dist/cetak.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cetak.js')) {
    process.stderr.write('cetak: the build is missing; run `npm run build` (npm ci does it for you)\n');
    process.exit(70);
  }
  throw error;
});
