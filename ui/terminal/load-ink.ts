import { provideInk } from './ink-runtime.js';

/**
 * Loads Ink with the environment it reads at import time set the way the console needs it.
 *
 * - `CI`: Ink (through `is-in-ci`) renders nothing but the last frame when CI or CONTINUOUS_INTEGRATION
 *   is set, and stops listening for resizes; a full-screen console must not do that, so both are hidden
 *   while Ink loads and restored right after.
 * - Colour depth: chalk decides it once from process.stdout; the console renders to the stdout it is
 *   given and decides colour itself (NO_COLOR, TERM), so chalk is told true colour via FORCE_COLOR and
 *   the theme passes no colours at all when colour is off.
 *
 * Import-time values are cached by the module system: this must run before anything imports `ink`,
 * which is why the console reaches Ink only through ink-runtime's bindings, filled here.
 * `inkLoadedInCiMode` reports whether it was too late.
 */
export async function loadInk(): Promise<typeof import('ink')> {
  const ink = await importInkOutOfCi();
  provideInk(ink);
  return ink;
}

async function importInkOutOfCi(): Promise<typeof import('ink')> {
  const saved = {
    CI: process.env['CI'],
    CONTINUOUS_INTEGRATION: process.env['CONTINUOUS_INTEGRATION'],
    FORCE_COLOR: process.env['FORCE_COLOR'],
  };
  delete process.env['CI'];
  delete process.env['CONTINUOUS_INTEGRATION'];
  process.env['FORCE_COLOR'] = '3';
  try {
    return await import('ink');
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** True when Ink was already loaded with CI set (someone imported it before loadInk ran). */
export async function inkLoadedInCiMode(): Promise<boolean> {
  try {
    const mod = (await import('is-in-ci' as string)) as { default: boolean };
    return mod.default === true;
  } catch {
    return false;
  }
}
